/**
 * Licence selectors for policies: a Hub id, an SPDX id (any case), a known custom licence id, or a
 * family name such as `rail` or `non-commercial`.
 */
import { lookupLicence, parseLicenceExpression, type LicenceEntry } from './knowledge.js';

/** Families a policy may name instead of single licences. */
export const FAMILY_SELECTORS: readonly string[] = [
  'rail',
  'openrail',
  'non-commercial',
  'research-only',
  'llama',
  'gemma',
  'qwen',
  'mistral',
  'stability',
  'falcon',
  'deepseek',
  'copyleft',
  'share-alike',
  'no-derivatives',
  'permissive',
  'public-domain',
  'osi',
  'custom',
  'cc',
  'data',
  'use-restrictions',
  'commercial-caps'
];

const FAMILIES = new Set(FAMILY_SELECTORS);

function normaliseSelector(selector: string): string {
  return selector.trim().toLowerCase();
}

export function isLicenceSelector(s: string): boolean {
  if (typeof s !== 'string' || s.trim() === '') return false;
  return FAMILIES.has(normaliseSelector(s)) || lookupLicence(s) !== undefined;
}

/** Whether one knowledge entry belongs to a family selector. */
export function entryInFamily(entry: LicenceEntry, family: string): boolean {
  switch (family) {
    case 'osi':
      return entry.osi;
    case 'non-commercial':
      return entry.commercial.status === 'no' || entry.families.includes('non-commercial');
    case 'research-only':
      return entry.researchOnly || entry.families.includes('research-only');
    case 'use-restrictions':
      return entry.useRestrictions.present;
    case 'commercial-caps':
      return entry.commercial.status === 'conditional';
    case 'share-alike':
      return entry.derivatives.inherit.includes('share-alike') || entry.families.includes('share-alike');
    case 'no-derivatives':
      return entry.derivatives.inherit.includes('no-derivatives');
    case 'permissive':
      return (
        entry.families.includes('permissive') &&
        !entry.useRestrictions.present &&
        entry.commercial.status === 'yes' &&
        entry.derivatives.inherit.every((i) => i === 'none')
      );
    default:
      return entry.families.includes(family);
  }
}

function entryMatches(entry: LicenceEntry | undefined, raw: string, selector: string): boolean {
  if (FAMILIES.has(selector)) return entry !== undefined && entryInFamily(entry, selector);
  const target = lookupLicence(selector);
  if (target && entry) return target.id === entry.id;
  // Unknown to the knowledge: compare the ids themselves.
  return raw.trim().toLowerCase() === selector || raw.trim().toLowerCase() === `other:${selector}`;
}

/**
 * Whether a licence (Hub id, SPDX id or expression, `other:<name>`, custom id) matches a selector.
 * For an expression, true when any licence in it matches.
 */
export function matchesSelector(licence: string, selector: string): boolean {
  if (typeof licence !== 'string' || typeof selector !== 'string') return false;
  const sel = normaliseSelector(selector);
  if (sel === '') return false;
  const direct = lookupLicence(licence);
  if (direct || licence.toLowerCase().startsWith('other:')) return entryMatches(direct, licence, sel);
  const parsed = parseLicenceExpression(licence);
  if (!parsed.parsed) return entryMatches(undefined, licence, sel);
  return parsed.choices.some((choice) => choice.some((term) => entryMatches(term.entry, term.id, sel)));
}
