import { findingsWithDetail } from '../helpers/rule-harness.js';
import { fixture } from '../licences/fixtures.js';

const ID = 'licence-use-restrictions';

describe('licence-use-restrictions', () => {
  it('names the restrictions of a RAIL licence and that derivatives must pass them on', () => {
    const found = findingsWithDetail(ID, '---\nlicense: creativeml-openrail-m\n---\n');
    expect(found.map((f) => [f.rule, f.line, f.column, f.severity])).toEqual([[ID, 2, 1, 'notice']]);
    expect(found[0].message).toContain('harming minors');
    expect(found[0].message).toContain('derivative must pass these restrictions on');
    expect(found[0].message).toContain('release.use_restrictions');
  });

  it('reports restrictions inherited from the base model at base_model', () => {
    const found = findingsWithDetail(ID, fixture('sd15-lora-mit.md'));
    expect(found.map((f) => [f.line, f.column])).toEqual([[4, 1]]);
    expect(found[0].message).toContain('inherited from the base model `runwayml/stable-diffusion-v1-5`');
  });

  it('names the Gemma policy and drops the hint when use_restrictions are stated', () => {
    const found = findingsWithDetail(
      ID,
      '---\nlicense: gemma\nrelease:\n  use_restrictions: https://ai.google.dev/gemma/prohibited_use_policy\n---\n'
    );
    expect(found[0].message).toContain('Gemma Prohibited Use Policy');
    expect(found[0].message).not.toContain('State them');
  });

  it('stays quiet for permissive licences', () => {
    expect(findingsWithDetail(ID, fixture('pythia-1b.md'))).toEqual([]);
    expect(findingsWithDetail(ID, '---\nlicense: [7]\n---\n')).toEqual([]);
  });
});
