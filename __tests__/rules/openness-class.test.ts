import { readFileSync } from 'node:fs';
import { findingsWithDetail } from '../helpers/rule-harness.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/policy/${name}`, import.meta.url), 'utf8');

describe('openness-class', () => {
  it('reports no class for a weights-only release, with what Class III needs, at release.artefacts', () => {
    const found = findingsWithDetail('openness-class', fixture('llama2-like.md'));
    expect(found.map((f) => [f.rule, f.severity, f.line, f.column])).toEqual([['openness-class', 'notice', 10, 3]]);
    expect(found[0].message).toMatch(
      /^Model Openness Framework: no class \(Unclassified\); \d+ items must be released openly for Class III\.\nFor Class III, release under an open licence: Model architecture: `architecture` is under `llama2`/
    );
    expect(found[0].message).toContain('Data card: `data_documentation` is not stated');
  });

  it('reports Class I for a fully open release, with its conditional passes', () => {
    const found = findingsWithDetail('openness-class', fixture('pythia-like.md'));
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('Class I – Open Science Model, the highest class.');
    expect(found[0].message).toContain(
      'Conditional passes: Model parameters (Final): `weights` is under `apache-2.0`, open but not a data licence'
    );
  });

  it('reports at the release key when there are no artefacts, and says nothing without a release block', () => {
    const found = findingsWithDetail('openness-class', '---\nlicense: mit\nrelease:\n  access: open\n---\n');
    expect(found.map((f) => [f.line, f.column])).toEqual([[3, 1]]);
    expect(findingsWithDetail('openness-class', '---\nlicense: mit\n---\n')).toEqual([]);
    expect(findingsWithDetail('openness-class', '---\nrelease: [1]\n---\n')).toEqual([]);
  });
});
