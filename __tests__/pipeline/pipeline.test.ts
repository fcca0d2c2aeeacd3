/** The pipeline gives, card by card, exactly what the engine and the renderers give for the whole report. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { discoverCards } from '../../src/card/discover.js';
import { loadCard, loadCards, newReadBudget } from '../../src/card/read.js';
import { check } from '../../src/engine.js';
import { collectReport, runPipeline, type CardSource } from '../../src/pipeline.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { jsonReporter, renderJson } from '../../src/report/json.js';
import type { Sink } from '../../src/report/reporter.js';
import { renderSarif, sarifReporter } from '../../src/report/sarif.js';
import { renderText, textReporter } from '../../src/report/text.js';
import { writeCorpus } from '../../bench/corpus.mjs';

const TODAY = '2025-06-01';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mrg-pipeline-test-'));
  writeCorpus(path.join(dir, 'cards'), 40, 11);
  // Not a card (no front matter), and a broken one.
  mkdirSync(path.join(dir, 'cards', 'docs'), { recursive: true });
  writeFileSync(path.join(dir, 'cards', 'docs', 'README.md'), '# Just docs\n');
  writeFileSync(path.join(dir, 'cards', 'docs', 'MODEL_CARD.md'), '---\nlicense: mit\nlicense: mit\n---\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function sources(): Promise<CardSource[]> {
  const { files } = await discoverCards(dir, undefined, dir);
  const budget = newReadBudget();
  // Reversed: the pipeline puts cards in report-path order itself.
  return files.reverse().map((file) => ({ path: file.reportPath, load: () => loadCard(dir, file, budget) }));
}

async function wholeReport(notes: string[]) {
  const { files } = await discoverCards(dir, undefined, dir);
  const report = check({ cards: await loadCards(dir, files), policy: defaultPolicy(), today: TODAY });
  if (notes.length > 0) report.notes = notes;
  return report;
}

describe('runPipeline', () => {
  test('every reporter gets the cards in path order and writes the bytes the whole-report renderers write', async () => {
    const notes = ['A note from the command line.'];
    const out = { json: [] as string[], text: [] as string[], sarif: [] as string[] };
    const sink =
      (parts: string[]): Sink =>
      (chunk) =>
        void parts.push(chunk);
    const collected = collectReport();
    const totals = await runPipeline({ cards: await sources(), policy: defaultPolicy(), today: TODAY, notes }, [
      collected.reporter,
      jsonReporter(sink(out.json), {}),
      textReporter(sink(out.text), {}),
      sarifReporter(sink(out.sarif), {})
    ]);
    const expected = await wholeReport(notes);
    expect(totals.summary).toEqual(expected.summary);
    expect(totals.summary.cards).toBe(41);
    expect(collected.report()).toEqual(expected);
    expect(out.json.join('')).toBe(renderJson(expected));
    expect(out.text.join('')).toBe(renderText(expected));
    expect(JSON.parse(out.sarif.join(''))).toEqual(renderSarif(expected));
    // Streamed: one text chunk per card, then the verdict.
    expect(out.text).toHaveLength(42);
  });

  test('no cards: an empty report, still valid JSON', async () => {
    const parts: string[] = [];
    const totals = await runPipeline({ cards: [], policy: defaultPolicy(), today: TODAY }, [jsonReporter((c) => void parts.push(c), {})]);
    expect(totals.result).toBe('pass');
    expect(parts.join('')).toBe(renderJson({ version: 1, result: 'pass', summary: totals.summary, cards: [] }));
    expect(JSON.parse(parts.join(''))).toMatchObject({ cards: [] });
  });
});
