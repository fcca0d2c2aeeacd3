import { findingsOf } from '../helpers/rule-harness.js';

describe('card-parse', () => {
  it('reports a duplicate key at the second occurrence', () => {
    const found = findingsOf('card-parse', '---\nlicense: mit\nlibrary_name: x\nlicense: apache-2.0\n---\n');
    expect(found.map((f) => [f.rule, f.line, f.column])).toEqual([['card-parse', 4, 1]]);
    expect(found[0].message).toContain('`license`');
  });

  it('reports YAML that does not parse at the offending line', () => {
    const found = findingsOf('card-parse', '---\nlicense: mit\ntags: [a, b\n---\n');
    expect(found).toHaveLength(1);
    expect(found[0].line).toBeGreaterThanOrEqual(3);
    expect(found[0].message).toMatch(/does not parse/);
  });

  it('reports a MODEL_CARD.md without front matter at line 1', () => {
    const found = findingsOf('card-parse', '# A model\n\nNo metadata here.\n', { path: 'MODEL_CARD.md' });
    expect(found.map((f) => [f.line, f.column])).toEqual([[1, 1]]);
    expect(found[0].message).toMatch(/no YAML front matter/);
  });

  it('reports metadata that is a list instead of a mapping', () => {
    const found = findingsOf('card-parse', '---\n- a\n- b\n---\n');
    expect(found.map((f) => [f.line, f.column])).toEqual([[2, 1]]);
  });

  it('reports invalid JSON in a JSON card with its position', () => {
    const found = findingsOf('card-parse', '{\n  "license": "mit",\n}\n', { path: 'model-card.json' });
    expect(found).toHaveLength(1);
    expect(found[0].line).toBe(3);
  });

  it('stays quiet on a well-formed card, CRLF and BOM included', () => {
    expect(findingsOf('card-parse', '\uFEFF---\r\nlicense: mit\r\n---\r\nBody\r\n')).toEqual([]);
  });
});
