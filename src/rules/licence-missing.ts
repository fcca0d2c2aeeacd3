/** A card must declare a licence in `license`. */
import { ancestorsOf, describePath } from '../licences/ancestry.js';
import { canonicalDeclaration } from '../licences/knowledge.js';
import { statedLicenceHint } from '../licences/text.js';
import type { RuleContext } from '../types.js';
import { createRule } from './create.js';

/** When a base model's licence binds derivatives (Gemma, Llama, RAIL…), the licence the card most likely needs. */
function baseSuggestion(ctx: RuleContext): string {
  for (const ancestor of ancestorsOf(ctx.meta, ctx.hub, { card: ctx.card })) {
    if (ancestor.role !== 'base' || !ancestor.licence) continue;
    const entries = ancestor.licence.chosen.flatMap((t) => (t.entry ? [t.entry] : []));
    const binding = entries.find((e) => e.derivatives.inherit.some((i) => i !== 'none' && i !== 'unknown'));
    if (!binding || binding.familyOnly) continue;
    return ` The base model ${describePath(ancestor)} is under the ${binding.name}, which binds derivatives: a fine-tune normally declares ${canonicalDeclaration(binding)}.`;
  }
  return '';
}

export default createRule({
  id: 'licence-missing',
  defaultSeverity: 'error',
  description: 'Require the card to declare its licence in `license`.',
  check(ctx) {
    const value = ctx.meta.license;
    const empty = value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
    if (empty) {
      ctx.report({
        message: `The card declares no licence: set \`license\` to a Hub licence id or an SPDX expression (for example \`apache-2.0\`), or \`other\` with \`license_name\` and \`license_link\`.${statedLicenceHint(typeof ctx.card.body === 'string' ? ctx.card.body : '', ctx.card.bodyLine)}${baseSuggestion(ctx)}`,
        path: value === undefined ? undefined : ['license']
      });
    }
  }
});
