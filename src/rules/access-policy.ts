/** The tier must be one the organisation's policy allows, overall and for the declared dual-use risk. */
import { accessOf, riskOf } from '../meta.js';
import { ACCESS_TIERS, RISK_LEVELS, type AccessTier, type RiskLevel } from '../types.js';
import { fit } from './lib/brief.js';
import { createRule } from './create.js';

const list = (tiers: readonly string[]): string => (tiers.length === 0 ? 'no tier at all' : tiers.map((t) => `\`${t}\``).join(', '));

export default createRule({
  id: 'access-policy',
  defaultSeverity: 'error',
  description: 'Disallow an access tier that the policy does not allow, overall or for the declared dual-use risk.',
  check(ctx) {
    const access = accessOf(ctx.meta);
    if (!access || !(ACCESS_TIERS as readonly string[]).includes(access)) return;
    const tier = access as AccessTier;
    const where = ctx.policy.source ? `The policy (${ctx.policy.source})` : 'The policy';
    const at = { path: ['release', 'access'], part: 'value' as const };
    const { allowed, byRisk } = ctx.policy.access;

    if (allowed && !allowed.includes(tier)) {
      ctx.report({
        ...at,
        message: `The policy does not allow \`${tier}\` releases: choose an allowed tier, or ask the policy owners to change \`access.allowed\`.`,
        detail: `${where} allows ${list(allowed)}.`
      });
      return;
    }

    const levels = RISK_LEVELS.filter((level) => byRisk[level] !== undefined);
    if (levels.length === 0) return;
    const declared = riskOf(ctx.meta);
    if (declared !== undefined && (RISK_LEVELS as readonly string[]).includes(declared)) {
      const permitted = byRisk[declared as RiskLevel];
      if (permitted && !permitted.includes(tier)) {
        ctx.report({
          ...at,
          message: `The policy does not allow \`${tier}\` for \`${declared}\` dual-use risk: choose an allowed tier, or correct an overstated \`release.risk.dual_use\`.`,
          detail: `${where} allows ${list(permitted)} for models of \`${declared}\` dual-use risk. A corrected risk level needs an assessment that supports it.`
        });
      }
      return;
    }
    // No (valid) risk level: the card cannot show which list applies, so it must pass every one.
    const failing = levels.filter((level) => !byRisk[level]!.includes(tier));
    if (failing.length > 0) {
      const said =
        declared === undefined
          ? 'declares no dual-use risk level'
          : `declares the risk \`${declared.slice(0, 40)}\`, which is not low, medium or high`;
      ctx.report({
        ...at,
        message: fit(
          `The policy does not allow \`${tier}\` at ${failing.join(' or ')} dual-use risk and the card ${declared === undefined ? 'rates none' : 'has no valid rating'}: declare \`release.risk.dual_use\` with an \`assessment\`.`,
          `The policy limits \`${tier}\` by dual-use risk and the card has no valid rating: declare \`release.risk.dual_use\` with an \`assessment\`.`
        ),
        detail: `The card ${said}, and ${where.charAt(0).toLowerCase()}${where.slice(1)} restricts tiers by risk, so an unrated card must satisfy every level's list; \`${tier}\` is not allowed for ${failing.map((l) => `\`${l}\``).join(', ')} risk. The risk level is low, medium or high.`
      });
    }
  }
});
