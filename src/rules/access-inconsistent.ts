/** The declared tier must agree with the rest of the card. */
import { accessOf, artefactsOf, isRecord, releaseOf, str } from '../meta.js';
import { createRule } from './create.js';

/** Tiers under which some people download the weights, so the weights must be released. */
const WEIGHTS_SHARED = new Set(['open', 'gated', 'staged', 'research-only']);
/** Tiers under which nobody downloads the weights. */
const WEIGHTS_KEPT = new Set(['api-only', 'closed']);
/** Tiers that need `access_details` (contract 1.1: required unless open or closed). */
const NEEDS_DETAILS = new Set(['gated', 'staged', 'research-only', 'api-only']);

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
    const statusPath = ['release', 'artefacts', 'weights', 'status'];

    // The card-level `gated` flag (seen beside `extra_gated_eu_disallowed`) saying "not gated" under a gated tier.
    if ((access === 'gated' || access === 'staged') && (ctx.meta.gated === false || ctx.meta.gated === 'false')) {
      ctx.report({
        message: `The release is \`${access}\` but the card says \`gated: false\`: the two cannot both hold. Remove \`gated: false\` (the gate is a repository setting on the Hub) or declare the tier that matches.`,
        path: ['gated'],
        part: 'value'
      });
    }

    if (access === 'open') {
      if (weightsStatus === 'withheld' || weightsStatus === 'not-applicable') {
        ctx.report({
          message: `The release is \`open\` but its weights are ${weightsStatus}: an open release shares its weights. Release them, or choose the tier that matches (api-only, closed, research-only).`,
          path: statusPath,
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
    } else if (WEIGHTS_SHARED.has(access) && (weightsStatus === 'withheld' || weightsStatus === 'not-applicable')) {
      ctx.report({
        message: `The release is \`${access}\`, which grants some people a download of the weights, but the weights are ${weightsStatus}. If nobody outside gets the weights, declare \`api-only\` or \`closed\`; otherwise mark the weights released (with licence and location).`,
        path: statusPath,
        part: 'value'
      });
    }

    if (WEIGHTS_KEPT.has(access) && weightsStatus === 'released') {
      ctx.report({
        message: `The release is \`${access}\`, so nobody downloads the weights, but \`weights\` is marked released. Mark the weights \`withheld\` with a reason, or declare the tier under which they are shared (gated, research-only, open).`,
        path: statusPath,
        part: 'value'
      });
    }

    const details = release.access_details;
    if (NEEDS_DETAILS.has(access) && !isRecord(details)) {
      const what =
        access === 'staged'
          ? '`approval: automatic|manual`, the `conditions`, and the `stages`'
          : access === 'api-only'
            ? 'who may use the API (`approval: automatic|manual`) and on what `conditions`'
            : '`approval: automatic|manual` and the `conditions`';
      ctx.report({
        message: `The release is \`${access}\` but \`release.access_details\` is ${details === undefined || details === null ? 'missing' : `${Array.isArray(details) ? 'a list' : 'not a mapping'}`}: say how access is granted (${what}).`,
        path: details === undefined ? accessPath : ['release', 'access_details'],
        part: details === undefined ? 'key' : 'value'
      });
      return;
    }
    if (!isRecord(details)) return;
    const detailsPath = ['release', 'access_details'];

    if (access === 'staged') {
      const stages = details.stages;
      if (!Array.isArray(stages) || stages.length === 0) {
        ctx.report({
          message: 'The release is `staged` but lists no `stages`: add `release.access_details.stages` with one entry per stage (`date` or `when`, and `what` is released then), or choose the tier that applies today.',
          path: stages === undefined ? detailsPath : [...detailsPath, 'stages']
        });
      }
    }

    const approval = details.approval;
    if (access === 'gated') {
      if (approval === undefined || approval === null) {
        ctx.report({
          message: 'The release is `gated` but `release.access_details.approval` is missing: say whether requests are granted at once (`automatic`) or reviewed by a person (`manual`), matching the Hub repository\'s gate setting.',
          path: detailsPath
        });
      }
    }
    if (access === 'research-only' && (approval === undefined || approval === null)) {
      ctx.report({
        message: 'The release is `research-only` but does not say who checks that a requester is a researcher: set `release.access_details.approval` (`manual` when requests are reviewed, `automatic` when accepting the research terms is enough).',
        path: detailsPath
      });
    }
  }
});
