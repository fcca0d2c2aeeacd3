import { COMPLETE_RELEASE, findingsWithDetail } from '../helpers/rule-harness.js';

const ID = 'licence-artefact-mismatch';

describe('licence-artefact-mismatch', () => {
  it('reports weights whose licence differs from `license`, at the weights licence', () => {
    const card = [
      '---',
      'license: apache-2.0',
      'release:',
      '  artefacts:',
      '    weights:',
      '      status: released',
      '      licence: mit',
      '      location: https://example.org/w',
      '---'
    ].join('\n');
    const found = findingsWithDetail(ID, card);
    expect(found.map((f) => [f.rule, f.line, f.column])).toEqual([[ID, 7, 7]]);
    expect(found[0].message).toContain('`mit`');
  });

  it('reports released code without a licence', () => {
    const card = [
      '---',
      'license: mit',
      'release:',
      '  artefacts:',
      '    training_code: { status: released, location: https://x }',
      '    inference_code: { status: released, licence: none, location: https://x }',
      '---'
    ].join('\n');
    expect(findingsWithDetail(ID, card).map((f) => [f.line, f.column])).toEqual([
      [5, 5],
      [6, 5]
    ]);
  });

  it('reports weights more permissive than their training data', () => {
    const card = [
      '---',
      'license: apache-2.0',
      'release:',
      '  artefacts:',
      '    training_data: { status: released, licence: cc-by-nc-4.0, location: https://x }',
      '---'
    ].join('\n');
    const found = findingsWithDetail(ID, card);
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('more permissive than their training data');
    const sa = card.replace('cc-by-nc-4.0', 'CC-BY-SA-4.0');
    expect(findingsWithDetail(ID, sa)).toHaveLength(1);
    expect(findingsWithDetail(ID, card.replace('cc-by-nc-4.0', 'odc-by'))).toEqual([]);
  });

  it('accepts a consistent release and tolerates odd shapes', () => {
    expect(findingsWithDetail(ID, `---\nlicense: apache-2.0\n${COMPLETE_RELEASE}\n---\n`)).toEqual([]);
    expect(findingsWithDetail(ID, `---\nlicense: Apache-2.0\n${COMPLETE_RELEASE}\n---\n`)).toEqual([]);
    expect(findingsWithDetail(ID, '---\nlicense: mit\nrelease: {artefacts: {weights: 3, training_code: [1]}}\n---\n')).toEqual([]);
    expect(findingsWithDetail(ID, '---\nrelease: 7\n---\n')).toEqual([]);
  });
});
