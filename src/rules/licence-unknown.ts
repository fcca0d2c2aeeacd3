/**
 * The declared licence must name one licence: a Hub id or a valid SPDX expression, not `unknown`, `cc` or
 * a bare `other`. The licences of the release's artefacts are held to the same recognition.
 */
import { artefactsOf } from '../meta.js';
import { lookalikes, parseLicenceExpression, suggestLicence, isHubId } from '../licences/knowledge.js';
import type { PathSegment, RuleContext } from '../types.js';
import { createRule } from './create.js';
import { trimChars } from '../text-limits.js';

function blank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '';
}

function didYouMean(value: string): string {
  const suggestion = suggestLicence(value);
  if (!suggestion) return '';
  if (suggestion.startsWith('other + license_name: ')) {
    return ` Did you mean \`license: other\` with \`license_name: ${suggestion.slice('other + license_name: '.length)}\`?`;
  }
  return ` Did you mean \`${suggestion}\`?`;
}

/** Artefact licence values that say there is none: licence-artefact-mismatch and artefact-incomplete speak to those. */
const NO_LICENCE = new Set(['none', 'unlicensed', 'no licence', 'no license', 'unknown', 'n/a']);

const PADDED = /^[ \t\r\n]|[ \t\r\n]$/;

/** `field` names the key in messages: `license`, or an artefact's `licence`. */
function checkValue(ctx: RuleContext, value: string, path: PathSegment[], field = '`license`'): void {
  const shown = JSON.stringify(value);
  if (PADDED.test(value)) {
    // Spaces around an id: the gate's lookups trim them, the Hub's licence filter does not.
    const trimmed = trimChars(value, ' \t\r\n');
    const fix = isHubId(trimmed) || isHubId(trimmed.toLowerCase()) ? (isHubId(trimmed) ? trimmed : trimmed.toLowerCase()) : parseLicenceExpression(trimmed).valid ? trimmed : suggestLicence(trimmed);
    ctx.report({ message: `The licence ${shown} has spaces around it: no Hub licence id has, so the Hub's licence filter will not find the model.${fix ? ` Write \`${fix}\` without the spaces.` : ' Remove the spaces and use a Hub id or an SPDX expression.'}`, path, part: 'value' });
    return;
  }
  if (value === 'unknown') {
    ctx.report({ message: `The licence is \`unknown\`: users cannot tell whether or how they may use the model. Set ${field} to the licence it is released under (a Hub licence id or an SPDX expression)${field === '`license`' ? ', or `other` with `license_name` and `license_link`' : ''}.`, path, part: 'value' });
    return;
  }
  if (value === 'cc') {
    ctx.report({ message: '`cc` names no single licence: Creative Commons runs from CC0 to BY-NC-ND, which allow very different things. Name the exact licence and version, for example `cc-by-4.0` or `cc-by-nc-sa-4.0`.', path, part: 'value' });
    return;
  }
  if (value === 'other') {
    const missing: string[] = [];
    if (blank(ctx.meta.license_name)) missing.push('`license_name`');
    if (blank(ctx.meta.license_link)) missing.push('`license_link`');
    if (missing.length > 0) {
      ctx.report({ message: `\`license: other\` needs ${missing.join(' and ')}: give the custom licence a short lower-case id in \`license_name\` and point \`license_link\` at its text (a LICENSE file in the repository or a URL).`, path, part: 'value' });
    }
    return;
  }
  if (isHubId(value)) return;
  const parsed = parseLicenceExpression(value);
  if (parsed.valid) return;
  const { findings } = lookalikes(value);
  if (findings.length > 0) {
    ctx.report({ message: `The licence id ${shown} is not accepted: it contains ${findings.slice(0, 3).join(', ')}${findings.length > 3 ? ' and more' : ''}, so it only looks like a licence id.${didYouMean(value)} Type the id in plain ASCII.`, path, part: 'value' });
    return;
  }
  const why = parsed.parsed && /\s/.test(value.trim())
    ? 'it mixes Hub ids into an SPDX expression; inside an expression, write custom licences as `LicenseRef-<name>`'
    : 'it is neither a Hugging Face Hub licence id nor a valid SPDX licence expression';
  ctx.report({ message: `The licence ${shown} is not recognised: ${why}.${didYouMean(value)} Use a Hub id (for example \`apache-2.0\`)${field === '`license`' ? ', an SPDX expression (for example `Apache-2.0 OR MIT`), or `other` with `license_name` and `license_link`' : ' or an SPDX expression (for example `Apache-2.0 OR MIT`)'} in ${field}.`, path, part: 'value' });
}

export default createRule({
  id: 'licence-unknown',
  defaultSeverity: 'error',
  description: 'Require `license` (and each artefact licence) to be a Hub licence id or a valid SPDX expression, not `unknown`, `cc` or a bare `other`.',
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
      else ctx.report({ message: `Entry ${i + 1} of \`license\` is not a licence id: write each licence as a string, such as \`apache-2.0\`.`, path: ['license', i], part: 'value' });
    });
  } else {
    ctx.report({ message: `\`license\` must be a licence id written as a string (for example \`apache-2.0\`), not a ${typeof value === 'object' ? 'mapping' : typeof value}.`, path: ['license'], part: 'value' });
  }
}

/** Each artefact's `licence` (or `license`) string, whatever its status; other shapes are card-schema's. */
function checkArtefacts(ctx: RuleContext): void {
  for (const [key, artefact] of Object.entries(artefactsOf(ctx.meta))) {
    for (const field of ['licence', 'license'] as const) {
      const value = artefact[field];
      if (typeof value !== 'string' || value.trim() === '' || NO_LICENCE.has(value.trim().toLowerCase())) continue;
      // `other` has no license_name here: the artefact points at its own licence file through `location`.
      if (value === 'other') continue;
      checkValue(ctx, value, ['release', 'artefacts', key, field], `the \`${field}\` of \`release.artefacts.${key}\``);
    }
  }
}
