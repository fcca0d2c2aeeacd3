/**
 * Does the card's licence keep what its ancestors' licences require of derivatives? Thinks like a
 * licence reviewer: a card that still names the parent's licence (`llama2` on a Llama 2 quant,
 * `other` + `gemma-terms-of-use` on a Gemma fine-tune) keeps it, whatever else it adds; a card
 * under a licence the gate does not know (`other` + an unknown name) is given the benefit of doubt.
 */
import { releaseOf } from '../meta.js';
import type { HubFacts } from '../types.js';
import { ancestorsOf, bindingTerms, type Ancestor, type AncestryOptions, type BindingTerm } from './ancestry.js';
import { sameLicence } from './text.js';
import { trimTrailing } from '../text-limits.js';
import { permissiveness, resolveLicence, type Inherit, type LicenceEntry, type LicenceTerm, type ResolvedLicence } from './knowledge.js';

export interface InheritanceConflict {
  binding: BindingTerm;
  kind: Inherit | 'output-training-ban';
  /** The clause of the parent's licence that the card's licence drops. */
  clause: string;
}

export interface InheritanceAnalysis {
  licence?: ResolvedLicence;
  ancestors: Ancestor[];
  bindings: BindingTerm[];
  conflicts: InheritanceConflict[];
}

/** Whether `release.use_restrictions` states restrictions that travel with the model. */
export function declaresUseRestrictions(meta: Record<string, unknown>): boolean {
  const value = releaseOf(meta)?.use_restrictions;
  if (typeof value === 'string') return value.trim() !== '';
  return Array.isArray(value) && value.some((v) => typeof v === 'string' && v.trim() !== '');
}

/** The card names the parent's licence, or (for a family stand-in such as `llama-family`) a member of that family. */
function carries(terms: LicenceTerm[], entry: LicenceEntry): boolean {
  return terms.some(
    (t) =>
      t.entry !== undefined &&
      (t.entry.id === entry.id ||
        (entry.familyOnly && sameLicence(entry, t.entry)) ||
        (t.entry.derivatives.carriesTermsOf ?? []).includes(entry.id))
  );
}

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function withoutScheme(url: string): string {
  return trimTrailing(
    url
      .toLowerCase()
      .replace(/^https?:\/\//, '')
      .replace(/^www\./, ''),
    '/'
  );
}

/**
 * Whether the card keeps the parent's terms by reference: `license_link` or `release.use_restrictions`
 * pointing at the parent's licence or policy, or a `license_name` that names it.
 */
export function keepsTermsByReference(meta: Record<string, unknown>, entry: LicenceEntry): boolean {
  const urls = [entry.source, entry.useRestrictions.policy].filter((u): u is string => typeof u === 'string').map(withoutScheme);
  const texts = [...stringsOf(meta.license_link), ...stringsOf(releaseOf(meta)?.use_restrictions)].map(withoutScheme);
  if (texts.some((t) => urls.some((u) => t.includes(u)))) return true;
  const name = typeof meta.license_name === 'string' ? meta.license_name.toLowerCase() : '';
  return name !== '' && [entry.id, ...entry.aliases].some((a) => a.length > 3 && name.includes(a.replace(/ /g, '-')));
}

/** The first requirement of `entry` that the card's licence terms fail, or undefined. */
export function droppedRequirement(
  terms: LicenceTerm[],
  entry: LicenceEntry,
  meta: Record<string, unknown>
): { kind: Inherit; clause: string } | undefined {
  if ((carries(terms, entry) || keepsTermsByReference(meta, entry)) && !entry.derivatives.inherit.includes('no-derivatives'))
    return undefined;
  for (const kind of entry.derivatives.inherit) {
    switch (kind) {
      case 'same-terms':
        return { kind, clause: entry.derivatives.text };
      case 'use-restrictions': {
        const railToRail =
          entry.families.includes('rail') && terms.some((t) => t.entry?.families.includes('rail') && t.entry.useRestrictions.present);
        if (railToRail || declaresUseRestrictions(meta)) break;
        return {
          kind,
          clause: `its use restrictions (${entry.useRestrictions.what ?? 'behavioural restrictions'}) must be passed on to every derivative. ${entry.derivatives.text}`
        };
      }
      case 'share-alike': {
        const group = entry.derivatives.shareAlikeGroup;
        if (group && terms.some((t) => t.entry?.derivatives.shareAlikeGroup === group)) break;
        return { kind, clause: entry.derivatives.text };
      }
      case 'non-commercial':
        if (terms.some((t) => t.entry?.commercial.status === 'no')) break;
        return { kind, clause: `${entry.commercial.condition ?? 'Commercial use is not allowed.'} The limit applies to derivatives too.` };
      case 'no-derivatives':
        return { kind, clause: 'no derivatives may be shared at all.' };
      default:
        break;
    }
  }
  return undefined;
}

/** Whether the card's licence can be judged at all (known terms, not `unknown`, not an unknown `other`). */
export function judgeable(licence: ResolvedLicence | undefined): licence is ResolvedLicence {
  if (!licence || licence.kind === 'invalid') return false;
  return (
    licence.chosen.length > 0 &&
    licence.chosen.every((t) => t.entry !== undefined && t.entry.id !== 'unknown' && t.entry.id !== 'other' && t.entry.id !== 'cc')
  );
}

/** Works out which ancestors bind the card and where its licence drops their terms; most restrictive first. */
export function analyseInheritance(meta: Record<string, unknown>, hub: HubFacts, card?: AncestryOptions['card']): InheritanceAnalysis {
  // Six rules ask about the same card: the analysis (and the prose scan under it) is done once per card object.
  if (!card) return analyseOnce(meta, hub, card);
  const cached = perCard.get(card);
  if (cached && cached.meta === meta && cached.hub === hub) return cached.analysis;
  const analysis = analyseOnce(meta, hub, card);
  perCard.set(card, { meta, hub, analysis });
  return analysis;
}

const perCard = new WeakMap<object, { meta: Record<string, unknown>; hub: HubFacts; analysis: InheritanceAnalysis }>();

function analyseOnce(meta: Record<string, unknown>, hub: HubFacts, card?: AncestryOptions['card']): InheritanceAnalysis {
  const licence = resolveLicence(meta);
  const ancestors = ancestorsOf(meta, hub, { card });
  const bindings = bindingTerms(ancestors);
  const conflicts: InheritanceConflict[] = [];
  if (!judgeable(licence)) return { licence, ancestors, bindings, conflicts };
  const terms = licence.chosen;
  const baseEntries = new Set(bindings.filter((b) => b.ancestor.role === 'base').map((b) => b.entry.id));
  const seen = new Set<string>();
  for (const binding of bindings) {
    const key = `${binding.entry.id}|${binding.via}`;
    if (seen.has(key)) continue;
    if (binding.via === 'output-training-ban') {
      // Training on the outputs is allowed only for the generator's own family of models.
      if (carries(terms, binding.entry) || baseEntries.has(binding.entry.id)) continue;
      seen.add(key);
      conflicts.push({ binding, kind: 'output-training-ban', clause: binding.entry.outputs.text });
      continue;
    }
    const failed = droppedRequirement(terms, binding.entry, meta);
    if (!failed) continue;
    seen.add(key);
    conflicts.push({ binding, kind: failed.kind, clause: failed.clause });
  }
  conflicts.sort((a, b) => permissiveness(a.binding.entry) - permissiveness(b.binding.entry));
  return { licence, ancestors, bindings, conflicts };
}
