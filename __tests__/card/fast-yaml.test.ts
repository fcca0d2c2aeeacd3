/**
 * The fast YAML path must be indistinguishable from the full `yaml` parser: same data, same
 * problems, same positions for every key and value. Checked over the benchmark corpus and over
 * generated YAML full of edge cases (anything the fast path accepts must agree exactly).
 */
import fc from 'fast-check';
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { fastParseYaml, resolvePlain } from '../../src/card/fast-yaml.js';
import { parseCard } from '../../src/card/parse.js';
import type { ParsedCard, PathSegment } from '../../src/types.js';
import { generateCard, prng } from '../../bench/corpus.mjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { splitFrontMatter } from '../../src/card/front-matter.js';
import { realCardNames, realCardsDir } from '../helpers/real-cards.js';

const DOC_OPTIONS = { uniqueKeys: true, prettyErrors: false, strict: true, keepSourceTokens: false, stringKeys: false } as const;

/** Every path the full parser's document holds, plus a few that do not exist. */
function pathsOf(node: Node | null | undefined, prefix: PathSegment[] = [], out: PathSegment[][] = []): PathSegment[][] {
  out.push(prefix);
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '?';
      pathsOf(pair.value as Node | null, [...prefix, key], out);
    }
    out.push([...prefix, 'no-such-key']);
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => pathsOf(item as Node, [...prefix, i], out));
    out.push([...prefix, node.items.length], [...prefix, 'x']);
  } else {
    out.push([...prefix, 0]);
  }
  return out;
}

function expectSameCard(fast: ParsedCard, full: ParsedCard): void {
  expect(fast.problems).toEqual(full.problems);
  expect(fast.data).toEqual(full.data);
  expect(JSON.stringify(fast.data)).toBe(JSON.stringify(full.data));
  expect(fast.body).toBe(full.body);
  expect(fast.bodyLine).toBe(full.bodyLine);
  expect(fast.lineCount).toBe(full.lineCount);
}

function expectSamePositions(fast: ParsedCard, full: ParsedCard, yamlText: string): void {
  const doc = parseDocument(yamlText, DOC_OPTIONS);
  const seen: unknown[] = [];
  const expected: unknown[] = [];
  for (const path of pathsOf(doc.contents as Node | null)) {
    for (const part of ['key', 'value'] as const) {
      seen.push([path, part, fast.locate(path, part)]);
      expected.push([path, part, full.locate(path, part)]);
    }
  }
  expect(seen).toEqual(expected);
}

/** The YAML text parseCard hands to the parser for a markdown card. */
function frontMatterOf(text: string): string {
  const lines = text.split('\n');
  const close = lines.findIndex((l, i) => i > 0 && /^---\r?$/.test(l));
  return '\n' + lines.slice(1, close).join('\n') + '\n';
}

describe('fast YAML path versus the full parser', () => {
  it('agrees on every card of the benchmark corpus, and accepts nearly all of them', () => {
    const rand = prng(7);
    let accepted = 0;
    const count = 200;
    for (let i = 0; i < count; i++) {
      const text = generateCard(rand, i);
      const fast = parseCard('m/README.md', text);
      const full = parseCard('m/README.md', text, 'markdown', { fast: false });
      expectSameCard(fast, full);
      const yamlText = frontMatterOf(text);
      expectSamePositions(fast, full, yamlText);
      if (fastParseYaml(yamlText)) accepted++;
    }
    expect(accepted).toBeGreaterThan(count * 0.95);
  });

  it('resolves plain scalars with the core schema, as yaml does', () => {
    const samples = [
      '',
      '~',
      'null',
      'Null',
      'NULL',
      'nULL',
      'true',
      'True',
      'TRUE',
      'tRUE',
      'false',
      'no',
      'yes',
      'on',
      '0',
      '-0',
      '+0',
      '007',
      '0o17',
      '0o8',
      '0x1F',
      '0xg',
      '1e3',
      '-1.5E-2',
      '.5',
      '5.',
      '+.inf',
      '-.Inf',
      '.nan',
      '.NaN',
      '1_000',
      '12:30',
      '2024-01-01',
      '9007199254740993',
      '1.0',
      'Infinity',
      'NaN',
      'llama3.1'
    ];
    for (const s of samples) {
      const expected = parseDocument(`k: ${s}\n`, DOC_OPTIONS).toJS().k;
      expect([s, resolvePlain(s)]).toEqual([s, expected]);
    }
  });

  it('accepts only what the full parser reads without errors, and then agrees exactly (generated YAML)', () => {
    const simple = [
      'a',
      'b c',
      'apache-2.0',
      'llama3.1',
      'en',
      '71.25',
      '3',
      'https://x.y/z',
      "'q'",
      '"dq"',
      '[a, b]',
      '{ s: r, l: https://x }',
      'Text Generation'
    ];
    const scalars = [
      'a',
      'b c',
      'apache-2.0',
      'llama3.1',
      'null',
      'Null',
      '~',
      'true',
      'False',
      'yes',
      '0',
      '-1',
      '+5',
      '007',
      '0o17',
      '0x1F',
      '1e3',
      '.inf',
      '-.5',
      '1.50',
      'a: b',
      'a #b',
      'a#b',
      'x:',
      ':x',
      'https://x.y/z?q=1',
      '- x',
      '-x',
      '? x',
      "it's",
      '"q"',
      "'s'",
      "'it''s'",
      '"a\\"b"',
      '"a b"',
      "''",
      '""',
      '[x]',
      '{y}',
      '@x',
      '`x',
      '%x',
      '!x',
      '&a x',
      '*a',
      '|',
      '>-',
      'a,b',
      'ü ñ 日本',
      '#c',
      'v # note',
      '[a, b]',
      '[a,b]',
      '[ ]',
      '[]',
      '{}',
      '{ s: r, l: https://x }',
      '{a: 1, a: 2}',
      '[a, , b]',
      '[a, b,]',
      '{a: [b]}',
      '[a: b]',
      '{a:b}',
      'a\tb',
      '__proto__'
    ];
    const simpleKeys = ['a', 'b', 'k', 'name', 'type', 'value', 'x_y', 'model-index', 'Some Key'];
    const keys = [
      'a',
      'b',
      'k',
      'b c',
      'x-y',
      'a.b',
      'I agree',
      'null',
      'true',
      '1',
      '__proto__',
      'k:',
      '"q"',
      'a#',
      'a #b',
      'x_y',
      'z (m)',
      'Org Type (Early, Growth)',
      'I agree to BRIA’s “terms”',
      "it's [x] {y} & *z",
      'a:b',
      'a ::b',
      'Date of birth',
      'x, y: z'
    ];
    type Tree =
      | { kind: 'scalar'; v: string }
      | { kind: 'map'; entries: [string, Tree][] }
      | { kind: 'seq'; items: Tree[] }
      | { kind: 'block'; header: string; lines: string[] }
      | { kind: 'dq'; first: string; lines: string[]; indents: number[] }
      | { kind: 'ml'; first: string; lines: string[]; indents: number[]; explicit: boolean };
    const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
      t: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        { arbitrary: fc.constantFrom(...simple).map((v): Tree => ({ kind: 'scalar', v })), weight: 6 },
        { arbitrary: fc.constantFrom(...scalars).map((v): Tree => ({ kind: 'scalar', v })), weight: 1 },
        {
          arbitrary: fc
            .record({
              header: fc.constantFrom('|', '|-', '>', '>-', '|+', '>2'),
              lines: fc.array(fc.constantFrom('text', 'more text', '# not a comment', '  deeper', '', 'x: y'), {
                minLength: 1,
                maxLength: 3
              })
            })
            .map((b): Tree => ({ kind: 'block', ...b })),
          weight: 1
        },
        {
          // Plain scalars over several lines (the Hub wraps long values), some as `? key` / `: value`.
          arbitrary: fc
            .record({
              first: fc.constantFrom('text', 'By clicking Submit', 'a b ', 'true', '12', 'x:y', 'k: v', 'v # c', 'end:'),
              lines: fc.array(fc.constantFrom('more', '', 'and more ', '- item', '# hash', 'a: b', 'x #y', 'z:', '? q', 'w,x', '“q”'), {
                minLength: 1,
                maxLength: 4
              }),
              indents: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 4, maxLength: 4 }),
              explicit: fc.boolean()
            })
            .map((b): Tree => ({ kind: 'ml', ...b })),
          weight: 1
        },
        {
          // Double-quoted scalars over several lines: escapes, escaped breaks, empty lines, spaces around breaks.
          arbitrary: fc
            .record({
              first: fc.constantFrom('', 'text', 'a ', '### Title\\n', 'x\\', 'q \\"y\\"', 'end\\ ', '\\u00e9t\\x41'),
              lines: fc.array(
                fc.constantFrom('more', '', '  ', '\\ lead', 'k: v', '- item', '# hash', 'tail ', 'a\\', '\\U0001F600', '\\q', 'z"'),
                { minLength: 1, maxLength: 4 }
              ),
              indents: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 4, maxLength: 4 })
            })
            .map((b): Tree => ({ kind: 'dq', ...b })),
          weight: 1
        },
        {
          arbitrary: fc
            .array(
              fc.tuple(
                fc.oneof({ arbitrary: fc.constantFrom(...simpleKeys), weight: 8 }, { arbitrary: fc.constantFrom(...keys), weight: 1 }),
                tie('t')
              ),
              { minLength: 1, maxLength: 4 }
            )
            .map((entries): Tree => ({ kind: 'map', entries })),
          weight: 3
        },
        { arbitrary: fc.array(tie('t'), { minLength: 1, maxLength: 3 }).map((items): Tree => ({ kind: 'seq', items })), weight: 2 }
      )
    })).t;
    const style = fc.record({
      step: fc.integer({ min: 1, max: 4 }),
      seqSameIndent: fc.boolean(),
      gap: fc.constantFrom(' ', ' ', '  '),
      comments: fc.boolean(),
      crlf: fc.constantFrom(false, false, true),
      jitter: fc.nat(20)
    });

    const render = (
      t: Tree,
      indent: number,
      s: { step: number; seqSameIndent: boolean; gap: string; comments: boolean; jitter: number },
      out: string[],
      lead: string
    ): void => {
      const pad = ' '.repeat(indent);
      if (t.kind === 'map') {
        t.entries.forEach(([k, v], i) => {
          const prefix = i === 0 ? lead : pad;
          if (v.kind === 'scalar') out.push(`${prefix}${k}:${s.gap}${v.v}`);
          else if (v.kind === 'block') {
            out.push(`${prefix}${k}: ${v.header}`);
            for (const l of v.lines) out.push(l === '' ? '' : `${pad}${' '.repeat(s.step)}${l}`);
          } else if (v.kind === 'ml') {
            const cont = v.lines.map((l, j) => (l === '' ? '' : `${' '.repeat(v.indents[j])}${l}`));
            if (v.explicit) out.push(`${prefix}? ${v.first}`, ...cont.map((l) => (l === '' ? '' : `${pad}${l}`)), `${pad}: ${k}`);
            else out.push(`${prefix}${k}: ${v.first}`, ...cont.map((l) => (l === '' ? '' : `${pad}${l}`)));
          } else if (v.kind === 'dq') {
            out.push(`${prefix}${k}: "${v.first}`);
            v.lines.forEach((l, j) => out.push(`${l === '' ? '' : ' '.repeat(v.indents[j])}${l}${j === v.lines.length - 1 ? '"' : ''}`));
          } else {
            out.push(`${prefix}${k}:${s.comments && i % 2 ? ' # c' : ''}`);
            if (s.comments && (i + s.jitter) % 3 === 0) out.push(`${' '.repeat(s.jitter % 5)}# comment`);
            const child = v.kind === 'seq' && s.seqSameIndent ? indent : indent + s.step;
            render(v, child, s, out, ' '.repeat(child));
          }
        });
      } else if (t.kind === 'seq') {
        t.items.forEach((item, i) => {
          const prefix = i === 0 ? lead : pad;
          if (item.kind === 'scalar') out.push(`${prefix}- ${item.v}`);
          else if (item.kind === 'ml') {
            out.push(`${prefix}- ${item.first}`);
            item.lines.forEach((l) => out.push(l === '' ? '' : `${pad}${' '.repeat(item.indents[0])}${l}`));
          } else if (item.kind === 'dq') {
            out.push(`${prefix}- "${item.first}`);
            item.lines.forEach((l, j) =>
              out.push(`${l === '' ? '' : ' '.repeat(item.indents[j])}${l}${j === item.lines.length - 1 ? '"' : ''}`)
            );
          } else if (item.kind === 'block') {
            out.push(`${prefix}- ${item.header}`);
            for (const l of item.lines) out.push(l === '' ? '' : `${pad}  ${l}`);
          } else if (item.kind === 'map') render(item, indent + 2, s, out, `${prefix}- `);
          else {
            out.push(`${prefix}-`);
            render(item, indent + 2, s, out, ' '.repeat(indent + 2));
          }
        });
      } else if (t.kind === 'scalar') {
        out.push(`${lead}${t.v}`);
      } else if (t.kind === 'dq') {
        out.push(`${lead}"${t.first}"`);
      } else if (t.kind === 'ml') {
        out.push(`${lead}${t.first}`);
      } else {
        out.push(`${lead}${t.header}`, ...t.lines.map((l) => `${pad}  ${l}`));
      }
    };

    let accepted = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...simpleKeys, ...keys), tree), { minLength: 1, maxLength: 5 }),
        style,
        (entries, s) => {
          const t: Tree = { kind: 'map', entries };
          const out: string[] = [];
          render(t, 0, s, out, '');
          if (s.comments) out.push('# trailing comment');
          let yamlText = '\n' + out.join('\n') + '\n';
          if (s.crlf) yamlText = yamlText.replace(/\n/g, '\r\n');
          const fast = fastParseYaml(yamlText);
          if (!fast) return;
          accepted++;
          const doc = parseDocument(yamlText, DOC_OPTIONS);
          expect(doc.errors).toEqual([]);
          expect(fast.data).toEqual(doc.toJS());
          expect(JSON.stringify(fast.data)).toBe(JSON.stringify(doc.toJS()));
          const card = `---${yamlText}---\nbody\n`;
          const fastCard = parseCard('x.md', card);
          const fullCard = parseCard('x.md', card, 'markdown', { fast: false });
          expectSameCard(fastCard, fullCard);
          expectSamePositions(fastCard, fullCard, yamlText);
        }
      ),
      { numRuns: Number(process.env.DIFF_RUNS ?? 2500), seed: Number(process.env.DIFF_SEED ?? 20250107) }
    );
    // The property is only worth something if the fast path took a good share of the cases.
    expect(accepted).toBeGreaterThan(400);
  });

  it('agrees with the full parser on every real card, and reads the multi-line licence prompts itself', () => {
    let multiLine = 0;
    for (const name of realCardNames()) {
      const text = readFileSync(path.join(realCardsDir(), name), 'utf8');
      const fast = parseCard(name, text);
      const full = parseCard(name, text, 'markdown', { fast: false });
      expectSameCard(fast, full);
      const yamlText = splitFrontMatter(text.replace(/^\ufeff/, ''))?.yaml;
      if (!yamlText || !fastParseYaml(yamlText)) continue;
      expectSamePositions(fast, full, yamlText);
      if (/^extra_gated_prompt: ".*[^"]\r?$/m.test(yamlText)) multiLine++;
    }
    expect(multiLine).toBeGreaterThanOrEqual(3);
  });

  it('keeps Unicode spaces at the ends of wrapped lines and explicit keys (YAML strips only spaces)', () => {
    const cases = ['x: a\u00a0\n  z\n', 'x: y\n  a\u3000\n', '? a\u00a0\n: v\n', 'x: y\n  \u00a0\n  z\n', 'x: y\n  a\u2003  \n  b\n'];
    for (const yamlText of cases) {
      const fast = fastParseYaml(`\n${yamlText}`);
      const doc = parseDocument(`\n${yamlText}`, DOC_OPTIONS);
      expect(doc.errors).toEqual([]);
      if (fast) expect(JSON.stringify(fast.data)).toBe(JSON.stringify(doc.toJS()));
      const card = `---\n${yamlText}---\n`;
      const fastCard = parseCard('c.md', card);
      const fullCard = parseCard('c.md', card, 'markdown', { fast: false });
      expectSameCard(fastCard, fullCard);
      expectSamePositions(fastCard, fullCard, `\n${yamlText}`);
    }
    expect(fastParseYaml('\nx: a\u00a0\n  z\n')).not.toBeNull();
  });

  it('still reports duplicate keys, aliases and bad YAML at the same place through the full parser', () => {
    const cases = [
      '---\nlicense: mit\nlicense: apache-2.0\n---\n',
      '---\na: &x 1\nb: *x\n---\n',
      '---\na: [b\n---\n',
      '---\na: b: c\n---\n',
      '---\n\ta: 1\n---\n'
    ];
    for (const text of cases) {
      expect(parseCard('x.md', text).problems).toEqual(parseCard('x.md', text, 'markdown', { fast: false }).problems);
    }
  });
});
