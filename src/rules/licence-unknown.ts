/**
 * The declared licence must name one licence: a Hub id or a valid SPDX expression, not `unknown`, `cc` or
 * a bare `other`. The licences of the release's artefacts are held to the same recognition.
 */
import { artefactsOf } from '../meta.js';
import { lookalikes, parseLicenceExpression, resolveArtefactLicence, suggestLicence, isHubId } from '../licences/knowledge.js';
import { isPlaceholder, PLACEHOLDER, replaceScalar } from '../fix/edit.js';
import type { Fix, PathSegment, RuleContext } from '../types.js';
import { clip } from './lib/brief.js';
import { createRule } from './create.js';
import { trimChars } from '../text-limits.js';

function blank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '';
}

/** The suggestion as a value the field can hold, when it is one (not the `other` + `license_name` form). */
function replacement(value: string): string | undefined {
  const suggestion = suggestLicence(value);
  if (!suggestion || suggestion.startsWith('other + license_name: ')) return undefined;
  return suggestion;
}

function didYouMean(value: string): string {
  const suggestion = suggestLicence(value);
  if (!suggestion) return '';
  if (suggestion.startsWith('other + license_name: ')) {
    return `did you mean \`license: other\` with \`license_name: ${clip(suggestion.slice('other + license_name: '.length))}\`?`;
  }
  return `did you mean \`${clip(suggestion)}\`?`;
}

/** Artefact licence values that say there is none: licence-artefact-mismatch and artefact-incomplete speak to those. */
const NO_LICENCE = new Set(['none', 'unlicensed', 'no licence', 'no license', 'unknown', 'n/a']);

const PADDED = /^[ \t\r\n]|[ \t\r\n]$/;

/** `field` names the key in messages: `license`, or an artefact's `licence`. */
function checkValue(ctx: RuleContext, value: string, path: PathSegment[], field = '`license`'): void {
  const own = field === '`license`';
  // An artefact's licence says whose it is: `apache2` (release.artefacts.weights.licence).
  const shown = `\`${clip(JSON.stringify(value).slice(1, -1), 30)}\`${own ? '' : ` (\`${path.map(String).join('.').slice(0, 60)}\`)`}`;
  const choices = own
    ? 'Use a Hub id (for example `apache-2.0`), an SPDX expression (for example `Apache-2.0 OR MIT`), or `other` with `license_name` and `license_link`.'
    : 'Use a Hub id (for example `apache-2.0`) or an SPDX expression (for example `Apache-2.0 OR MIT`).';
  const fixTo = (to: string | undefined): Fix | undefined => (to === undefined ? undefined : replaceScalar(ctx.card, path, to));
  if (isPlaceholder(value)) {
    ctx.report({
      message: `${own ? 'The licence' : `The licence of ${field}`} is still the placeholder \`${PLACEHOLDER}\`: write the licence it is released under.`,
      detail: choices,
      path,
      part: 'value'
    });
    return;
  }
  if (PADDED.test(value)) {
    // Spaces around an id: the gate's lookups trim them, the Hub's licence filter does not.
    const trimmed = trimChars(value, ' \t\r\n');
    const fix =
      isHubId(trimmed) || isHubId(trimmed.toLowerCase())
        ? isHubId(trimmed)
          ? trimmed
          : trimmed.toLowerCase()
        : parseLicenceExpression(trimmed).valid
          ? trimmed
          : suggestLicence(trimmed);
    ctx.report({
      message: fix
        ? `The licence ${shown} has spaces around it, so the Hub's licence filter will not find the model: write \`${clip(fix)}\`.`
        : `The licence ${shown} has spaces around it: remove them and use a Hub id or an SPDX expression.`,
      detail: 'No Hub licence id has spaces around it.',
      fix: fix && !fix.startsWith('other + license_name: ') ? fixTo(fix) : undefined,
      path,
      part: 'value'
    });
    return;
  }
  if (value === 'unknown') {
    ctx.report({
      message: `The licence is \`unknown\`, so nobody can tell how they may use it: set ${field} to the actual licence.`,
      detail: choices,
      path,
      part: 'value'
    });
    return;
  }
  if (value === 'cc') {
    ctx.report({
      message:
        '`cc` names no single licence: name the exact Creative Commons licence and version, for example `cc-by-4.0` or `cc-by-nc-sa-4.0`.',
      detail: 'Creative Commons runs from CC0 to BY-NC-ND, which allow very different things.',
      path,
      part: 'value'
    });
    return;
  }
  if (value === 'other') {
    const missing: string[] = [];
    if (blank(ctx.meta.license_name)) missing.push('`license_name`');
    if (blank(ctx.meta.license_link)) missing.push('`license_link`');
    if (missing.length > 0) {
      ctx.report({
        message: `\`license: other\` needs ${missing.join(' and ')}: a short lower-case id for the licence and a link to its text.`,
        detail: '`license_link` may point at a LICENSE file in the repository or at a URL.',
        path,
        part: 'value'
      });
    }
    return;
  }
  if (isHubId(value)) return;
  const parsed = parseLicenceExpression(value);
  if (parsed.valid) return;
  const { findings } = lookalikes(value);
  const guess = didYouMean(value);
  if (findings.length > 0) {
    ctx.report({
      message: `The licence id ${shown} only looks like a licence id: ${guess || 'type it in plain ASCII.'}`,
      detail: `It contains ${findings.slice(0, 3).join(', ')}${findings.length > 3 ? ' and more' : ''}. Type the id in plain ASCII.`,
      fix: fixTo(replacement(value)),
      path,
      part: 'value'
    });
    return;
  }
  const why =
    parsed.parsed && /\s/.test(value.trim())
      ? 'It mixes Hub ids into an SPDX expression; inside an expression, write custom licences as `LicenseRef-<name>`.'
      : 'It is neither a Hugging Face Hub licence id nor a valid SPDX licence expression.';
  ctx.report({
    message: `The licence ${shown} is not recognised: ${guess || (own ? 'use a Hub id, an SPDX expression, or `other` with a name and link.' : 'use a Hub id or an SPDX expression.')}`,
    detail: `${why} ${choices}`,
    fix: fixTo(replacement(value)),
    path,
    part: 'value'
  });
}

export default createRule({
  id: 'licence-unknown',
  defaultSeverity: 'error',
  description:
    'Require `license` (and each artefact licence) to be a Hub licence id or a valid SPDX expression, not `unknown`, `cc` or a bare `other`.',
  check(ctx) {
    checkLicense(ctx);
    checkArtefacts(ctx);
  }
});

function checkLicense(ctx: RuleContext): void {
  const value = ctx.meta.license;
  if (value === undefined || value === null) return; // licence-missing
  if (typeof value === 'string') {
    if (value.trim() === '') return; // licence-missing
    checkValue(ctx, value, ['license']);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (typeof item === 'string' && item.trim() !== '') checkValue(ctx, item, ['license', i]);
      else
        ctx.report({
          message: `Entry ${i + 1} of \`license\` is not a licence id: write each licence as a string, such as \`apache-2.0\`.`,
          path: ['license', i],
          part: 'value'
        });
    });
  } else {
    ctx.report({
      message: `\`license\` must be a licence id written as a string (for example \`apache-2.0\`), not a ${typeof value === 'object' ? 'mapping' : typeof value}.`,
      path: ['license'],
      part: 'value'
    });
  }
}

function knownCustomName(ctx: RuleContext, value: string): boolean {
  return resolveArtefactLicence(value, typeof ctx.meta.license_name === 'string' ? ctx.meta.license_name : undefined).kind === 'other';
}

/** Each artefact's `licence` (or `license`) string, whatever its status; other shapes are card-schema's. */
function checkArtefacts(ctx: RuleContext): void {
  for (const [key, artefact] of Object.entries(artefactsOf(ctx.meta))) {
    for (const field of ['licence', 'license'] as const) {
      const value = artefact[field];
      if (typeof value !== 'string' || value.trim() === '' || NO_LICENCE.has(value.trim().toLowerCase())) continue;
      // `other` has no license_name here: the artefact points at its own licence file through `location`.
      if (value === 'other') continue;
      // A custom licence named as `license_name` would name it (`mrl`, `qwen`), or the card's own `license_name`, is known.
      if (knownCustomName(ctx, value)) continue;
      checkValue(ctx, value, ['release', 'artefacts', key, field], `the \`${field}\` of \`release.artefacts.${key}\``);
    }
  }
}
