/** A rule is a plain object; this helper only gives it a type and a docs URL. */
import type { Rule } from '../types.js';

export const DOCS_BASE = 'https://github.com/model-release-gate/model-release-gate/blob/main/docs/rules/';

export function docsUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}

export function createRule(rule: Rule): Rule {
  return rule;
}
