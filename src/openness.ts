/** PLACEHOLDER: owned by the access/openness helper, replaced before commit. */
import type { OpennessResult } from './types.js';

export function classifyOpenness(_meta: Record<string, unknown>): OpennessResult {
  return { class: 'none', missingForNext: [], conditional: [] };
}
