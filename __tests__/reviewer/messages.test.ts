/**
 * Contract 1.2: every finding's message is one sentence of at most 160 characters; the longer why
 * is in `detail`. Checked on every message the rules produce for the examples, the test fixtures
 * and the real published cards.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseCard } from '../../src/card/parse.js';
import { check } from '../../src/engine.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { loadPolicy } from '../../src/policy/load.js';
import type { Finding } from '../../src/types.js';
import { realCardNames, realCardsDir } from '../helpers/real-cards.js';

const CARD_FILE = /\.(md|ya?ml|json)$/i;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full);
    return CARD_FILE.test(name) && !/policy/i.test(name) ? [full] : [];
  });
}

function findingsOf(files: string[], policy = defaultPolicy()): { file: string; finding: Finding }[] {
  const cards = files.map((file) => parseCard(file, readFileSync(file, 'utf8')));
  const report = check({ cards, policy, today: '2026-12-01' });
  return report.cards.flatMap((c) => c.findings.map((finding) => ({ file: c.path, finding })));
}

/** More than one sentence: a sentence end outside code spans and quotes, followed by more text. */
function sentences(message: string): number {
  const plain = message
    .replace(/`[^`]*`/g, 'X')
    .replace(/"[^"]*"/g, 'Q')
    .replace(/\b(e\.g|i\.e)\./g, 'eg');
  return 1 + (plain.match(/[.?!]\s+\S/g) ?? []).length;
}

const corpora: [string, () => string[]][] = [
  ['examples', () => filesUnder('examples')],
  ['test fixtures', () => filesUnder('__tests__/fixtures')],
  ['real cards', () => realCardNames().map((n) => path.join(realCardsDir(), n))]
];

describe.each(corpora)('messages for the %s', (_name, files) => {
  const found = findingsOf(files());

  test('there are findings to judge', () => {
    expect(found.length).toBeGreaterThan(20);
  });

  test('every message is at most 160 characters', () => {
    const long = found
      .filter(({ finding }) => finding.message.length > 160)
      .map(({ file, finding }) => `${file} ${finding.rule}: ${finding.message}`);
    expect(long).toEqual([]);
  });

  test('every message is one sentence ending in a full stop or question mark', () => {
    const bad = found
      .filter(({ finding }) => sentences(finding.message) !== 1 || !/[.?…]$/.test(finding.message))
      .map(({ file, finding }) => `${file} ${finding.rule}: ${finding.message}`);
    expect(bad).toEqual([]);
  });

  test('details, where given, add to the message rather than repeat it', () => {
    for (const { finding } of found) if (finding.detail !== undefined) expect(finding.detail.trim()).not.toBe(finding.message.trim());
  });
});

test('messages of the policy rules (the example policy, which uses every key) meet the same rule', async () => {
  const policy = await loadPolicy('examples/model-release-policy.yml', 'examples/model-release-policy.yml');
  const files = [
    ...filesUnder('examples'),
    ...filesUnder('__tests__/fixtures'),
    ...realCardNames().map((n) => path.join(realCardsDir(), n))
  ];
  const found = findingsOf(files, policy);
  const rules = new Set(found.map(({ finding }) => finding.rule));
  expect(rules.has('licence-denied')).toBe(true);
  expect(rules.has('access-policy')).toBe(true);
  const bad = found
    .filter(({ finding }) => finding.message.length > 160 || sentences(finding.message) !== 1)
    .map(({ file, finding }) => `${file} ${finding.rule}: ${finding.message}`);
  expect(bad).toEqual([]);
});
