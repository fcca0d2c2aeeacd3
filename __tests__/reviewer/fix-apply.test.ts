/** Applying fixes (contract 1.6): whole lines, every other byte kept, overlaps left for the next pass. */
import { applyFixes } from '../../src/fix/apply.js';
import { parseCard } from '../../src/card/parse.js';
import { check } from '../../src/engine.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { suggestionBlock } from '../../src/github/review.js';

const fixesOf = (path: string, text: string) =>
  check({ cards: [parseCard(path, text)], policy: defaultPolicy(), today: '2026-12-01' }).cards[0].findings.flatMap((f) =>
    f.fix ? [{ rule: f.rule, fix: f.fix }] : []
  );

describe('applyFixes', () => {
  test('replaces and inserts lines, bottom up, keeping the rest', () => {
    const text = 'a\nb\nc\n';
    expect(
      applyFixes(text, [
        { line: 2, endLine: 2, text: 'B\n' },
        { line: 1, endLine: 0, text: 'top\n' }
      ]).text
    ).toBe('top\na\nB\nc\n');
  });

  test('CRLF files get CRLF, a BOM stays, a last line without newline stays without one', () => {
    const text = '\ufeffx: 1\r\ny: 2';
    const out = applyFixes(text, [
      { line: 2, endLine: 2, text: 'y: 3\n' },
      { line: 1, endLine: 0, text: 'w: 0\nv: 0\n' }
    ]);
    expect(out.text).toBe('\ufeffw: 0\r\nv: 0\r\nx: 1\r\ny: 3');
  });

  test('an insertion at the end of a file that ends with a newline keeps the newline', () => {
    expect(applyFixes('a: 1\n', [{ line: 2, endLine: 2, text: 'b: 2\n' }]).text).toBe('a: 1\nb: 2\n');
  });

  test('identical fixes count once; overlapping ones wait for the next pass; bad ranges are ignored', () => {
    const fix = { line: 1, endLine: 1, text: 'A\n' };
    expect(applyFixes('a\nb\n', [fix, { ...fix }])).toEqual({ text: 'A\nb\n', applied: 1, skipped: 0 });
    expect(applyFixes('a\nb\n', [fix, { line: 1, endLine: 2, text: 'X\n' }])).toMatchObject({ applied: 1, skipped: 1 });
    expect(
      applyFixes('a\n', [
        { line: 0, endLine: 0, text: 'x' },
        { line: 3, endLine: 9, text: 'x' }
      ]).applied
    ).toBe(0);
  });
});

describe('fixes the rules offer', () => {
  test('licence-unknown: a misspelt id is corrected in place, keeping quotes and the comment', () => {
    const text = '---\nlicense: "apache2.0"  # as agreed\n---\n';
    const [fix] = fixesOf('m/README.md', text).filter((f) => f.rule === 'licence-unknown');
    expect(fix.fix).toEqual({ line: 2, endLine: 2, text: 'license: "apache-2.0"  # as agreed\n' });
  });

  test('licence-unknown: a look-alike id (Cyrillic a, zero-width space) is written in plain ASCII', () => {
    const text = '---\nlicense: \u0430pache-2.0\u200b\ntags: [x]\n---\n';
    const [fix] = fixesOf('m/README.md', text).filter((f) => f.rule === 'licence-unknown');
    expect(fix.fix).toEqual({ line: 2, endLine: 2, text: 'license: apache-2.0\n' });
  });

  test('licence-inherited-conflict: a Llama 3.1 fine-tune relabelled apache-2.0 is set to llama3.1 (CRLF kept)', () => {
    const text = '---\r\nlicense: apache-2.0\r\nbase_model: meta-llama/Llama-3.1-8B\r\n---\r\n';
    const [fix] = fixesOf('m/README.md', text).filter((f) => f.rule === 'licence-inherited-conflict');
    expect(fix.fix).toEqual({ line: 2, endLine: 2, text: 'license: llama3.1\r\n' });
  });

  test('licence-missing: the one licence a binding base passes on; none when bases disagree', () => {
    const one = fixesOf('m/README.md', '---\nbase_model: meta-llama/Llama-3.1-8B\n---\n').filter((f) => f.rule === 'licence-missing');
    // An insertion is written as a replacement of the line it goes before, so that it can be a suggestion.
    expect(one[0].fix).toEqual({ line: 3, endLine: 3, text: 'license: llama3.1\n---\n' });
    const two = fixesOf('m/README.md', '---\nbase_model: [meta-llama/Llama-3.1-8B, google/gemma-2b]\n---\n').filter(
      (f) => f.rule === 'licence-missing'
    );
    expect(two).toEqual([]);
  });

  test('artefact-undeclared and access-inconsistent: TODO scaffolds that still fail the gate', () => {
    const text = [
      '---',
      'license: mit',
      'release:',
      '  access: gated',
      '  artefacts:',
      '    weights: { status: released, licence: mit, location: x }',
      '---',
      ''
    ].join('\n');
    const fixes = fixesOf('m/README.md', text);
    const out = applyFixes(
      text,
      fixes.map((f) => f.fix)
    );
    const again = applyFixes(
      out.text,
      fixesOf('m/README.md', out.text).map((f) => f.fix)
    );
    const fixed = parseCard('m/README.md', again.text);
    expect(fixed.problems).toEqual([]);
    expect(again.text).toContain('  access_details:\n    approval: TODO  # automatic | manual\n    conditions: TODO\n');
    expect(again.text).toContain('    training_code: { status: TODO }');
    const report = check({ cards: [fixed], policy: defaultPolicy(), today: '2026-12-01' });
    expect(report.result).toBe('fail');
    expect(report.cards[0].findings.filter((f) => f.rule === 'card-schema').length).toBeGreaterThanOrEqual(5);
    expect(report.cards[0].findings.some((f) => f.rule === 'artefact-undeclared')).toBe(false);
  });
});

test('a YAML card: init-style insertions at its end keep its last newline, and the result parses', () => {
  const text = 'license: apache2.0\ntags: [a]\n';
  const fixes = fixesOf('model-card.yaml', text).map((f) => f.fix);
  const out = applyFixes(text, fixes).text;
  expect(out.endsWith('\n')).toBe(true);
  expect(out).toContain('license: apache-2.0\n');
  expect(out).toMatch(/^tags: \[a\]\nrelease:\n {2}artefacts:\n {4}weights: \{ status: TODO \}/m);
  expect(parseCard('model-card.yaml', out).problems).toEqual([]);
});

describe('suggestion blocks', () => {
  test('hold the fix without its last newline, fenced longer than any backtick run', () => {
    expect(suggestionBlock({ line: 2, endLine: 2, text: 'license: llama3.1\r\n' })).toBe('```suggestion\nlicense: llama3.1\n```');
    expect(suggestionBlock({ line: 2, endLine: 3, text: 'a: "```"\nb: 1\n' })).toBe('````suggestion\na: "```"\nb: 1\n````');
  });
});
