import { findingsWithDetail } from '../helpers/rule-harness.js';
import { HUB_IDS } from '../../src/licences/knowledge.js';
import { fixture } from '../licences/fixtures.js';

const card = (license: string, extra = '') => `---\nlicense: ${license}\n${extra}---\n`;

describe('licence-unknown', () => {
  it("reports the Hub's `unknown` at the license value (tiiuae/falcon-180B)", () => {
    const found = findingsWithDetail('licence-unknown', fixture('falcon-180b.md'));
    expect(found.map((f) => [f.rule, f.line, f.column])).toEqual([['licence-unknown', 10, 10]]);
    expect(found[0].message).toContain('`unknown`');
  });

  it('reports `cc`, a bare `other`, and `other` missing its link', () => {
    expect(findingsWithDetail('licence-unknown', card('cc'))[0]).toMatchObject({ line: 2, column: 10 });
    expect(findingsWithDetail('licence-unknown', card('cc'))[0].message).toContain('CC0 to BY-NC-ND');
    expect(findingsWithDetail('licence-unknown', card('other'))[0].message).toContain('`license_name` and `license_link`');
    expect(findingsWithDetail('licence-unknown', card('other', 'license_name: my-licence\n'))[0].message).toContain('needs `license_link`');
  });

  it.each([
    ['apache2.0', 'apache-2.0'],
    ['Apache 2.0', 'apache-2.0'],
    ['llama-3.1', 'llama3.1'],
    ['cc-by-nc', 'cc-by-nc-4.0'],
    ['gpl3', 'gpl-3.0']
  ])('rejects the near miss %j and suggests %s', (value, suggestion) => {
    const found = findingsWithDetail('licence-unknown', card(JSON.stringify(value)));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ rule: 'licence-unknown', line: 2, column: 10 });
    expect(found[0].message).toContain(`did you mean \`${suggestion}\`?`);
  });

  it.each([
    ['Cyrillic a', '\u0430pache-2.0', 'U+0430'],
    ['Greek omicron', 'm\u03bfit', 'U+03BF'],
    ['zero-width space', 'mi\u200bt', 'U+200B'],
    ['fullwidth letters', '\uff4d\uff49\uff54', 'U+FF4D']
  ])('rejects look-alikes (%s) and names the character', (_name, value, codePoint) => {
    const found = findingsWithDetail('licence-unknown', card(JSON.stringify(value)));
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain(codePoint);
    expect(found[0].message).toContain('looks like a licence id');
  });

  it('checks each entry of a list and tolerates odd shapes', () => {
    const found = findingsWithDetail('licence-unknown', '---\nlicense:\n  - mit\n  - foo-bar\n  - 7\n---\n');
    expect(found.map((f) => [f.line, f.column])).toEqual([
      [4, 5],
      [5, 5]
    ]);
    expect(findingsWithDetail('licence-unknown', '---\nlicense: 42\n---\n')[0].message).toContain('string');
    expect(findingsWithDetail('licence-unknown', '---\nlicense: {a: 1}\n---\n')).toHaveLength(1);
    expect(findingsWithDetail('licence-unknown', '---\nlicense:\n---\n')).toEqual([]);
    expect(findingsWithDetail('licence-unknown', '---\ntags: [x]\n---\n')).toEqual([]);
  });

  it('reports Hub ids mixed into an SPDX expression', () => {
    expect(findingsWithDetail('licence-unknown', card('mit AND llama3.1'))[0].message).toContain('LicenseRef-');
    expect(findingsWithDetail('licence-unknown', card('LLAMA2'))[0].message).toContain('did you mean `llama2`?');
    expect(findingsWithDetail('licence-unknown', card('LLAMA2'))[0].message).not.toContain('LicenseRef-');
  });

  it('accepts every Hub id but unknown, cc and other, SPDX expressions in any case, and a complete `other`', () => {
    for (const id of HUB_IDS) {
      if (id === 'unknown' || id === 'cc' || id === 'other') continue;
      expect([id, findingsWithDetail('licence-unknown', card(JSON.stringify(id)))]).toEqual([id, []]);
    }
    for (const expr of [
      'Apache-2.0',
      'MIT',
      'apache-2.0 OR mit',
      '(MIT OR Apache-2.0) AND CC-BY-4.0',
      'GPL-2.0-or-later WITH Classpath-exception-2.0',
      'LicenseRef-llama3.1',
      'GPL-2.0+'
    ]) {
      expect([expr, findingsWithDetail('licence-unknown', card(JSON.stringify(expr)))]).toEqual([expr, []]);
    }
    expect(findingsWithDetail('licence-unknown', fixture('ministral-8b-instruct-2410.md'))).toEqual([]);
  });
});
