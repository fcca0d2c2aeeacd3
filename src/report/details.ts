/**
 * Fills the artefact details of report cards built without the engine's description (older callers).
 * The engine fills them itself; this only completes cards that lack them.
 */
import { artefactDetailsOf } from '../meta.js';
import type { ParsedCard, Policy, Report } from '../types.js';

export { artefactDetailsOf };

/** Fills `artefactDetails` and `requiredArtefacts` where they are missing. */
export function enrichReport(report: Report, cards: ParsedCard[], policy: Policy): Report {
  const byPath = new Map(cards.map((card) => [card.path, card]));
  for (const card of report.cards) {
    const parsed = byPath.get(card.path);
    if (card.artefactDetails === undefined && parsed?.data !== undefined) card.artefactDetails = artefactDetailsOf(parsed.data);
    if (card.requiredArtefacts === undefined && parsed?.data !== undefined) card.requiredArtefacts = [...policy.artefacts.required];
  }
  return report;
}
