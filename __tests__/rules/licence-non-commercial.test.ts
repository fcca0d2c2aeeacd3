import { findingsWithDetail } from '../helpers/rule-harness.js';
import { fixture } from '../licences/fixtures.js';

const ID = 'licence-non-commercial';

describe('licence-non-commercial', () => {
  it('reports a research-only licence (Ministral-8B-Instruct-2410 under the MRL)', () => {
    const found = findingsWithDetail(ID, fixture('ministral-8b-instruct-2410.md'));
    expect(found.map((f) => [f.rule, f.line, f.column])).toEqual([[ID, 6, 1]]);
    expect(found[0].message).toContain('research use only');
  });

  it('reports non-commercial, revenue and user caps', () => {
    expect(findingsWithDetail(ID, '---\nlicense: cc-by-nc-4.0\n---\n')[0].message).toContain('forbids commercial use');
    expect(findingsWithDetail(ID, fixture('sd35-large.md'))[0].message).toContain('USD 1,000,000');
    expect(findingsWithDetail(ID, '---\nlicense: llama3.1\n---\n')[0].message).toContain('700 million monthly active users');
  });

  it('reports a limit inherited from the base model', () => {
    const found = findingsWithDetail(ID, fixture('vicuna-7b-delta-v0-with-base.md'));
    expect(found[0].message).toContain('inherited from the base model `huggyllama/llama-7b`');
  });

  it('stays quiet for licences that allow commercial use, and for an OR with a commercial side', () => {
    expect(findingsWithDetail(ID, fixture('olmo-7b.md'))).toEqual([]);
    expect(findingsWithDetail(ID, '---\nlicense: "CC-BY-NC-4.0 OR MIT"\n---\n')).toEqual([]);
    expect(findingsWithDetail(ID, '---\nlicense: null\n---\n')).toEqual([]);
  });
});
