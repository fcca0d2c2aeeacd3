/** The declared tier must agree with the rest of the card. */
import { accessOf, artefactsOf, isRecord, releaseOf, str } from '../meta.js';
import { createRule } from './create.js';

export default createRule({
  id: 'access-inconsistent',
  defaultSeverity: 'error',
  description: 'Disallow an access tier that the rest of the card contradicts.',
  check(ctx) {
    const access = accessOf(ctx.meta);
    if (!access) return;
    const release = releaseOf(ctx.meta) ?? {};
    const weights = artefactsOf(ctx.meta).weights;
    const weightsStatus = weights ? str(weights.status) : undefined;
    const accessPath = ['release', 'access'];

    if (access === 'open') {
      if (weightsStatus === 'withheld' || weightsStatus === 'not-applicable') {
        ctx.report({
          message: `The release is \`open\` but its weights are ${weightsStatus}: an open release shares its weights. Release them, or choose the tier that matches (api-only, closed, research-only).`,
          path: ['release', 'artefacts', 'weights', 'status'],
          part: 'value'
        });
      }
      const gatedKeys = Object.keys(ctx.meta).filter((key) => key.startsWith('extra_gated_') || key === 'gated');
      for (const key of gatedKeys) {
        if (key === 'gated' && ctx.meta.gated === false) continue;
        ctx.report({
          message: `The release is \`open\` but the card configures a Hub access gate (\`${key}\`): an open model is downloaded without a request. Declare \`release.access: gated\`, or remove the gate fields.`,
          path: [key]
        });
      }
    }

    if ((access === 'gated' || access === 'staged') && !isRecord(release.access_details)) {
      ctx.report({
        message: `The release is \`${access}\` but \`release.access_details\` is missing: say how access is granted (\`approval: automatic|manual\`, the \`conditions\`${access === 'staged' ? ', and the `stages`' : ''}).`,
        path: accessPath
      });
    }
  }
});
