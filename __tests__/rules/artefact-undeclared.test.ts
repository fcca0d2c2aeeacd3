import { defaultPolicy } from '../../src/policy/defaults.js';
import { COMPLETE_RELEASE, findingsOf } from '../helpers/rule-harness.js';

describe('artefact-undeclared', () => {
  it('reports each required artefact that is not stated, at line 1', () => {
    const card =
      '---\nlicense: mit\nrelease:\n  access: open\n  artefacts:\n    weights: { status: released, licence: mit, location: x }\n---\n';
    const found = findingsOf('artefact-undeclared', card);
    expect(found.map((f) => [f.rule, f.line, f.column])).toEqual([
      ['artefact-undeclared', 1, 1],
      ['artefact-undeclared', 1, 1],
      ['artefact-undeclared', 1, 1],
      ['artefact-undeclared', 1, 1]
    ]);
    expect(found.map((f) => /`(\w+)`/.exec(f.message)?.[1]).sort()).toEqual([
      'hyperparameters',
      'inference_code',
      'training_code',
      'training_data'
    ]);
  });

  it('reports all five when the card has no release block', () => {
    expect(findingsOf('artefact-undeclared', '---\nlicense: mit\n---\n')).toHaveLength(5);
  });

  it('follows the policy: more or fewer required artefacts', () => {
    const policy = defaultPolicy();
    policy.artefacts.required = ['weights', 'evaluation_code'];
    const found = findingsOf('artefact-undeclared', `---\nlicense: mit\n${COMPLETE_RELEASE}\n---\n`, { policy });
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('`evaluation_code`');
  });

  it('stays quiet when every required artefact is stated', () => {
    expect(findingsOf('artefact-undeclared', `---\nlicense: mit\n${COMPLETE_RELEASE}\n---\n`)).toEqual([]);
  });
});
