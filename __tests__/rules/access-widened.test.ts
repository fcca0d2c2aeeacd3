import { findingsOf } from '../helpers/rule-harness.js';
import { tierRank } from '../../src/rules/access-widened.js';

const card = (access: string): string => ['---', 'license: mit', 'release:', `  access: ${access}`, '---', ''].join('\n');

describe('access-widened', () => {
  it('reports a tier more open than the base, at the tier value', () => {
    const found = findingsOf('access-widened', card('open'), { base: card('gated') });
    expect(found.map((f) => [f.rule, f.line, f.column])).toEqual([['access-widened', 4, 11]]);
    expect(found[0].message).toContain('from `gated` (base branch) to `open`');
  });

  it('follows the contract order closed < research-only < api-only < gated < staged < open', () => {
    const order = ['closed', 'research-only', 'api-only', 'gated', 'staged', 'open'];
    expect(order.map(tierRank)).toEqual([0, 1, 2, 3, 4, 5]);
    for (let i = 0; i < order.length; i++) {
      for (let j = 0; j < order.length; j++) {
        expect(findingsOf('access-widened', card(order[j]), { base: card(order[i]) })).toHaveLength(j > i ? 1 : 0);
      }
    }
  });

  it('raises nothing for a new card, a narrowed tier or a base without a tier', () => {
    expect(findingsOf('access-widened', card('open'))).toEqual([]);
    expect(findingsOf('access-widened', card('closed'), { base: card('open') })).toEqual([]);
    expect(findingsOf('access-widened', card('open'), { base: '---\nlicense: mit\n---\n' })).toEqual([]);
    expect(findingsOf('access-widened', card('open'), { base: 'no front matter' })).toEqual([]);
    expect(findingsOf('access-widened', card('open'), { base: card('public') })).toEqual([]);
  });
});
