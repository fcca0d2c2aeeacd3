/**
 * End to end: the bundled CLI with --hub-lookup asks a local Hub (127.0.0.1) for a card's training
 * dataset, and the licence rules see the dataset's non-commercial licence. Needs `npm run bundle`.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeHub } from './hub-server.js';
import { textOf } from '../helpers/rule-harness.js';

const CLI = path.join(process.cwd(), 'dist', 'cli.js');
const CARD = `---
license: apache-2.0
datasets:
  - org/nc-data
release:
  access: open
  artefacts:
    weights: { status: released, licence: apache-2.0, location: https://example.org/w }
    training_code: { status: released, licence: apache-2.0, location: https://example.org/c }
    inference_code: { status: released, licence: apache-2.0, location: https://example.org/c }
    training_data: { status: withheld, reason: Private. }
    hyperparameters: { status: released, location: https://example.org/h }
---

# A model trained on a non-commercial dataset
`;

interface Finding {
  rule: string;
  severity: string;
  message: string;
  line: number;
  column: number;
}

let hub: FakeHub;
let hubUrl: string;
let dir: string;

beforeAll(async () => {
  hub = new FakeHub().dataset('org/nc-data', { license: 'cc-by-nc-4.0' }, { tags: ['license:cc-by-nc-4.0'] });
  hubUrl = await hub.start();
  dir = mkdtempSync(path.join(tmpdir(), 'mrg-hub-'));
  mkdirSync(path.join(dir, 'm'));
  writeFileSync(path.join(dir, 'm', 'README.md'), CARD);
});
afterAll(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Asynchronous, so the server in this process can answer the CLI. */
function check(extra: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run bundle` first.');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, 'check', 'm/README.md', '--format', 'json', ...extra],
      { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = (error as { code?: unknown } | null)?.code;
        resolve({ status: error ? (typeof code === 'number' ? code : null) : 0, stdout, stderr });
      }
    );
  });
}

function findings(stdout: string): Finding[] {
  return (JSON.parse(stdout) as { cards: { findings: Finding[] }[] }).cards[0].findings.filter((f) => f.severity !== 'notice');
}

test('without --hub-lookup the dataset is not asked about and its licence is unknown', async () => {
  const run = await check(['--hub-url', hubUrl]);
  expect(hub.requests).toEqual([]);
  expect(run.status).toBe(0);
  expect(findings(run.stdout)).toEqual([]);
});

test('with --hub-lookup a cc-by-nc-4.0 dataset under an apache-2.0 model is a conflict and a non-commercial limit', async () => {
  const run = await check(['--hub-lookup', '--hub-url', hubUrl]);
  expect(hub.requests.map((r) => r.rawPath)).toEqual(['/api/datasets/org/nc-data']);
  expect(run.status).toBe(1);
  const found = findings(run.stdout);
  expect(found.map((f) => `${f.rule}:${f.severity}@${f.line}:${f.column}`)).toEqual([
    'licence-inherited-conflict:error@2:1',
    'licence-non-commercial:warning@3:1'
  ]);
  for (const f of found) {
    expect(textOf(f)).toContain('`org/nc-data`');
    expect(textOf(f)).toContain('cc-by-nc-4.0');
  }
  expect((JSON.parse(run.stdout) as { notes?: string[] }).notes ?? []).toEqual([]);
});
