/** Runs the bundled CLI for the release records and parses what it writes. */
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO, runCli, type Run } from '../cli/harness.js';
import { realCardsDir } from '../helpers/real-cards.js';

export const FORMATS = ['cyclonedx', 'spdx', 'mot'] as const;
export type Format = (typeof FORMATS)[number];

/** Pins the creation time and the serial number, so that output can be compared byte for byte. */
export const FIXED_ENV = { SOURCE_DATE_EPOCH: '1767225600', MRG_BOM_SERIAL: '6f1c1f3e-5b1a-4c39-9a57-0c2f4e8d9b10' };

export function runRecord(format: Format, args: string[], cwd: string, env: Record<string, string> = FIXED_ENV): Run {
  return runCli(['check', ...args, '--format', format], cwd, env);
}

/** The documents of a record: one JSON document, or one YAML document per card (MOT). */
export function parseRecord(format: Format, text: string): Record<string, unknown>[] {
  if (format !== 'mot') return [JSON.parse(text) as Record<string, unknown>];
  return parseAllDocuments(text).map((doc) => {
    if (!('toJSON' in doc) || doc.errors.length > 0) throw new Error(`MOT output does not parse: ${text.slice(0, 200)}`);
    return doc.toJSON() as Record<string, unknown>;
  });
}

export { realCardsDir };

/** A temporary copy of the real cards, each named explicitly on the command line (so each is a card). */
export function copyRealCards(): { dir: string; files: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'mrg-real-'));
  cpSync(realCardsDir(), dir, { recursive: true });
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.md') || f.endsWith('.yaml') || f.endsWith('.yml') || f.endsWith('.json'))
    .sort();
  return { dir, files };
}

export { REPO };
