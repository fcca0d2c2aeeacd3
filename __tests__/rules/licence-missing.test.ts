import { findingsOf } from '../helpers/rule-harness.js';

describe('licence-missing', () => {
  it('reports a card with no license key at line 1', () => {
    const found = findingsOf('licence-missing', '---\nlibrary_name: transformers\n---\n');
    expect(found.map((f) => [f.rule, f.severity, f.line, f.column])).toEqual([['licence-missing', 'error', 1, 1]]);
  });

  it('reports an empty license value at its key', () => {
    const found = findingsOf('licence-missing', '---\nlibrary_name: transformers\nlicense: ""\n---\n');
    expect(found.map((f) => [f.line, f.column])).toEqual([[3, 1]]);
  });

  it('reports an empty front matter', () => {
    expect(findingsOf('licence-missing', '---\n---\n# Body\n')).toHaveLength(1);
  });

  it('stays quiet when a licence is declared', () => {
    expect(findingsOf('licence-missing', '---\nlicense: mit\n---\n')).toEqual([]);
  });
});
