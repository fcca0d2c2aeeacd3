/**
 * The one path from a plan to a report, used by the CLI and the action alike: cards are read in
 * report-path order, checked one at a time by the engine and handed to every reporter, then
 * dropped, so memory stays flat however many cards there are. Only a Hub lookup, which needs every
 * card's metadata before any is checked, keeps the cards of the run.
 */
import { addToSummary, checkCard, decide, expiredWaiverNotes, todayUtc, type CheckInput } from './engine.js';
import type { Reporter, ReportTotals } from './report/reporter.js';
import type { CardReport, FailOn, HubFacts, ParsedCard, Policy, Report, ReportSummary } from './types.js';

/** A card to check: its report path, and how to read it (null: not a card after all). */
export interface CardSource {
  path: string;
  load(): Promise<ParsedCard | null>;
}

export interface HubLookup {
  hubUrl: string;
  token?: string;
}

export interface Plan {
  cards: CardSource[];
  policy: Policy;
  /** Base versions of the cards, keyed by report path (licence-changed, access-widened). */
  bases?: Map<string, ParsedCard>;
  /** Look base models up on the Hub before checking (network); absent: the built-in table only. */
  hub?: HubLookup;
  failOn?: FailOn;
  /** YYYY-MM-DD; defaults to today (UTC). */
  today?: string;
  /** Fill each card's release-record facts (default true); only the record formats read them. */
  records?: boolean;
  /** Messages about the run gathered before it (discovery, the pull request, the policy). */
  notes?: string[];
}

/** Sources for cards that are already read. */
export function sourcesOf(cards: ParsedCard[]): CardSource[] {
  return cards.map((card) => ({ path: card.path, load: () => Promise.resolve(card) }));
}

/** Checks every card of the plan, feeding each reporter card by card; returns the totals. */
export async function runPipeline(plan: Plan, reporters: Reporter[]): Promise<ReportTotals> {
  const today = plan.today ?? todayUtc();
  const notes = [...(plan.notes ?? [])];
  const sources = [...plan.cards].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  let hub: HubFacts = new Map();
  let preloaded: (ParsedCard | null)[] | undefined;
  if (plan.hub) {
    preloaded = [];
    for (const source of sources) preloaded.push(await source.load());
    // Loaded only for a lookup: the offline check never needs the HTTP client.
    const { lookupAncestry } = await import('./hub/lookup.js');
    try {
      const result = await lookupAncestry(
        preloaded.filter((c): c is ParsedCard => c !== null),
        { hubUrl: plan.hub.hubUrl, token: plan.hub.token }
      );
      hub = result.facts;
      notes.push(...result.notes);
    } catch (error) {
      notes.push(
        `The Hugging Face Hub lookup failed (${error instanceof Error ? error.message : String(error)}); licences of base models were not looked up.`
      );
    }
  }
  const input: CheckInput = {
    cards: [],
    policy: plan.policy,
    bases: plan.bases,
    hub,
    failOn: plan.failOn,
    today,
    records: plan.records ?? true
  };
  const summary: ReportSummary = { cards: 0, errors: 0, warnings: 0, notices: 0, waived: 0 };
  for (const reporter of reporters) reporter.begin();
  for (let i = 0; i < sources.length; i++) {
    const card = preloaded ? preloaded[i] : await sources[i].load();
    if (preloaded) preloaded[i] = null;
    if (!card) continue;
    const report = checkCard(card, input, today);
    addToSummary(summary, report);
    for (const reporter of reporters) reporter.card(report);
  }
  notes.push(...expiredWaiverNotes(plan.policy.waivers, today));
  const totals: ReportTotals = { version: 1, result: decide(summary, plan.failOn ?? 'error'), summary };
  if (notes.length > 0) totals.notes = notes;
  for (const reporter of reporters) reporter.end(totals);
  return totals;
}

/** A reporter that keeps the whole report, for the consumers that need it at once (the action's comment and review). */
export function collectReport(): { reporter: Reporter; report(): Report } {
  const cards: CardReport[] = [];
  let totals: ReportTotals | undefined;
  return {
    reporter: {
      begin: () => undefined,
      card: (card) => void cards.push(card),
      end: (t) => void (totals = t)
    },
    report: () => {
      if (!totals) throw new Error('the pipeline has not finished');
      const report: Report = { version: 1, result: totals.result, summary: totals.summary, cards };
      if (totals.notes) report.notes = totals.notes;
      return report;
    }
  };
}
