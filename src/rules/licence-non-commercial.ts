/** Non-commercial, research-only, and user- or revenue-capped licences limit who may use the model. */
import { governingLicences, pathFor } from '../licences/effective.js';
import { analyseInheritance } from '../licences/inherit.js';
import { unverifiedClause } from '../licences/audit.js';
import { fit, shortIds, withClause } from './lib/brief.js';
import { unverifiedShort } from '../licences/audit.js';
import { createRule } from './create.js';

export default createRule({
  id: 'licence-non-commercial',
  defaultSeverity: 'warning',
  description: 'Report a licence, own or inherited, that forbids or limits commercial use.',
  check(ctx) {
    const limited = governingLicences(ctx.meta, ctx.hub, analyseInheritance(ctx.meta, ctx.hub, ctx.card)).filter(
      (g) => g.entry.researchOnly || g.entry.commercial.status === 'no' || g.entry.commercial.status === 'conditional'
    );
    // `commercial: false` is not a Hub field, but real cards carry it (facebook/opt-*) to say what the licence does.
    const flag =
      ctx.meta.commercial === false || (typeof ctx.meta.commercial === 'string' && /^(false|no)$/i.test(ctx.meta.commercial.trim()));
    const flagged = flag && !limited.some((g) => g.entry.researchOnly || g.entry.commercial.status === 'no');
    if (limited.length === 0 && !flagged) return;
    const parts = limited.map((g) => {
      const c = g.entry.commercial;
      const what = g.entry.researchOnly
        ? 'allows research use only'
        : c.status === 'no'
          ? 'forbids commercial use'
          : 'limits commercial use';
      const from = g.inheritedFrom ? ` (inherited from the ${g.inheritedFrom}; the limit applies to this model too)` : '';
      return `${g.label}${from} ${what}: ${(c.condition ?? '').replace(/\.$/, '')}`;
    });
    if (flagged) parts.unshift('The card says `commercial: false`: the model may not be used commercially');
    const forbids = flagged || limited.some((g) => g.entry.researchOnly || g.entry.commercial.status === 'no');
    const say = (who: string): string =>
      `${who} ${forbids ? 'forbids' : 'limits'} commercial use: say so plainly in the card and check that the intended users fit these terms.`;
    ctx.report({
      message: withClause(
        limited.length > 0 ? fit(say(shortIds(limited)), say(shortIds(limited, 1))) : say('The card'),
        unverifiedShort(limited.map((g) => g.entry))
      ),
      detail: `${parts.join('. ')}${unverifiedClause(limited.map((g) => g.entry))}. Check that the intended users and deployments fit these terms before release.`,
      path: limited.length > 0 ? pathFor(limited, ctx.meta) : ['commercial']
    });
  }
});
