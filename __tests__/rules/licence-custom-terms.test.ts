import { findingsWithDetail } from '../helpers/rule-harness.js';
import { fixture } from '../licences/fixtures.js';

const ID = 'licence-custom-terms';

describe('licence-custom-terms', () => {
  it('names the worrying clauses of the Stability AI Community licence (SD 3.5 Large)', () => {
    const found = findingsWithDetail(ID, fixture('sd35-large.md'));
    expect(found.map((f) => [f.rule, f.line, f.column])).toEqual([[ID, 2, 1]]);
    expect(found[0].message).toContain('Powered by Stability AI');
    expect(found[0].message).toContain('foundational generative AI model');
  });

  it('names remote restriction, naming duties and EU exclusion where the licence has them', () => {
    expect(findingsWithDetail(ID, '---\nlicense: bigscience-bloom-rail-1.0\n---\n')[0].message).toContain('restrict use remotely');
    expect(findingsWithDetail(ID, '---\nlicense: llama3.1\n---\n')[0].message).toContain('name beginning "Llama"');
    expect(findingsWithDetail(ID, '---\nlicense: llama3.2\n---\n')[0].message).toContain('EU exclusion');
    expect(findingsWithDetail(ID, '---\nlicense: other\nlicense_name: qwen\n---\n')[0].message).toContain('could not verify');
  });

  it('asks for a read of a custom licence the gate does not know', () => {
    expect(
      findingsWithDetail(ID, '---\nlicense: other\nlicense_name: acme-model-licence\nlicense_link: LICENSE\n---\n')[0].message
    ).toContain('`acme-model-licence` is a custom licence');
  });

  it('stays quiet for OSI and Creative Commons licences', () => {
    expect(findingsWithDetail(ID, fixture('pythia-1b.md'))).toEqual([]);
    expect(findingsWithDetail(ID, '---\nlicense: cc-by-4.0\n---\n')).toEqual([]);
  });
});
