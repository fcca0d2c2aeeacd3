/** A change of licence relicenses the model for everyone downstream: flag it for review. */
import { lookupLicence } from '../licences/knowledge.js';
import { str } from '../meta.js';
import { clip } from './lib/brief.js';
import { createRule } from './create.js';

/** The licence as written: `license` (a string, or a list joined), with `license_name` for `other`. */
export function declaredLicence(meta: Record<string, unknown>): string | undefined {
  const raw = meta.license;
  let license: string | undefined;
  if (typeof raw === 'string' && raw.trim() !== '') license = raw.trim();
  else if (Array.isArray(raw)) {
    const parts = raw.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
    if (parts.length > 0) license = parts.join(', ');
  }
  if (license === undefined) return undefined;
  const name = str(meta.license_name)?.trim();
  return license.toLowerCase() === 'other' && name ? `other (${name})` : license;
}

/** A comparison key: the knowledge entry when the id is known (so `MIT` equals `mit`), else the folded text. */
function identity(declared: string | undefined): string {
  if (declared === undefined) return '';
  const other = /^other \((.*)\)$/.exec(declared);
  const entry = lookupLicence(other ? `other:${other[1]}` : declared);
  return entry ? `entry:${entry.id}` : `text:${declared.toLowerCase()}`;
}

export default createRule({
  id: 'licence-changed',
  defaultSeverity: 'warning',
  description: "Report a licence that differs from the base branch's version of the card.",
  check(ctx) {
    if (!ctx.base?.data) return;
    const before = declaredLicence(ctx.base.data);
    const after = declaredLicence(ctx.meta);
    if (identity(before) === identity(after)) return;
    const show = (l: string | undefined): string => (l === undefined ? 'no licence' : `\`${clip(l, 40)}\``);
    ctx.report({
      message: `The licence changes from ${show(before)} (base branch) to ${show(after)}: check that the owners of the weights and their sources agreed.`,
      detail:
        'A relicence changes what every user may do. Check that the owners of the weights and of everything they derive from agreed, and that earlier downloads keep their old terms.',
      path: ['license'],
      part: 'value'
    });
  }
});
