import { findingsOf } from '../helpers/rule-harness.js';

const card = (...lines: string[]): string => ['---', ...lines, 'release:', '  access: open', '---', ''].join('\n');

describe('licence-changed', () => {
  it('reports a changed licence at the license value, naming old and new', () => {
    const found = findingsOf('licence-changed', card('license: apache-2.0'), { base: card('license: cc-by-nc-4.0') });
    expect(found.map((f) => [f.rule, f.line, f.column])).toEqual([['licence-changed', 2, 10]]);
    expect(found[0].message).toContain('from `cc-by-nc-4.0` (base branch) to `apache-2.0`');
  });

  it('compares license_name under other, and reports a removed licence at line 1', () => {
    const found = findingsOf('licence-changed', card('license: other', 'license_name: acme-v2'), {
      base: card('license: other', 'license_name: acme-v1')
    });
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('`other (acme-v1)`');
    expect(found[0].message).toContain('`other (acme-v2)`');
    const removed = findingsOf('licence-changed', card('tags: [x]'), { base: card('license: mit') });
    expect(removed.map((f) => [f.line, f.column])).toEqual([[1, 1]]);
    expect(removed[0].message).toContain('to no licence');
  });

  it('raises nothing for a new card, the same licence in another spelling, or an unreadable base', () => {
    expect(findingsOf('licence-changed', card('license: mit'))).toEqual([]);
    expect(findingsOf('licence-changed', card('license: Apache-2.0'), { base: card('license: apache-2.0') })).toEqual([]);
    expect(
      findingsOf('licence-changed', card('license: other', 'license_name: acme'), { base: card('license: other', 'license_name: acme') })
    ).toEqual([]);
    expect(findingsOf('licence-changed', card('license: mit'), { base: '---\n: [\n---\n' })).toEqual([]);
  });

  it('tolerates odd shapes', () => {
    // A number is no licence; of a list, the first licence is the card's.
    expect(
      findingsOf('licence-changed', card('license: [mit, 3]'), { base: card('license: 7') }).map((f) => [f.line, f.column, f.message])
    ).toEqual([[2, 10, expect.stringContaining('from no licence (base branch) to `mit`')]]);
    expect(findingsOf('licence-changed', card('license: [mit, apache-2.0]'), { base: card('license: [mit, apache-2.0]') })).toEqual([]);
  });
});
