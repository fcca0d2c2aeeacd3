/**
 * The pure core: parsed cards and a policy in, a report out. No files, no environment, no network.
 */
import { waiverCovers } from './policy/bounds.js';
import { accessOf, artefactDetailsOf, isRecord, keyedByCard, licenceOf, riskOf } from './meta.js';
import { RULES } from './rules/index.js';
import { summariseLicence } from './licences/summary.js';
import { classifyOpenness } from './openness.js';
import { recordOf } from './report/record-facts.js';
import type {
  CardReport,
  FailOn,
  Finding,
  HubFacts,
  ParsedCard,
  Policy,
  Report,
  ReportSummary,
  Rule,
  RuleContext,
  Severity,
  SeveritySetting,
  Waiver
} from './types.js';

export interface CheckInput {
  cards: ParsedCard[];
  policy: Policy;
  /** Base versions of the cards, keyed by report path. */
  bases?: Map<string, ParsedCard>;
  hub?: HubFacts;
  failOn?: FailOn;
  /** YYYY-MM-DD; defaults to the current UTC date. */
  today?: string;
  rules?: readonly Rule[];
  /** Fill `CardReport.record` for the release records (default true); off saves work when no record is written. */
  records?: boolean;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

/** The severity a rule runs at under a policy, or 'off'. */
export function effectiveSeverity(rule: Rule, policy: Policy): SeveritySetting {
  return policy.rules[rule.id] ?? rule.defaultSeverity;
}

/** Runs every enabled rule over one card. */
export function checkCard(card: ParsedCard, input: CheckInput, today: string): CardReport {
  const findings: Finding[] = [];
  const meta = card.data ?? {};
  const rules = input.rules ?? RULES;
  for (const rule of rules) {
    const severity = effectiveSeverity(rule, input.policy);
    if (severity === 'off') continue;
    if (rule.needsMetadata !== false && card.data === undefined) continue;
    const ctx: RuleContext = {
      card,
      meta,
      policy: input.policy,
      base: input.bases?.get(card.path),
      hub: input.hub ?? (new Map() as HubFacts),
      today,
      report: (r) => {
        const position = r.at ?? (r.path ? card.locate(r.path, r.part) : undefined) ?? { line: 1, column: 1 };
        const capped = r.atMost && SEVERITY_ORDER[r.atMost] > SEVERITY_ORDER[severity] ? r.atMost : severity;
        const finding: Finding = { rule: rule.id, severity: capped, message: r.message, ...position };
        if (r.detail !== undefined) finding.detail = r.detail;
        if (r.fix !== undefined) finding.fix = r.fix;
        findings.push(finding);
      }
    };
    try {
      rule.check(ctx);
    } catch (error) {
      // A rule bug must not hide the other findings or crash the gate; it is reported as what it is.
      findings.push({
        rule: rule.id,
        severity: 'error',
        message: `Internal error in rule ${rule.id}: ${(error as Error).message}`,
        line: 1,
        column: 1
      });
    }
  }
  applyWaivers(card.path, findings, input.policy.waivers, today);
  findings.sort(compareFindings);
  const report = describeCard(card, findings, input.hub ?? (new Map() as HubFacts), input.policy);
  // Release records (contract 1.7): the facts CycloneDX, SPDX and MOT need, from the same card.
  const record = input.records === false ? undefined : recordOf(card, input.hub ?? (new Map() as HubFacts));
  if (record) report.record = record;
  return report;
}

function describeCard(card: ParsedCard, findings: Finding[], hub: HubFacts, policy: Policy): CardReport {
  const meta = card.data;
  if (!meta) {
    return { path: card.path, licence: null, access: null, opennessClass: null, artefacts: {}, findings };
  }
  const artefactDetails = artefactDetailsOf(meta);
  const artefacts = keyedByCard<string>();
  for (const [key, detail] of Object.entries(artefactDetails)) artefacts[key] = detail.status;
  const openness = isRecord(meta.release) ? classifyOpenness(meta) : undefined;
  return {
    path: card.path,
    licence: licenceOf(meta) ?? null,
    access: accessOf(meta) ?? null,
    opennessClass: openness?.class ?? null,
    artefacts,
    findings,
    licenceSummary: summariseLicence(meta, hub, card),
    openness,
    riskLevel: riskOf(meta) ?? null,
    artefactDetails,
    requiredArtefacts: [...policy.artefacts.required]
  };
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.line - b.line ||
    a.column - b.column ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

/** Marks findings matched by a live waiver; expired waivers do not apply. */
export function applyWaivers(cardPath: string, findings: Finding[], waivers: Waiver[], today: string): void {
  for (const waiver of waivers) {
    if (waiver.expires && waiver.expires < today) continue;
    if (!waiverCovers(waiver, cardPath)) continue;
    for (const finding of findings) {
      if (finding.rule === waiver.rule && !finding.waived) {
        finding.waived = waiver.expires ? { reason: waiver.reason, expires: waiver.expires } : { reason: waiver.reason };
      }
    }
  }
}

/** Adds one card's unwaived findings to `summary`, per severity. */
export function addToSummary(summary: ReportSummary, card: CardReport): void {
  summary.cards++;
  for (const finding of card.findings) {
    if (finding.waived) summary.waived = (summary.waived ?? 0) + 1;
    else if (finding.severity === 'error') summary.errors++;
    else if (finding.severity === 'warning') summary.warnings++;
    else summary.notices++;
  }
}

/** Counts unwaived findings per severity. */
export function summarise(cards: CardReport[]): ReportSummary {
  const summary: ReportSummary = { cards: 0, errors: 0, warnings: 0, notices: 0, waived: 0 };
  for (const card of cards) addToSummary(summary, card);
  return summary;
}

/** The one place that turns counts into a verdict. */
export function decide(summary: ReportSummary, failOn: FailOn): 'pass' | 'fail' {
  if (failOn === 'never') return 'pass';
  if (summary.errors > 0) return 'fail';
  if (failOn === 'warning' && summary.warnings > 0) return 'fail';
  return 'pass';
}

export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Checks every card and builds the report. */
export function check(input: CheckInput): Report {
  const today = input.today ?? todayUtc();
  const cards = input.cards.map((card) => checkCard(card, input, today)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const summary = summarise(cards);
  const notes = expiredWaiverNotes(input.policy.waivers, today);
  const report: Report = { version: 1, result: decide(summary, input.failOn ?? 'error'), summary, cards };
  if (notes.length > 0) report.notes = notes;
  return report;
}

/** Notes for waivers that have expired. */
export function expiredWaiverNotes(waivers: Waiver[], today: string): string[] {
  return waivers
    .filter((w) => w.expires && w.expires < today)
    .map((w) => `The waiver of ${w.rule} for ${w.path} expired on ${w.expires}; it no longer applies.`);
}
