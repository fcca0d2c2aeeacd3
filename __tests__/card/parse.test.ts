import { parseCard, splitFrontMatter } from '../../src/card/parse.js';

describe('parseCard', () => {
  it('keeps file line numbers with a BOM-less CRLF card and blank lines before the fence', () => {
    const card = parseCard('README.md', '\r\n\r\n---\r\nlicense: mit\r\nrelease:\r\n  access: open\r\n---\r\n# Body\r\n');
    expect(card.problems).toEqual([]);
    expect(card.data).toEqual({ license: 'mit', release: { access: 'open' } });
    expect(card.locate(['license'])).toMatchObject({ line: 4, column: 1 });
    expect(card.locate(['release', 'access'], 'value')).toMatchObject({ line: 6, column: 11 });
    expect(card.bodyLine).toBe(8);
  });

  it('reports a duplicate key at the second occurrence, naming it', () => {
    const card = parseCard('README.md', '---\nlicense: mit\nlicense: apache-2.0\n---\n');
    expect(card.data).toBeUndefined();
    expect(card.problems).toHaveLength(1);
    expect(card.problems[0]).toMatchObject({ line: 3, column: 1 });
    expect(card.problems[0].message).toContain('`license`');
  });

  it('reports front matter that is never closed at its opening line', () => {
    const card = parseCard('MODEL_CARD.md', '\n---\nlicense: mit\n');
    expect(card.problems[0]).toMatchObject({ line: 2, column: 1 });
    expect(card.problems[0].message).toMatch(/never closed/);
  });

  it('turns a billion-laughs document into a problem instead of expanding it', () => {
    const lines = ['---', 'a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 9; i++)
      lines.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`
      );
    lines.push('---');
    const card = parseCard('README.md', lines.join('\n'));
    expect(card.data).toBeUndefined();
    expect(card.problems[0].message).toMatch(/aliases/);
  });

  it('parses a JSON card and locates its keys', () => {
    const card = parseCard('model-card.json', '{\n  "license": "mit",\n  "release": {"access": "open"}\n}\n');
    expect(card.problems).toEqual([]);
    expect(card.locate(['release', 'access'])).toMatchObject({ line: 3, column: 15 });
  });

  it('finds no front matter in a plain README', () => {
    expect(splitFrontMatter('# Title\n---\n')).toBeNull();
  });
});
