/** Licences with behavioural use restrictions (RAIL family, Llama and Gemma policies) must be passed on downstream. */
import { governingLicences, pathFor } from '../licences/effective.js';
import { analyseInheritance } from '../licences/inherit.js';
import { declaresUseRestrictions } from '../licences/inherit.js';
import { unverifiedClause } from '../licences/audit.js';
import { fit, shortIds, withClause } from './lib/brief.js';
import { unverifiedShort } from '../licences/audit.js';
import { createRule } from './create.js';

export default createRule({
  id: 'licence-use-restrictions',
  defaultSeverity: 'notice',
  description: 'Report behavioural use restrictions in the licence, which every derivative must pass on.',
  check(ctx) {
    const restricted = governingLicences(ctx.meta, ctx.hub, analyseInheritance(ctx.meta, ctx.hub, ctx.card)).filter(
      (g) => g.entry.useRestrictions.present
    );
    if (restricted.length === 0) return;
    const parts = restricted.map((g) => {
      const policy = g.entry.useRestrictions.policy ? ` (${g.entry.useRestrictions.policy})` : '';
      return `${g.label}${g.inheritedFrom ? `, inherited from the ${g.inheritedFrom},` : ''} restricts use: ${g.entry.useRestrictions.what}${policy}`;
    });
    const declared = declaresUseRestrictions(ctx.meta);
    const declare = declared ? '' : ' State them in `release.use_restrictions` (a URL or a list) so that users see them.';
    ctx.report({
      message: withClause(
        fit(
          ...[3, 1].map(
            (n) =>
              `${shortIds(restricted, n)} ${restricted.length === 1 ? 'carries' : 'carry'} use restrictions that every derivative must pass on: ${declared ? 'pass them on to your users.' : 'state them in `release.use_restrictions`.'}`
          )
        ),
        unverifiedShort(restricted.map((g) => g.entry))
      ),
      detail: `${parts.join('. ')}${unverifiedClause(restricted.map((g) => g.entry))}. Anyone who shares this model or a derivative must pass these restrictions on as an enforceable part of their own terms and tell their users.${declare}`,
      path: pathFor(restricted, ctx.meta)
    });
  }
});
