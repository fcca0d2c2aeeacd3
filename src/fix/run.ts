/**
 * `check --fix`: applies every finding's fix to its card in place, pass after pass until nothing
 * changes (ESLint's loop), then the caller checks the cards again and reports what is left. A pass
 * whose result would not parse as cleanly as the card did is not written.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseCard } from '../card/parse.js';
import { loadCard, newReadBudget, type CardFile } from '../card/read.js';
import { check } from '../engine.js';
import type { Fix, HubFacts, Policy } from '../types.js';
import { applyFixes } from './apply.js';

/** ESLint stops after 10 passes too: fixes that undo each other must not loop forever. */
export const MAX_PASSES = 10;

export interface FixOutcome {
  /** Report paths of the cards that were rewritten, with the number of fixes applied to each. */
  fixed: { path: string; fixes: number }[];
  notes: string[];
}

export interface FixOptions {
  policy: Policy;
  hub?: HubFacts;
  today?: string;
}

export async function fixCards(files: (CardFile & { root?: string })[], root: string, options: FixOptions): Promise<FixOutcome> {
  const outcome: FixOutcome = { fixed: [], notes: [] };
  for (const file of files) {
    let total = 0;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const card = await loadCard(file.root ?? root, file, newReadBudget());
      if (!card || card.source === undefined) break;
      const report = check({ cards: [card], policy: options.policy, hub: options.hub, today: options.today });
      const fixes: Fix[] = report.cards[0].findings.flatMap((f) => (f.fix && !f.waived ? [f.fix] : []));
      if (fixes.length === 0) break;
      const raw = await storedText(file.absolute, card.source);
      if (raw === undefined) break;
      const result = applyFixes(raw, fixes);
      if (result.applied === 0 || result.text === raw) break;
      const after = parseCard(file.reportPath, result.text, card.format);
      if (after.problems.length > card.problems.length) {
        outcome.notes.push(`The fixes for ${file.reportPath} would have left its metadata unreadable, so they were not applied.`);
        break;
      }
      await writeFile(file.absolute, result.text, 'utf8');
      total += result.applied;
    }
    if (total > 0) outcome.fixed.push({ path: file.reportPath, fixes: total });
  }
  return outcome;
}

/**
 * The card's text as stored (with its BOM, if any), or undefined when it is no longer what was parsed
 * (changed meanwhile): fixes are applied to exactly the bytes they were computed from.
 */
export async function storedText(file: string, source: string): Promise<string | undefined> {
  const raw = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(file));
  return (raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw) === source ? raw : undefined;
}

/** What --fix did, as notes for the report. */
export function fixNotes(outcome: FixOutcome): string[] {
  const done = outcome.fixed.map((f) => `--fix applied ${f.fixes} fix${f.fixes === 1 ? '' : 'es'} to ${f.path}.`);
  return [...done, ...outcome.notes];
}
