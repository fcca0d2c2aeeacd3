/** Issue 11 §4: a Hub that cannot be reached is said once, the table fills in, and the run does not fail for it. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@jest/globals';
import { lookupAncestry } from '../../src/hub/lookup.js';
import type { ParsedCard } from '../../src/types.js';

const card = (data: Record<string, unknown>): ParsedCard => ({
  path: 'm/README.md',
  format: 'markdown',
  data,
  body: '',
  bodyLine: 1,
  lineCount: 1,
  problems: [],
  locate: () => undefined
});

/** A loopback port nothing listens on: bound, then closed. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

test('every lookup unanswered: one note, naming the fallback', async () => {
  const hubUrl = await closedPort();
  const { facts, notes } = await lookupAncestry([card({ base_model: ['google/gemma-2b', 'acme/other-7b'] })], {
    hubUrl,
    maxRetries: 0,
    sleep: async () => {}
  });
  expect([...facts.values()].every((f) => f.error)).toBe(true);
  expect(notes).toHaveLength(1);
  expect(notes[0]).toMatch(/^The Hugging Face Hub could not be used \(the Hub could not be reached.*built-in table instead\.$/);
});

test('the CLI with --hub-lookup against an unreachable Hub still judges from the table', async () => {
  const hubUrl = await closedPort();
  const dir = mkdtempSync(path.join(tmpdir(), 'mrg-hub-'));
  try {
    writeFileSync(path.join(dir, 'README.md'), '---\nlicense: mit\nbase_model: google/gemma-2b\n---\n# m\n');
    const run = spawnSync(
      process.execPath,
      [path.resolve('dist/cli.js'), 'check', 'README.md', '--format', 'json', '--hub-lookup', '--hub-url', hubUrl],
      { cwd: dir, encoding: 'utf8', env: { ...process.env, HF_TOKEN: '' } }
    );
    const report = JSON.parse(run.stdout);
    expect(report.cards[0].findings.map((f: { rule: string }) => f.rule)).toContain('licence-inherited-conflict');
    const hubNotes = (report.notes ?? []).filter((n: string) => /Hub/.test(n));
    expect(hubNotes).toHaveLength(1);
    expect(hubNotes[0]).toMatch(/built-in table/);
    expect(run.status).toBe(1); // the card's own errors, not the Hub
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
