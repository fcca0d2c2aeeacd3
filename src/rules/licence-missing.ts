/** A card must declare a licence in `license`. */
import { ancestorsOf, describePath } from '../licences/ancestry.js';
import { canonicalDeclaration, type LicenceEntry } from '../licences/knowledge.js';
import { afterKey, insertBefore, lineAt } from '../fix/edit.js';
import { endOfMetadata } from '../fix/scaffold.js';
import { statedLicence } from '../licences/text.js';
import type { Fix, RuleContext } from '../types.js';
import { fit } from './lib/brief.js';
import { createRule } from './create.js';

/**
 * When a base model's licence binds derivatives (Gemma, Llama, RAIL…), the licence the card most likely
 * needs; `only` is set when every binding base agrees, which makes it clearly right (a fix may write it).
 */
function baseSuggestion(ctx: RuleContext): { entry: LicenceEntry; text: string; only: boolean } | undefined {
  let found: { entry: LicenceEntry; text: string; only: boolean } | undefined;
  for (const ancestor of ancestorsOf(ctx.meta, ctx.hub, { card: ctx.card })) {
    if (ancestor.role !== 'base' || !ancestor.licence) continue;
    const entries = ancestor.licence.chosen.flatMap((t) => (t.entry ? [t.entry] : []));
    const binding = entries.find((e) => e.derivatives.inherit.some((i) => i !== 'none' && i !== 'unknown'));
    if (!binding || binding.familyOnly || ancestor.source === 'name') continue;
    if (found) {
      if (found.entry.id !== binding.id) found.only = false;
      continue;
    }
    found = {
      entry: binding,
      text: `The base model ${describePath(ancestor)} is under the ${binding.name}, which binds derivatives: a fine-tune normally declares ${canonicalDeclaration(binding)}.`,
      only: true
    };
  }
  return found;
}

/**
 * The one declaration that is clearly right: the Hub id of the licence a single binding base passes on.
 * A missing key goes at the end of the metadata; an empty one (`license:`) is written on its own line.
 */
function fixFor(ctx: RuleContext, hubId: string): Fix | undefined {
  const value = ctx.meta.license;
  if (value === undefined) {
    const at = endOfMetadata(ctx.card);
    return at === undefined ? undefined : insertBefore(ctx.card, at, [`license: ${hubId}`]);
  }
  const key = ctx.card.locate(['license'], 'key');
  const after = afterKey(ctx.card, ['license']);
  const line = key ? lineAt(ctx.card, key.line) : undefined;
  if (!key || !after || !line || key.column !== 1) return undefined;
  // Only `license:` with nothing, `""`, `''`, `~` or `null` after it (and perhaps a comment) is rewritten.
  const rest = /^license:[ \t]*(?:""|''|~|null)?[ \t]*(#.*)?$/.exec(line.text);
  if (!rest) return undefined;
  return { line: key.line, endLine: key.line, text: `license: ${hubId}${rest[1] ? ` ${rest[1]}` : ''}${line.eol || '\n'}` };
}

export default createRule({
  id: 'licence-missing',
  defaultSeverity: 'error',
  description: 'Require the card to declare its licence in `license`.',
  check(ctx) {
    const value = ctx.meta.license;
    const empty =
      value === undefined ||
      value === null ||
      (typeof value === 'string' && value.trim() === '') ||
      (Array.isArray(value) && value.length === 0);
    if (!empty) return;
    const suggestion = baseSuggestion(ctx);
    const hubId = suggestion?.only ? suggestion.entry.hubId : undefined;
    const stated = statedLicence(typeof ctx.card.body === 'string' ? ctx.card.body : '', ctx.card.bodyLine);
    const statedAs = stated
      ? stated.entry.hubId
        ? `\`license: ${stated.entry.hubId}\``
        : `\`license: other\` with \`license_name: ${stated.entry.id}\``
      : '';
    const general =
      'Use a Hub licence id or an SPDX expression (for example `apache-2.0`), or `other` with `license_name` and `license_link`.';
    const textNote = stated ? `The card text states the ${stated.entry.name} (line ${stated.line}): declare it as ${statedAs}.` : '';
    const message = hubId
      ? `The card declares no licence, and its base model's licence binds derivatives: set \`license: ${hubId}\`.`
      : stated
        ? fit(
            `The card declares no licence but its text states the ${stated.entry.name} (line ${stated.line}): declare it as ${statedAs}.`,
            `The card declares no licence but its text states \`${stated.entry.hubId ?? stated.entry.id}\` (line ${stated.line}): declare it in \`license\`.`
          )
        : 'The card declares no licence: set `license` to a Hub licence id, an SPDX expression, or `other` with `license_name` and `license_link`.';
    ctx.report({
      message,
      detail: [suggestion?.text, textNote, general].filter(Boolean).join(' '),
      fix: hubId && !Array.isArray(value) ? fixFor(ctx, hubId) : undefined,
      path: value === undefined ? undefined : ['license']
    });
  }
});
