/**
 * Renderers over hostile reports: whatever the card (and its file name) says, the PR comment has no
 * HTML but our own, pings nobody, loads no image and links nowhere dangerous; the text output never
 * begins a workflow command; JSON and SARIF stay valid; everything is deterministic.
 */
import fc from 'fast-check';
import { parseCard } from '../../src/card/parse.js';
import { check } from '../../src/engine.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import * as jsonModule from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderSarif } from '../../src/report/sarif.js';
import * as textModule from '../../src/report/text.js';
import type { Report } from '../../src/types.js';
import { markdownFacts, PINGING_MENTION } from '../security/markdown-check.js';
import { cardPath, cardText, hostileString, lineOk } from './arbitraries.js';

const RUNS = { numRuns: 100 };

/** The module's render function whatever its exact name (renderText / renderJson / …). */
function renderer(module: Record<string, unknown>, preferred: string): (report: Report) => unknown {
  const fn = module[preferred] ?? Object.values(module).find((v) => typeof v === 'function');
  if (typeof fn !== 'function') throw new Error(`no render function exported (expected ${preferred})`);
  return fn as (report: Report) => unknown;
}
const renderText = renderer(textModule as Record<string, unknown>, 'renderText');
const renderJson = renderer(jsonModule as Record<string, unknown>, 'renderJson');

/** Our own HTML: the details/summary wrapper, line breaks and the hidden marker comment. */
const OUR_HTML = /^(?:\s*(?:<\/?details(?: open)?>|<summary>|<\/summary>|<br\s*\/?>|<!--[^<>]*-->|<\/?(?:sub|sup|b)>))+\s*$/;
const SAFE_TEXT_IN_SUMMARY = /^(?:[^<>]|<\/?(?:summary|details|b|sub|sup)>)*$/;

const reportFor = (paths: string[], texts: string[]): { report: Report; lineCounts: Map<string, number> } => {
  const cards = texts.map((text, i) => parseCard(`${i}-${paths[i % paths.length]}`, text));
  const report = check({ cards, policy: defaultPolicy(), today: '2026-01-01' });
  return { report, lineCounts: new Map(cards.map((c) => [c.path, c.lineCount])) };
};

const hostileReport = fc
  .tuple(
    fc.array(cardPath, { minLength: 1, maxLength: 3 }),
    fc.array(cardText, { minLength: 1, maxLength: 3 }),
    fc.array(hostileString, { maxLength: 3 })
  )
  .map(([paths, texts, notes]) => {
    const built = reportFor(paths, texts);
    if (notes.length > 0) built.report.notes = notes;
    return built;
  });

describe('renderMarkdown (property)', () => {
  it('keeps card text inert: only our HTML, no pings, no images, no script links', () => {
    fc.assert(
      fc.property(hostileReport, fc.array(hostileString, { maxLength: 2 }), ({ report }, extraNotes) => {
        const options = { linkBase: 'https://github.com/o/r/blob/0123456789abcdef0123456789abcdef01234567/', notes: extraNotes };
        const markdown = renderMarkdown(report, options);
        expect(renderMarkdown(report, options)).toBe(markdown);
        const facts = markdownFacts(markdown);
        for (const html of facts.html) {
          expect(html.split('\n').every((line) => OUR_HTML.test(line) || (/<summary>/.test(line) && SAFE_TEXT_IN_SUMMARY.test(line)))).toBe(
            true
          );
          expect(html).not.toMatch(/onerror|<script|<img|@everyone/i);
        }
        for (const text of facts.text) expect(text).not.toMatch(PINGING_MENTION);
        expect(facts.images).toEqual([]);
        for (const url of facts.links) expect(url).not.toMatch(/^\s*(?:javascript|data|vbscript):/i);
        expect(facts.links.some((url) => url.includes('tracker.evil.example'))).toBe(false);
        expect(markdown).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B\u0000\u001B]/);
      }),
      RUNS
    );
  });
});

describe('text, JSON and SARIF renderers (property)', () => {
  it('never begin a workflow command, stay valid and deterministic, and keep lines inside the file', () => {
    fc.assert(
      fc.property(hostileReport, ({ report, lineCounts }) => {
        const text = String(renderText(report));
        expect(String(renderText(report))).toBe(text);
        for (const line of text.split(/\r\n|[\r\n\u2028\u2029\u0085]/)) expect(line.trimStart()).not.toMatch(/^(::|##\[)/);
        expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u0000\u001B]/);

        const json = renderJson(report);
        const jsonText = typeof json === 'string' ? json : JSON.stringify(json);
        const parsed = JSON.parse(jsonText) as Report;
        expect(parsed.result).toBe(report.result);
        expect(parsed.summary).toMatchObject({
          cards: report.summary.cards,
          errors: report.summary.errors,
          warnings: report.summary.warnings
        });
        const again = renderJson(report);
        expect(typeof again === 'string' ? again : JSON.stringify(again)).toBe(jsonText);

        const sarif = renderSarif(report) as {
          runs: {
            results: { locations?: { physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }[] }[];
          }[];
        };
        expect(JSON.stringify(renderSarif(report))).toBe(JSON.stringify(sarif));
        for (const result of sarif.runs[0].results) {
          for (const location of result.locations ?? []) {
            const line = location.physicalLocation?.region?.startLine;
            if (line !== undefined) expect(line).toBeGreaterThanOrEqual(1);
          }
        }
        for (const card of report.cards) for (const f of card.findings) expect(lineOk(f.line, lineCounts.get(card.path) ?? 1)).toBe(true);
      }),
      RUNS
    );
  });
});
