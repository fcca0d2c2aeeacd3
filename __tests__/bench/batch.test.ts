/**
 * The streaming batch pipeline gives the same report as the engine over all cards at once, in
 * this thread and with worker threads in a bundled ESM file.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { build } from 'esbuild';
import { checkFilesStreaming, JsonReportSpool, textTail } from '../../src/batch.js';
import { discoverCards } from '../../src/card/discover.js';
import { loadCards } from '../../src/card/read.js';
import { check } from '../../src/engine.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { renderJson } from '../../src/report/json.js';
import { renderText } from '../../src/report/text.js';
import type { CardReport } from '../../src/types.js';
import { writeCorpus } from '../../bench/corpus.mjs';

const TODAY = '2025-06-01';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mrg-batch-test-'));
  writeCorpus(path.join(dir, 'cards'), 60, 11);
  // Not a card (no front matter), and a broken one.
  mkdirSync(path.join(dir, 'cards', 'docs'), { recursive: true });
  writeFileSync(path.join(dir, 'cards', 'docs', 'README.md'), '# Just docs\n');
  writeFileSync(path.join(dir, 'cards', 'docs', 'MODEL_CARD.md'), '---\nlicense: mit\nlicense: mit\n---\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function expected(): Promise<string> {
  const discovery = await discoverCards(dir, undefined, dir);
  const cards = await loadCards(dir, discovery.files);
  const policy = defaultPolicy();
  const report = check({ cards, policy, today: TODAY });
  return renderJson(report);
}

async function collect(stream: PassThrough): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

describe('checkFilesStreaming', () => {
  it('streams the same card reports, in path order, and the same JSON report bytes as the engine', async () => {
    const discovery = await discoverCards(dir, undefined, dir);
    const seen: CardReport[] = [];
    const spool = new JsonReportSpool();
    const result = await checkFilesStreaming({
      root: dir,
      files: [...discovery.files].reverse(),
      policy: defaultPolicy(),
      today: TODAY,
      workers: 0,
      concurrency: 3,
      onCard: (card) => {
        seen.push(card);
        spool.add(card);
      }
    });
    expect(seen.map((c) => c.path)).toEqual([...seen.map((c) => c.path)].sort());
    expect(result.cards).toBe(61);
    const out = new PassThrough();
    const text = collect(out);
    await spool.finish(result, out);
    out.end();
    expect(await text).toBe(await expected());
  });

  it('streams the same text report, card by card, as renderText of the whole report', async () => {
    const discovery = await discoverCards(dir, undefined, dir);
    const parts: string[] = [];
    const result = await checkFilesStreaming({ root: dir, files: discovery.files, policy: defaultPolicy(), today: TODAY, onCardText: (text) => void parts.push(text) });
    const notes = ['A note from the command line.'];
    parts.push(textTail(result, notes));
    const cards = await loadCards(dir, discovery.files);
    const report = check({ cards, policy: defaultPolicy(), today: TODAY });
    report.notes = notes;
    expect(parts.join('')).toBe(renderText(report));
  });

  it('uses worker threads from a bundled ESM file and writes the same report', async () => {
    const outfile = path.join(dir, 'batch-cli.js');
    await build({
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      logLevel: 'warning',
      banner: { js: "import { createRequire as __mrgCreateRequire } from 'node:module'; const require = __mrgCreateRequire(import.meta.url);" },
      entryPoints: [path.join(process.cwd(), 'bench', 'batch-cli.ts')],
      outfile
    });
    const run = (workers: string): string => {
      const child = spawnSync(process.execPath, [outfile, 'check', 'cards', '--format', 'json'], {
        cwd: dir,
        env: { ...process.env, MRG_WORKERS: workers, NODE_OPTIONS: '' },
        encoding: 'utf8'
      });
      expect(child.stderr).toBe('');
      expect(child.status).toBe(1);
      return child.stdout;
    };
    const single = run('0');
    const parallel = run('2');
    expect(parallel).toBe(single);
    expect(JSON.parse(single).summary.cards).toBe(61);
  });
});
