/**
 * The reporters that cannot write as cards come (SARIF: rules and notes first; markdown: the most
 * important cards first) hold little per card and still write what a whole-report rendering writes.
 */
import { parseCard } from '../../src/card/parse.js';
import { check } from '../../src/engine.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { markdownReporter, renderMarkdown, wholeCardsFor } from '../../src/report/markdown.js';
import { renderWith } from '../../src/report/reporter.js';
import { sarifReporter } from '../../src/report/sarif.js';
import type { Report } from '../../src/types.js';

/** Cards of varied importance: passing, warnings only, and up to several errors. */
function corpus(n: number): Report {
  const texts = [
    '---\nlicense: apache-2.0\nrelease:\n  access: open\n  artefacts:\n    weights: { status: released, licence: apache-2.0, location: https://e.org/w }\n    training_code: { status: released, licence: apache-2.0, location: https://e.org/c }\n    inference_code: { status: released, licence: apache-2.0, location: https://e.org/c }\n    training_data: { status: withheld, reason: Private. }\n    hyperparameters: { status: released, location: https://e.org/h }\n---\n',
    '---\nlicense: llama3.1\nbase_model: meta-llama/Llama-3.1-8B\n---\n# A fine-tune\n',
    '---\nlicense: mit\nbase_model: stabilityai/stable-diffusion-2\nrelease:\n  access: gated\n---\n',
    '# No front matter\n',
    '---\nlicense: other\nlicense_name: custom\n---\nBased on Llama 2.\n'
  ];
  const cards = Array.from({ length: n }, (_, i) => parseCard(`m${String(i).padStart(4, '0')}/README.md`, texts[(i * 7) % texts.length]));
  return check({
    cards,
    policy: defaultPolicy(),
    today: '2026-01-01',
    notes: ['A note about the run.']
  } as Parameters<typeof check>[0]);
}

describe('SARIF, spooled per result', () => {
  test.each([0, 1, 40])('writes the bytes of JSON.stringify(document, null, 2) for %i cards', (n) => {
    const out = renderWith(sarifReporter, corpus(n), {});
    const document = JSON.parse(out) as { runs: { results: unknown[] }[] };
    expect(out).toBe(`${JSON.stringify(document, null, 2)}\n`);
    expect(document.runs[0].results.length).toBe(corpus(n).cards.reduce((sum, c) => sum + c.findings.length, 0));
    if (n === 40) expect(document.runs[0].results.length).toBeGreaterThan(100);
  });

  test('keeps text outside the ASCII range whole', () => {
    const report = check({
      cards: [parseCard('ü/README.md', '---\nlicense: “mit”\n---\n')],
      policy: defaultPolicy(),
      today: '2026-01-01'
    });
    const out = renderWith(sarifReporter, report, {});
    expect(out).toContain('“mit”');
    expect(() => JSON.parse(out) as unknown).not.toThrow();
  });
});

describe('markdown, with light reports past the few cards a comment can show', () => {
  // maxLength 3,000 keeps 51 whole reports: 400 cards make the reporter lighten most of them.
  test.each([3_000, 12_000])('writes what the whole report renders (maxLength %i)', (maxLength) => {
    const report = corpus(400);
    const streamed = renderWith(markdownReporter, report, { maxLength });
    expect(streamed).toBe(renderMarkdown(report, { maxLength }));
    expect(streamed).toMatch(/not shown here/);
  });

  test('400 cards are enough to lighten at 3,000 characters (the path above is exercised)', () => {
    expect(400).toBeGreaterThanOrEqual(2 * wholeCardsFor(3_000));
    expect(wholeCardsFor(65_000)).toBeLessThan(1_200);
  });
});
