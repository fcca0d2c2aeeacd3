import { findingsOf } from '../helpers/rule-harness.js';

describe('artefact-incomplete', () => {
  it('reports a released artefact without licence or location and a withheld one without reason, at their keys', () => {
    const card = [
      '---',
      'license: mit',
      'release:',
      '  access: open',
      '  artefacts:',
      '    weights: { status: released, location: https://example.org/w }',
      '    training_code:',
      '      status: released',
      '    training_data: { status: withheld }',
      '    hyperparameters: { status: released, location: cfg.yaml }',
      '    prompts: { status: not-applicable, reason: "" }',
      '---'
    ].join('\n');
    const found = findingsOf('artefact-incomplete', card);
    expect(found.map((f) => [f.line, f.column])).toEqual([
      [6, 5],
      [7, 5],
      [9, 5],
      [11, 5]
    ]);
    expect(found[0].message).toContain('`licence`');
    expect(found[1].message).toContain('`licence` and `location`');
    expect(found[2].message).toContain('`reason`');
  });

  it('accepts released hyperparameters without a licence and tolerates odd shapes', () => {
    const card =
      '---\nrelease:\n  artefacts:\n    hyperparameters: { status: released, location: cfg.yaml }\n    weights: nonsense\n    training_code: { status: 7 }\n---\n';
    expect(findingsOf('artefact-incomplete', card)).toEqual([]);
  });
});
