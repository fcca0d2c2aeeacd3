import { findingsOf } from '../helpers/rule-harness.js';

describe('access-undeclared', () => {
  it('reports a card without release.access at line 1', () => {
    const found = findingsOf('access-undeclared', '---\nlicense: mit\nrelease:\n  artefacts: {}\n---\n');
    expect(found.map((f) => [f.rule, f.line, f.column])).toEqual([['access-undeclared', 1, 1]]);
  });

  it('reports an empty access value at its key', () => {
    const found = findingsOf('access-undeclared', '---\nlicense: mit\nrelease:\n  access:\n---\n');
    expect(found.map((f) => [f.line, f.column])).toEqual([[4, 3]]);
  });

  it('stays quiet when the tier is declared', () => {
    expect(findingsOf('access-undeclared', '---\nrelease:\n  access: gated\n---\n')).toEqual([]);
  });
});
