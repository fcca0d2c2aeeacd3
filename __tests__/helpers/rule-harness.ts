/** Runs one rule (or all) over card text through the real parser and engine. */
import { parseCard } from '../../src/card/parse.js';
import { check } from '../../src/engine.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { ruleById } from '../../src/rules/index.js';
import type { Finding, HubFacts, ParsedCard, Policy } from '../../src/types.js';

export interface HarnessOptions {
  path?: string;
  policy?: Policy;
  base?: string;
  hub?: HubFacts;
}

/** Findings of rule `id` alone for a card, as `{rule, line, column}` plus the message. */
export function findingsOf(id: string, text: string, options: HarnessOptions = {}): Finding[] {
  const rule = ruleById(id);
  if (!rule) throw new Error(`no rule ${id}`);
  const path = options.path ?? 'models/m/README.md';
  const card = parseCard(path, text);
  const bases = new Map<string, ParsedCard>();
  if (options.base !== undefined) bases.set(path, parseCard(path, options.base));
  const report = check({
    cards: [card],
    policy: options.policy ?? defaultPolicy(),
    bases,
    hub: options.hub,
    rules: [rule],
    today: '2026-11-24'
  });
  return report.cards[0].findings;
}

/** A card with every default artefact stated, to which tests add or change lines. */
export const COMPLETE_RELEASE = [
  'release:',
  '  access: open',
  '  artefacts:',
  '    weights: { status: released, licence: apache-2.0, location: https://example.org/w }',
  '    training_code: { status: released, licence: Apache-2.0, location: https://example.org/c }',
  '    inference_code: { status: released, licence: Apache-2.0, location: https://example.org/i }',
  '    training_data: { status: withheld, reason: Licensed third-party text. }',
  '    hyperparameters: { status: released, location: configs/train.yaml }'
].join('\n');

/**
 * Findings of rule `id` with `detail` appended to `message`: for tests about what a finding says,
 * wherever the rule puts it (the one-sentence message or the longer detail).
 */
export function findingsWithDetail(id: string, text: string, options: HarnessOptions = {}): Finding[] {
  return findingsOf(id, text, options).map((f) => ({ ...f, message: f.detail ? `${f.message}\n${f.detail}` : f.message }));
}

/** What a finding says in full: its one-sentence message and, after a newline, its detail. */
export function textOf(f: { message: string; detail?: string }): string {
  return f.detail ? `${f.message}\n${f.detail}` : f.message;
}
