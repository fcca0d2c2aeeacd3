/**
 * parse.ts checks keys itself (yaml's own `uniqueKeys` check is quadratic): every duplicate yaml
 * would report must be reported at the same place, and a clean card must read as yaml reads it.
 */
import fc from 'fast-check';
import { LineCounter, parseDocument } from 'yaml';
import { parseCard } from '../../src/card/parse.js';

const YAML_UNIQUE = { uniqueKeys: true, prettyErrors: false, strict: true, stringKeys: false } as const;

/** Block and flow mappings over a small alphabet of keys, so that duplicates are frequent. */
const keyArb = fc.constantFrom('a', 'b', 'c', '"a"', "'b'", '? c', 'd e');
type Tree = { kind: 'scalar'; v: string } | { kind: 'map'; entries: [string, Tree][] } | { kind: 'flow'; entries: [string, string][] };
const treeArb: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom('1', 'x', '"q"').map((v): Tree => ({ kind: 'scalar', v })),
    fc.array(fc.tuple(keyArb, tie('t')), { minLength: 1, maxLength: 4 }).map((entries): Tree => ({ kind: 'map', entries })),
    fc
      .array(fc.tuple(fc.constantFrom('a', 'b', '"a"'), fc.constantFrom('1', 'y')), { minLength: 1, maxLength: 3 })
      .map((entries): Tree => ({ kind: 'flow', entries }))
  )
})).t;

function render(entries: [string, Tree][], indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  for (const [key, value] of entries) {
    const explicit = key.startsWith('? ');
    const head = explicit ? `${pad}${key}\n${pad}:` : `${pad}${key}:`;
    if (value.kind === 'scalar') out.push(`${head} ${value.v}`);
    else if (value.kind === 'flow') out.push(`${head} {${value.entries.map(([k, v]) => `${k}: ${v}`).join(', ')}}`);
    else {
      if (explicit) out.push(`${pad}${key}`, `${pad}:`);
      else out.push(head);
      render(value.entries, indent + 2, out);
    }
  }
}

describe('key checks against yaml', () => {
  it('reports every duplicate yaml reports, at the same line and column, and otherwise reads the same data', () => {
    let withDuplicates = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(keyArb, treeArb), { minLength: 1, maxLength: 5 }), (entries) => {
        const out: string[] = [];
        render(entries, 0, out);
        const yamlText = out.join('\n') + '\n';
        const lineCounter = new LineCounter();
        const doc = parseDocument(yamlText, { ...YAML_UNIQUE, lineCounter });
        const expected = doc.errors.map((e) => {
          const { line, col } = lineCounter.linePos(e.pos[0]);
          return `${e.code === 'DUPLICATE_KEY' ? 'dup' : 'other'} ${line}:${col}`;
        });
        if (expected.some((e) => e.startsWith('other'))) return;
        if (expected.length > 0) withDuplicates++;
        for (const fast of [true, false]) {
          const card = parseCard('card.yaml', yamlText, 'yaml', { fast });
          const seen = card.problems.map((p) => `${/^Duplicate key/.test(p.message) ? 'dup' : 'other'} ${p.line}:${p.column}`);
          expect(seen).toEqual(expected);
          if (expected.length === 0) expect(card.data).toEqual(doc.toJS());
        }
      }),
      { numRuns: 1500, seed: 424242 }
    );
    expect(withDuplicates).toBeGreaterThan(200);
  });

  it('names the key in the duplicate message, as written', () => {
    const card = parseCard('README.md', '---\nrelease:\n  access: open\n  "access": gated\n---\n');
    expect(card.problems).toEqual([
      {
        line: 4,
        column: 3,
        message: 'Duplicate key `"access"`: a key may appear only once in a mapping; the Hub would keep only one of the values.'
      }
    ]);
  });

  it('locates keys of a card read by the fast path through the full parser without duplicate checks', () => {
    const keys = Array.from({ length: 30_000 }, (_, i) => `k${i}: 1`).join('\n');
    const card = parseCard('README.md', `---\n${keys}\nlast:\n  a: 1\n---\n`);
    expect(card.problems).toEqual([]);
    // A mapping's position comes from the lazy full parse.
    expect(card.locate(['last'], 'value')).toMatchObject({ line: 30_003, column: 3 });
  });
});
