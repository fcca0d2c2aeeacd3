/** The declared licence must name one licence: a Hub id or a valid SPDX expression, not `unknown`, `cc` or a bare `other`. */
import { lookalikes, parseLicenceExpression, suggestLicence, isHubId } from '../licences/knowledge.js';
import type { PathSegment, RuleContext } from '../types.js';
import { createRule } from './create.js';

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

function checkValue(ctx: RuleContext, value: string, path: PathSegment[]): void {
  const shown = JSON.stringify(value);
  if (value === 'unknown') {
    ctx.report({ message: 'The licence is `unknown`: users cannot tell whether or how they may use the model. Set `license` to the licence the model is released under (a Hub licence id or an SPDX expression), or `other` with `license_name` and `license_link`.', path, part: 'value' });
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
  ctx.report({ message: `The licence ${shown} is not recognised: ${why}.${didYouMean(value)} Use a Hub id (for example \`apache-2.0\`), an SPDX expression (for example \`Apache-2.0 OR MIT\`), or \`other\` with \`license_name\` and \`license_link\`.`, path, part: 'value' });
}

export default createRule({
  id: 'licence-unknown',
  defaultSeverity: 'error',
  description: 'Require `license` to be a Hub licence id or a valid SPDX expression, not `unknown`, `cc` or a bare `other`.',
  check(ctx) {
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
      return;
    }
    ctx.report({ message: `\`license\` must be a licence id written as a string (for example \`apache-2.0\`), not a ${typeof value === 'object' ? 'mapping' : typeof value}.`, path: ['license'], part: 'value' });
  }
});
