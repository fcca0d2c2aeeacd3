/**
 * Hostile YAML against src/card/parse.ts. Each case must end as a clear `card-parse` problem at
 * the right place, never as a crash, a stack overflow caught by luck, or a silent difference from
 * what the Hugging Face Hub reads. Both the fast path and the full parser are exercised.
 */
import { parseCard } from '../../src/card/parse.js';

const fm = (yaml: string): string => `---\n${yaml}\n---\n`;

describe('parseCard under hostile YAML', () => {
  it('stops a billion-laughs document at the alias limit', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const card = parseCard('README.md', fm(levels.join('\n')));
    expect(card.data).toBeUndefined();
    expect(card.problems[0].message).toMatch(/aliases/);
  });

  it.each([
    ['flow sequences', `a: ${'['.repeat(10000)}${']'.repeat(10000)}`],
    ['flow mappings', `a: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}`],
    ['indented mappings', Array.from({ length: 600 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' x']
  ])('refuses 10,000-deep %s with a nesting message', (_name, yaml) => {
    const card = parseCard('README.md', fm(yaml));
    expect(card.data).toBeUndefined();
    expect(card.problems[0].message).toMatch(/nested more than \d+ levels/);
  });

  // Compact nesting on one line (`- - - x`, `? ? ? x`) and brackets after a stray apostrophe once
  // slipped past a text-based depth check into yaml's recursive composer (stack overflow).
  it.each([
    ['compact sequences', `a:\n${'- '.repeat(10000)}x`],
    ['complex keys', `${'? '.repeat(10000)}x`],
    ['flow after an apostrophe in a plain scalar', `a: x '\nb: ${'['.repeat(20000)}${']'.repeat(20000)}`]
  ])('refuses deep %s with the nesting message, not a stack overflow', (_name, yaml) => {
    const card = parseCard('README.md', fm(yaml));
    expect(card.data).toBeUndefined();
    expect(card.problems.map((p) => p.message).join('\n')).not.toMatch(/call stack/i);
    expect(card.problems[0].message).toMatch(/nested more than \d+ levels/);
  });

  it('keeps __proto__ as a plain key without polluting prototypes', () => {
    const card = parseCard('README.md', fm('__proto__: {polluted: yes}\nconstructor: {prototype: {polluted: yes}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(card.data)).toBe(Object.prototype);
  });

  // YAML 1.2 has no merge keys, so `<<` is kept as an ordinary key, while the Hub (PyYAML, YAML
  // 1.1) merges it: the gate would not see a `base_model` the Hub shows.
  it('does not silently disagree with the Hub about merge keys', () => {
    const card = parseCard('README.md', fm('defaults: &d {base_model: org/restricted-base}\n<<: *d\nlicense: mit'));
    const merged = card.data?.base_model === 'org/restricted-base';
    const reported = card.problems.some((p) => /merge/i.test(p.message));
    expect(merged || reported).toBe(true);
  });

  // yaml turns unknown tags into plain strings with only a warning; the Hub's safe loader rejects
  // them, so the card would not be what the Hub shows.
  it('reports language-specific tags such as !!js/function', () => {
    const card = parseCard('README.md', fm('license: !!js/function "function () { return 1 }"'));
    expect(card.problems.map((p) => p.message).join('\n')).toMatch(/tag/i);
  });

  // yaml's toJS stringifies a mapping or sequence used as a key and Node prints a process warning
  // (on stderr, i.e. in the action log) that quotes the card's text.
  it('reports collection keys instead of stringifying them with a process warning', () => {
    const warnings: string[] = [];
    const listener = (w: Error): void => void warnings.push(w.message);
    process.on('warning', listener);
    const card = parseCard('README.md', fm('? [a, "::error::injected"]\n: 3'));
    process.off('warning', listener);
    expect(card.problems.length).toBeGreaterThan(0);
    expect(warnings).toEqual([]);
  });
});

describe('parseCard positions and limits for hostile YAML', () => {
  const problemsOf = (text: string, file = 'README.md'): string[] =>
    parseCard(file, text).problems.map((p) => `${p.line}:${p.column} ${p.message}`);

  it.each([
    ['compact sequences', `a:\n- - ${'- '.repeat(100)}x`, 3],
    ['complex keys', `b: 1\n${'? '.repeat(100)}x`, 3],
    ['flow sequences after an apostrophe', `a: x '\nb: ${'['.repeat(100)}${']'.repeat(100)}`, 3],
    ['indented mappings', Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' x', 66]
  ])('reports deep %s on the line where the limit is crossed', (_name, yaml, line) => {
    const card = parseCard('README.md', fm(yaml));
    expect(card.data).toBeUndefined();
    expect(card.problems).toHaveLength(1);
    expect(card.problems[0]).toMatchObject({ line, message: expect.stringMatching(/nested more than 64 levels/) });
  });

  it('reads 64 levels and refuses 65', () => {
    const nest = (n: number): string => `a: ${'['.repeat(n - 1)}${']'.repeat(n - 1)}`;
    expect(parseCard('README.md', fm(nest(64))).problems).toEqual([]);
    expect(parseCard('README.md', fm(nest(65))).problems[0]).toMatchObject({ line: 2, column: 67 });
  });

  it('reports a merge key at the `<<` key, whichever style', () => {
    expect(problemsOf(fm('defaults: &d {base_model: org/restricted-base}\n<<: *d\nlicense: mit'))).toEqual([
      expect.stringMatching(/^3:1 The merge key `<<` is not supported in model cards.*write the keys out\.$/i)
    ]);
    expect(problemsOf(fm('a: &d {x: 1}\nb: {<<: *d, y: 2}'))).toEqual([expect.stringMatching(/^3:5 .*merge key/)]);
    // Quoted, `<<` is an ordinary key for the Hub too.
    expect(parseCard('README.md', fm('"<<": x')).data).toEqual({ '<<': 'x' });
  });

  it.each([
    ['a language tag', 'license: !!js/function "f"', '2:10', '!!js/function'],
    ['a Python object', 'a: !!python/object:os.system [ls]', '2:4', '!!python/object:os.system'],
    ['a custom tag on a mapping', 'a: !foo\n  b: 1', '2:4', '!foo'],
    ['a YAML 1.1 type the gate cannot represent', 'a: !!set {x}', '2:4', '!!set']
  ])('reports %s at the tag', (_name, yaml, where, tag) => {
    const card = parseCard('README.md', fm(yaml));
    expect(card.data).toBeUndefined();
    expect(card.problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      expect.stringContaining(`${where} The YAML tag \`${tag}\` is not allowed`)
    ]);
  });

  it('accepts core tags and tag-like text inside scalars', () => {
    const card = parseCard('README.md', fm("a: !!str 1\nb: ! 2\nc: '!!js/function'\nd: |\n  !!python/object"));
    expect(card.problems).toEqual([]);
    expect(card.data).toEqual({ a: '1', b: '2', c: '!!js/function', d: '!!python/object\n' });
  });

  it('reports a tag made unresolvable by a %TAG directive (YAML file)', () => {
    expect(problemsOf('%TAG !! tag:evil.example,2000:\n---\na: !!str x\n', 'card.yaml')).toEqual([
      expect.stringMatching(/^3:4 The YAML tag `!!str`/)
    ]);
  });

  it.each([
    ['a flow sequence key', '? [a, b]\n: 3', '2:3'],
    ['a flow mapping key', '{a: 1}: x', '2:1'],
    ['a block mapping key', '? a: 1\n: x', '2:3'],
    ['an alias of a mapping as key', 'm: &m {x: 1}\n*m : 2', '3:1']
  ])('reports %s at the key, with no process warning', (_name, yaml, where) => {
    const warnings: string[] = [];
    const listener = (w: Error): void => void warnings.push(w.message);
    process.on('warning', listener);
    const card = parseCard('README.md', fm(yaml));
    process.off('warning', listener);
    expect(warnings).toEqual([]);
    expect(card.data).toBeUndefined();
    expect(card.problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      expect.stringMatching(new RegExp(`^${where} A mapping or list is used as a key`))
    ]);
  });

  it('reports duplicates that only appear once keys are read: aliases, anchors, `1` and `"1"`', () => {
    expect(problemsOf(fm('&k a: 1\n*k : 2'))).toEqual([expect.stringMatching(/^3:1 Duplicate key `\*k`/)]);
    expect(problemsOf(fm('x: &k a\na: 1\n*k : 2'))).toEqual([expect.stringMatching(/^4:1 Duplicate key `\*k`/)]);
    expect(problemsOf(fm('1: a\n"1": b'))).toEqual([expect.stringMatching(/^3:1 Duplicate key `"1"`/)]);
    expect(problemsOf(fm('x: {a: 1, a: 2}'))).toEqual([expect.stringMatching(/^2:11 Duplicate key `a`/)]);
    // Anchors on keys are otherwise plain keys.
    expect(parseCard('README.md', fm('&k a: 1\nb: *k')).data).toEqual({ a: 1, b: 'a' });
  });

  it('reads very many keys, by both paths, and lists at most 50 problems for very many duplicates', () => {
    const keys = Array.from({ length: 60_000 }, (_, i) => `k${i}: 1`).join('\n');
    for (const fast of [true, false]) {
      const card = parseCard('README.md', fm(keys), 'markdown', { fast });
      expect(card.problems).toEqual([]);
      expect(Object.keys(card.data ?? {})).toHaveLength(60_000);
      expect(card.locate(['k59999'])).toMatchObject({ line: 60_001, column: 1 });
    }
    const dups = parseCard('README.md', fm(Array(60_000).fill('k: 1').join('\n')));
    expect(dups.problems).toHaveLength(50);
    expect(dups.problems[0]).toMatchObject({ line: 3, column: 1 });
    expect(dups.problems[49].message).toMatch(/^59950 more problems/);
  });

  it('handles extremely long keys and values and a 1 MiB single line', () => {
    expect(problemsOf(fm(`${'k'.repeat(900_000)}: 1`))).toEqual([expect.stringMatching(/^2:1 .*1024/)]);
    const long = parseCard('README.md', fm(`${'k'.repeat(1000)}: ${'v'.repeat(900_000)}`));
    expect(long.problems).toEqual([]);
    expect((long.data?.['k'.repeat(1000)] as string).length).toBe(900_000);
    const quoted = parseCard('README.md', fm(`a: "${'v '.repeat(400_000)}"`));
    expect(quoted.problems).toEqual([]);
    expect(problemsOf('x'.repeat(1 << 20))).toEqual([expect.stringMatching(/^1:1 The card has no YAML front matter/)]);
    expect(problemsOf(`---\n${'a'.repeat(1 << 20)}\n---\n`)).toEqual([expect.stringMatching(/^2:1 The metadata must be a mapping/)]);
    const flow = parseCard('README.md', fm(`a: [${Array.from({ length: 100_000 }, (_, i) => i).join(',')}]`));
    expect(flow.problems).toEqual([]);
    expect(flow.data?.a).toHaveLength(100_000);
  });

  it('keeps JSON cards judged by JSON, with duplicate keys and depth still reported', () => {
    expect(problemsOf('{\n  "a": 1,\n  "a": 2\n}\n', 'card.json')).toEqual([expect.stringMatching(/^3:3 Duplicate key `"a"`/)]);
    expect(problemsOf(`{"a": ${'['.repeat(100)}${']'.repeat(100)}}`, 'card.json')).toEqual([expect.stringMatching(/nested more than 64/)]);
    expect(problemsOf('{"a": !x 1}', 'card.json')).toEqual([expect.stringMatching(/^1:7 The JSON card does not parse/)]);
  });
});
