/** A pull request that opens access further than the base branch did is a release decision to flag. */
import { accessOf } from '../meta.js';
import { ACCESS_TIERS } from '../types.js';
import { createRule } from './create.js';

/** Position in the contract's order closed < research-only < api-only < gated < staged < open, or -1. */
export function tierRank(tier: string | undefined): number {
  return tier === undefined ? -1 : (ACCESS_TIERS as readonly string[]).indexOf(tier);
}

export default createRule({
  id: 'access-widened',
  defaultSeverity: 'warning',
  description: "Report an access tier that is more open than in the base branch's version of the card.",
  check(ctx) {
    if (!ctx.base?.data) return;
    const before = accessOf(ctx.base.data);
    const after = accessOf(ctx.meta);
    const from = tierRank(before);
    const to = tierRank(after);
    if (from < 0 || to < 0 || to <= from) return;
    ctx.report({
      message: `Access widens from \`${before}\` (base branch) to \`${after}\`: make sure the release owners approved the wider tier.`,
      detail:
        'Wider access is hard to take back once the weights are out. Check that the licence, the risk assessment and any gate still fit the new tier.',
      path: ['release', 'access'],
      part: 'value'
    });
  }
});
