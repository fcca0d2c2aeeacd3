import { findingsWithDetail } from '../helpers/rule-harness.js';
import { fixture } from '../licences/fixtures.js';

const ID = 'licence-text-mismatch';

describe('licence-text-mismatch', () => {
  it('vicuna-7b-delta-v0: apache-2.0 in the metadata, "Non-commercial license" in the text', () => {
    const found = findingsWithDetail(ID, fixture('vicuna-7b-delta-v0.md'));
    expect(found.map((f) => [f.rule, f.line, f.column])).toEqual([[ID, 17, 1]]);
    expect(found[0].message).toContain('non-commercial');
    expect(found[0].message).toContain('`license: apache-2.0`');
  });

  it('reports a "License:" line and a licence section that name another licence', () => {
    const card = [
      '---',
      'license: mit',
      '---',
      '# Model',
      '',
      '- **License:** CC BY-NC 4.0',
      '',
      '## Licence',
      '',
      'Released under the [Apache License, Version 2.0](https://www.apache.org/licenses/LICENSE-2.0).'
    ].join('\n');
    const found = findingsWithDetail(ID, card);
    expect(found.map((f) => [f.line, f.column])).toEqual([
      [6, 1],
      [10, 1]
    ]);
    expect(found[0].message).toContain('cc-by-nc-4.0');
    expect(found[1].message).toContain('apache-2.0');
  });

  it('stays quiet when the text agrees, or states no licence, or sits in code', () => {
    expect(findingsWithDetail(ID, fixture('pythia-1b.md'))).toEqual([]);
    expect(findingsWithDetail(ID, fixture('olmo-7b.md'))).toEqual([]);
    expect(findingsWithDetail(ID, fixture('deepseek-r1-distill-llama-8b.md'))).toEqual([]);
    expect(findingsWithDetail(ID, fixture('zephyr-7b-gemma-v0.1.md'))).toEqual([]);
    expect(findingsWithDetail(ID, '---\nlicense: gpl\n---\nLicense: GNU General Public License v3.0\n')).toEqual([]);
    expect(findingsWithDetail(ID, '---\nlicense: mit\n---\n```\nLicense: Apache 2.0\n```\nLicense: see the LICENSE file\n')).toEqual([]);
    expect(findingsWithDetail(ID, '---\nlicense: 5\n---\nLicense: MIT\n')).toEqual([]);
  });
});
