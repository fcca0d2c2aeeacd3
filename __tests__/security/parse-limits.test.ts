/**
 * Hostile YAML against src/card/parse.ts (owned by the bench engineer). Each case must end as a
 * clear `card-parse` problem, never as a crash, a stack overflow caught by luck, or a silent
 * difference from what the Hugging Face Hub reads.
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

  // FAILS today: compact nesting on one line (`- - - x`, `? ? ? x`) passes the text-based depth
  // check and reaches yaml's recursive composer, which overflows the stack; yaml happens to catch
  // the RangeError, so the card shows "Maximum call stack size exceeded" instead of the limit.
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

  // FAILS today: YAML 1.2 has no merge keys, so `<<` is kept as an ordinary key, while the Hub
  // (PyYAML, YAML 1.1) merges it: the gate would not see a `base_model` the Hub shows.
  it('does not silently disagree with the Hub about merge keys', () => {
    const card = parseCard('README.md', fm('defaults: &d {base_model: org/restricted-base}\n<<: *d\nlicense: mit'));
    const merged = card.data?.base_model === 'org/restricted-base';
    const reported = card.problems.some((p) => /merge/i.test(p.message));
    expect(merged || reported).toBe(true);
  });

  // FAILS today: unknown tags become plain strings with only a yaml warning; the Hub's safe loader
  // rejects them, so the card is not what the Hub would show.
  it('reports language-specific tags such as !!js/function', () => {
    const card = parseCard('README.md', fm('license: !!js/function "function () { return 1 }"'));
    expect(card.problems.map((p) => p.message).join('\n')).toMatch(/tag/i);
  });

  // FAILS today: a mapping or sequence used as a key is stringified and Node prints a process
  // warning (on stderr, i.e. in the action log) that quotes the card's text.
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
