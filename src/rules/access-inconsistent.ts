/** The declared tier must agree with the rest of the card. */
import { accessOf, artefactsOf, isRecord, releaseOf, str } from '../meta.js';
import { afterKey, firstChild, insertAfter, insertBefore, PLACEHOLDER } from '../fix/edit.js';
import type { Fix, ParsedCard } from '../types.js';
import { clip } from './lib/brief.js';
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
        message: `The release is \`${access}\` but the card says \`gated: false\`: remove \`gated: false\` or declare the tier that matches.`,
        detail:
          'The two cannot both hold. The gate itself is a repository setting on the Hub; the card-level `gated` flag only describes it.',
        path: ['gated'],
        part: 'value'
      });
    }

    if (access === 'open') {
      if (weightsStatus === 'withheld' || weightsStatus === 'not-applicable') {
        ctx.report({
          message: `The release is \`open\` but its weights are ${weightsStatus}: release them, or declare the tier that matches (api-only, closed, research-only).`,
          detail: 'An open release shares its weights with anyone who asks.',
          path: statusPath,
          part: 'value'
        });
      }
      const gatedKeys = Object.keys(ctx.meta).filter((key) => key.startsWith('extra_gated_') || key === 'gated');
      for (const key of gatedKeys) {
        if (key === 'gated' && ctx.meta.gated === false) continue;
        ctx.report({
          message: `The release is \`open\` but the card configures a Hub access gate (\`${clip(key)}\`): declare \`release.access: gated\` or remove the gate fields.`,
          detail: 'An open model is downloaded without a request; `extra_gated_*` fields ask every downloader to fill in a form first.',
          path: [key]
        });
      }
    } else if (WEIGHTS_SHARED.has(access) && (weightsStatus === 'withheld' || weightsStatus === 'not-applicable')) {
      ctx.report({
        message: `The release is \`${access}\` but the weights are ${weightsStatus}: declare \`api-only\` or \`closed\`, or mark the weights released.`,
        detail: `The \`${access}\` tier grants some people a download of the weights. If nobody outside gets them, \`api-only\` or \`closed\` is the tier; otherwise mark the weights released with their licence and location.`,
        path: statusPath,
        part: 'value'
      });
    }

    if (WEIGHTS_KEPT.has(access) && weightsStatus === 'released') {
      ctx.report({
        message: `The release is \`${access}\` but \`weights\` is marked released: mark the weights \`withheld\` with a reason, or declare the tier that shares them.`,
        detail: `Under \`${access}\` nobody downloads the weights. Tiers under which weights are shared: gated, staged, research-only, open.`,
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
      const state = details === undefined || details === null ? 'missing' : Array.isArray(details) ? 'a list' : 'not a mapping';
      ctx.report({
        message: `The release is \`${access}\` but \`release.access_details\` is ${state}: say how access is granted.`,
        detail: `A \`${access}\` release states ${what}. The fix inserts placeholders that fail the gate until a person fills them in.`,
        fix: details === undefined ? detailsScaffold(ctx.card, access) : undefined,
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
          message:
            'The release is `staged` but lists no `stages`: add `release.access_details.stages`, one entry per stage, or declare the tier that applies today.',
          detail: 'Each stage has a `date` or `when`, and `what` is released then.',
          path: stages === undefined ? detailsPath : [...detailsPath, 'stages']
        });
      }
    }

    const approval = details.approval;
    const approvalFix = (): Fix | undefined => {
      const first = Object.keys(details)[0];
      const at = first === undefined ? undefined : firstChild(ctx.card, detailsPath, first);
      return at ? insertBefore(ctx.card, at.line, [`${at.indent}approval: ${PLACEHOLDER}  # automatic | manual`]) : undefined;
    };
    if (access === 'gated' && (approval === undefined || approval === null)) {
      ctx.report({
        message:
          'The release is `gated` but `release.access_details.approval` is missing: set it to `automatic` or `manual`, as the Hub gate is set.',
        detail:
          "Requests are granted at once (`automatic`) or reviewed by a person (`manual`); the value should match the Hub repository's gate setting.",
        fix: approval === undefined ? approvalFix() : undefined,
        path: detailsPath
      });
    }
    if (access === 'research-only' && (approval === undefined || approval === null)) {
      ctx.report({
        message:
          'The release is `research-only` but does not say who checks that a requester is a researcher: set `release.access_details.approval`.',
        detail: '`manual` when requests are reviewed, `automatic` when accepting the research terms is enough.',
        fix: approval === undefined ? approvalFix() : undefined,
        path: detailsPath
      });
    }
  }
});

/** `access_details` with placeholders, inserted under `release.access`; they fail the gate until filled in. */
function detailsScaffold(card: ParsedCard, access: string): Fix | undefined {
  const at = afterKey(card, ['release', 'access']);
  if (!at) return undefined;
  const lines = [
    `${at.indent}access_details:`,
    `${at.indent}  approval: ${PLACEHOLDER}  # automatic | manual`,
    `${at.indent}  conditions: ${PLACEHOLDER}`
  ];
  if (access === 'staged') lines.push(`${at.indent}  stages: []  # one entry per stage: { date, what }`);
  return insertAfter(card, at.line, lines);
}
