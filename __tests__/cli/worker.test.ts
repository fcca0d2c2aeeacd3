/**
 * Large runs of the bundled CLI check in a worker thread (src/cli-worker.ts). The worker must be
 * invisible in the output: same bytes, same exit code, same stderr as the main thread; it must
 * really run (and really collect) when the run is large; and the runs that keep cards in memory
 * anyway stay on the main thread. MRG_WORKER_MIN_CARDS moves the threshold so that small
 * workspaces exercise both paths.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { heapCollector, workerMinCards, WORKER_MIN_CARDS } from '../../src/cli-worker.js';
import { CLI, goodCard, removeWorkspace, requireBundle, runCli, workspace } from './harness.js';

const REPO = process.cwd();
const DETERMINISTIC = { SOURCE_DATE_EPOCH: '1767225600', MRG_BOM_SERIAL: '00000000-0000-4000-8000-000000000000' };
const MAIN = { MRG_WORKER_MIN_CARDS: '0' };
const WORKER = { MRG_WORKER_MIN_CARDS: '1' };

/** Cards of every kind the gate meets: passing, failing, broken, CRLF, BOM, YAML and JSON cards. */
function mixedWorkspace(): string {
  const files: Record<string, string | Buffer> = {
    'good/README.md': goodCard(),
    'crlf/README.md': goodCard('mit').replace(/\n/g, '\r\n'),
    'bom/README.md': `\ufeff${goodCard('llama3', 'gated')}`,
    'gated/README.md': '---\nlicense: apache-2.0\nrelease:\n  access: gated\n---\n# Gated\n',
    'none/README.md': '# No front matter at all\n',
    'open/README.md': '---\nlicense: mit\nrelease:\n  access: open\n  artefacts:\n    weights: {status: released\n---\n',
    'unclosed/README.md': '---\nlicense: mit\n',
    'rail/README.md': '---\nlicense: openrail\nbase_model: stabilityai/stable-diffusion-2\n---\nA LoRA, licensed under the MIT licence.\n',
    'yaml/model-card.yaml': 'license: gemma\nbase_model: google/gemma-2-9b\nrelease:\n  access: open\n',
    'json/model-card.json': '{"license": "cc-by-nc-4.0", "release": {"access": "research-only"}}',
    'binary/README.md': Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x41])
  };
  for (let i = 0; i < 12; i++) files[`many/m${String(i).padStart(2, '0')}/README.md`] = goodCard(i % 2 ? 'apache-2.0' : 'llama3.1');
  return workspace(files);
}

/** Runs `node [nodeArgs] dist/cli.js args` and returns stdout, stderr and status. */
function runNode(nodeArgs: string[], args: string[], cwd: string, env: Record<string, string>) {
  requireBundle();
  return spawnSync(process.execPath, [...nodeArgs, CLI, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 60_000
  });
}

/** What `--trace-gc` says of the run: the isolates seen, and which released memory on request. */
function gcTrace(stdout: string): { isolates: string[]; reducedBy: Set<string> } {
  const isolates: string[] = [];
  const reducedBy = new Set<string>();
  for (const line of stdout.split('\n')) {
    const match = /^\[\d+:(0x[0-9a-f]+)\]/.exec(line);
    if (!match) continue;
    if (!isolates.includes(match[1])) isolates.push(match[1]);
    if (line.includes('Mark-Compact (reduce)') && line.includes('testing')) reducedBy.add(match[1]);
  }
  return { isolates, reducedBy };
}

describe('the worker threshold', () => {
  test('defaults to WORKER_MIN_CARDS; MRG_WORKER_MIN_CARDS overrides it with a whole number only', () => {
    expect(workerMinCards({})).toBe(WORKER_MIN_CARDS);
    expect(workerMinCards({ MRG_WORKER_MIN_CARDS: '0' })).toBe(0);
    expect(workerMinCards({ MRG_WORKER_MIN_CARDS: '25' })).toBe(25);
    for (const bad of ['', '-1', '1e3', 'lots', ' 5', '12345678901'])
      expect(workerMinCards({ MRG_WORKER_MIN_CARDS: bad })).toBe(WORKER_MIN_CARDS);
  });
});

describe("the worker's collection", () => {
  test('runs when the heap has grown by the slack since the last collection, looked at every few cards', () => {
    let heap = 100;
    const runs: number[] = [];
    const after = heapCollector(
      () => {
        runs.push(heap);
        heap = 110;
      },
      () => heap,
      4,
      50
    );
    const grow = [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10];
    grow.forEach((g) => {
      heap += g;
      after();
    });
    // Looked at after cards 4, 8, 12: 140 (< 150), 180 (collect, floor 110), 150 (< 160).
    expect(runs).toEqual([180]);
  });

  test('does nothing where the collector is not exposed', () => {
    let looked = 0;
    const after = heapCollector(undefined, () => ++looked);
    for (let i = 0; i < 100; i++) after();
    expect(looked).toBe(0);
  });
});

describe('a run handed to the worker', () => {
  let dir: string;
  beforeAll(() => {
    dir = mixedWorkspace();
  });
  afterAll(() => removeWorkspace(dir));

  const variants: string[][] = [
    ['--format', 'text'],
    ['--format', 'text', '--verbose'],
    ['--format', 'json'],
    ['--format', 'sarif'],
    ['--format', 'markdown'],
    ['--format', 'cyclonedx'],
    ['--format', 'spdx'],
    ['--format', 'mot'],
    ['--format', 'json', '--fail-on', 'never'],
    ['--format', 'text', '--fail-on', 'warning', '--policy', path.join(REPO, 'examples', 'model-release-policy.yml')]
  ];
  test.each(variants)('writes the same bytes, stderr and exit code as the main thread: %s %s', (...args) => {
    const onMain = runCli(['check', '.', ...args], dir, { ...DETERMINISTIC, ...MAIN });
    const inWorker = runCli(['check', '.', ...args], dir, { ...DETERMINISTIC, ...WORKER });
    expect(onMain.stdout.length).toBeGreaterThan(200);
    expect(inWorker.stdout).toBe(onMain.stdout);
    expect(inWorker.stderr).toBe(onMain.stderr);
    expect(inWorker.status).toBe(onMain.status);
  });

  test('passes with exit 0 when every card passes, as on the main thread', () => {
    const passing = workspace({ 'a/README.md': goodCard(), 'b/README.md': goodCard('mit') });
    try {
      const run = runCli(['check', '.'], passing, WORKER);
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('PASS');
      expect(run.stdout).toBe(runCli(['check', '.'], passing, MAIN).stdout);
    } finally {
      removeWorkspace(passing);
    }
  });

  test('never prints the Hugging Face token, as on the main thread', () => {
    const token = 'hf_worker_secret_token_value';
    const secret = workspace({ [`${token}/README.md`]: goodCard() });
    try {
      const run = runCli(['check', '.', '--format', 'json'], secret, { ...WORKER, HF_TOKEN: token });
      expect(run.stdout).toContain('[redacted]');
      expect(run.stdout + run.stderr).not.toContain(token);
    } finally {
      removeWorkspace(secret);
    }
  });

  test('--fix mends the cards once, on the main thread, and the worker reports what is left', () => {
    const card = '---\nlicense: Apache-2.0\nrelease:\n  access: open\n---\n';
    const fixed = workspace({ 'a/README.md': card, 'b/README.md': card });
    const reference = workspace({ 'a/README.md': card, 'b/README.md': card });
    try {
      const inWorker = runCli(['check', '.', '--fix', '--format', 'json'], fixed, WORKER);
      const onMain = runCli(['check', '.', '--fix', '--format', 'json'], reference, MAIN);
      expect(readFileSync(path.join(fixed, 'a/README.md'), 'utf8')).toBe(readFileSync(path.join(reference, 'a/README.md'), 'utf8'));
      expect(readFileSync(path.join(fixed, 'a/README.md'), 'utf8')).not.toBe(card);
      expect(inWorker.stdout).toBe(onMain.stdout);
      expect(inWorker.status).toBe(onMain.status);
    } finally {
      removeWorkspace(fixed);
      removeWorkspace(reference);
    }
  });
});

describe('when the worker runs', () => {
  let dir: string;
  beforeAll(() => {
    // Past the 500-card collection period, small enough to stay quick.
    const files: Record<string, string> = {};
    for (let i = 0; i < 520; i++) files[`c${String(i).padStart(3, '0')}/README.md`] = goodCard(i % 3 ? 'mit' : 'apache-2.0');
    dir = workspace(files);
  });
  afterAll(() => removeWorkspace(dir));

  test('a large run is checked by a second isolate; the main one, which then only waits, releases its memory first', () => {
    const run = runNode(['--trace-gc'], ['check', '.', '--format', 'json'], dir, WORKER);
    expect(run.status).toBe(0);
    const { isolates, reducedBy } = gcTrace(run.stdout);
    expect(isolates.length).toBe(2);
    expect([...reducedBy]).toEqual([isolates[0]]);
    expect(run.stdout).toMatch(/"cards": 520,/);
  });

  test('below the threshold, and for runs that keep cards in memory, nothing is handed over', () => {
    const small = runNode(['--trace-gc'], ['check', '.', '--format', 'json'], dir, MAIN);
    expect(gcTrace(small.stdout).isolates.length).toBe(1);
    expect(gcTrace(small.stdout).reducedBy.size).toBe(0);
    const base = workspace({ 'c000/README.md': goodCard() });
    try {
      const withBase = runNode(['--trace-gc'], ['check', '.', '--base', base, '--format', 'json'], dir, WORKER);
      expect(withBase.status).toBe(0);
      expect(gcTrace(withBase.stdout).isolates.length).toBe(1);
    } finally {
      removeWorkspace(base);
    }
  });

  test('a reader that stops early ends the run quietly (no stack trace), as on the main thread', async () => {
    const ended = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'check', '.', '--format', 'text', '--verbose'], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...WORKER }
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(ended.stderr).toBe('');
    expect(ended.code).toBe(1);
  });

  // /dev/full (Linux) refuses every write with ENOSPC.
  (existsSync('/dev/full') ? test : test.skip)(
    'an output that cannot be written (/dev/full) is one line and exit 2, on either thread',
    () => {
      for (const env of [MAIN, WORKER]) {
        const full = openSync('/dev/full', 'w');
        try {
          const run = spawnSync(process.execPath, [CLI, 'check', '.', '--format', 'json'], {
            cwd: dir,
            env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
            stdio: ['ignore', full, 'pipe'],
            encoding: 'utf8',
            timeout: 60_000
          });
          expect(run.status).toBe(2);
          expect(run.stderr).toMatch(/^model-release-gate: cannot write the output: ENOSPC[^\n]*\n$/);
        } finally {
          closeSync(full);
        }
      }
    }
  );

  test('usage errors are still reported before any worker starts', () => {
    const run = runCli(['check', '.', '--format', 'yaml'], dir, WORKER);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--format must be one of/);
    const policy = path.join(dir, 'bad-policy.yml');
    writeFileSync(policy, 'licences: [\n');
    const bad = runCli(['check', '.', '--policy', policy], dir, WORKER);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
  });
});
