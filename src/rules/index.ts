/**
 * The registry. Rules are listed in registry.generated.ts, written by scripts/build-rules.mjs from the
 * files in this folder at bundle time: a new rule file is registered by `npm run bundle` (or `npm test`).
 */
import type { Rule } from '../types.js';
import { GENERATED_RULES } from './registry.generated.js';

export const RULES: readonly Rule[] = GENERATED_RULES;

export const RULE_IDS: readonly string[] = RULES.map((rule) => rule.id);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}
