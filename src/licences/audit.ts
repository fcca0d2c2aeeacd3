/**
 * Auditability of the licence knowledge: which facts of an entry are non-trivial (and so need a
 * verbatim quote when the entry claims `verified: true`), and the one clause findings add when
 * they rest on an entry nobody has checked against its text.
 */
import type { LicenceEntry, QuotedFact } from './knowledge.js';

/** The non-trivial facts an entry states: anything beyond "commercial use allowed, no strings". */
export function factsOf(entry: LicenceEntry): QuotedFact[] {
  const out: QuotedFact[] = [];
  const commercial = entry.commercial;
  if (commercial.status === 'no' || commercial.status === 'conditional') out.push('commercial');
  if (commercial.cap) out.push('cap');
  if (entry.useRestrictions.present) out.push('use-restrictions');
  if (entry.derivatives.inherit.some((i) => i !== 'none' && i !== 'unknown')) out.push('derivatives');
  if (entry.outputs.restricted) out.push('outputs');
  if (entry.remoteRestriction) out.push('remote');
  if (entry.derivatives.notice) out.push('notice');
  if (entry.derivatives.naming) out.push('naming');
  if (entry.euExclusion) out.push('eu');
  if (entry.researchOnly) out.push('research-only');
  return out;
}

/** Facts with no quote; a quote of the commercial terms also covers research-only (the same clause seen from the other side). */
export function unquotedFacts(entry: LicenceEntry): QuotedFact[] {
  const quoted = new Set<QuotedFact>((entry.quotes ?? []).map((q) => q.fact));
  if (quoted.has('commercial')) quoted.add('research-only');
  return factsOf(entry).filter((f) => !quoted.has(f));
}

/** " (the gate's facts on X are not verified against its text)" for the unverified entries among `entries`, else ''. */
export function unverifiedClause(entries: readonly LicenceEntry[]): string {
  const names = [...new Set(entries.filter((e) => !e.verified).map((e) => e.name))];
  if (names.length === 0) return '';
  return ` (the gate's facts on the ${names.join(' and the ')} are not verified against ${names.length === 1 ? 'its' : 'their'} text)`;
}

/** `unverifiedClause` short enough for a one-sentence message: the full names go in the detail. */
export function unverifiedShort(entries: readonly LicenceEntry[]): string {
  return entries.some((e) => !e.verified) ? 'licence facts not yet verified' : '';
}
