/**
 * Adds what the reporters show beyond the contract's report: each stated artefact's licence,
 * location and reason, and the artefacts the policy requires (so "not stated" can be shown).
 */
import { artefactsOf, str } from '../meta.js';
import type { ArtefactDetail, ParsedCard, Policy, Report } from '../types.js';

/** The stated artefacts of a card's metadata, tolerant of any shape. */
export function artefactDetailsOf(meta: Record<string, unknown> | undefined): Record<string, ArtefactDetail> {
  const out: Record<string, ArtefactDetail> = {};
  if (!meta) return out;
  for (const [key, value] of Object.entries(artefactsOf(meta))) {
    const detail: ArtefactDetail = { status: str(value.status) ?? 'invalid' };
    const licence = str(value.licence) ?? str(value.license);
    if (licence !== undefined) detail.licence = licence;
    if (str(value.location) !== undefined) detail.location = str(value.location);
    if (str(value.reason) !== undefined) detail.reason = str(value.reason);
    out[key] = detail;
  }
  return out;
}

/** Fills `artefactDetails` and `requiredArtefacts` where the engine left them out. */
export function enrichReport(report: Report, cards: ParsedCard[], policy: Policy): Report {
  const byPath = new Map(cards.map((card) => [card.path, card]));
  for (const card of report.cards) {
    const parsed = byPath.get(card.path);
    if (card.artefactDetails === undefined && parsed?.data !== undefined) card.artefactDetails = artefactDetailsOf(parsed.data);
    if (card.requiredArtefacts === undefined && parsed?.data !== undefined) card.requiredArtefacts = [...policy.artefacts.required];
  }
  return report;
}
