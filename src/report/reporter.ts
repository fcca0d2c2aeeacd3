/**
 * The one interface every reporter implements (text, JSON, SARIF, markdown, summary, CycloneDX,
 * SPDX, MOT): the pipeline calls `begin`, then `card` once per checked card in order, then `end`
 * with the totals. Reporters write through a sink as they go, so output streams and memory stays
 * flat; no reporter re-parses or splices another's output.
 */
import type { CardReport, Report, ReportSummary } from '../types.js';

/** Where a reporter writes its output, chunk by chunk. */
export type Sink = (chunk: string) => void;

/** What is known only once every card has been checked. */
export interface ReportTotals {
  version: 1;
  result: Report['result'];
  summary: ReportSummary;
  notes?: string[];
}

export interface Reporter {
  begin(): void;
  card(card: CardReport): void;
  end(totals: ReportTotals): void;
}

export type ReporterFactory<O = Record<string, never>> = (sink: Sink, options: O) => Reporter;

/** Runs a reporter over a finished report and returns what it wrote (tests, small runs). */
export function renderWith<O>(factory: ReporterFactory<O>, report: Report, options: O): string {
  const chunks: string[] = [];
  const reporter = factory((chunk) => chunks.push(chunk), options);
  reporter.begin();
  for (const card of report.cards) reporter.card(card);
  const totals: ReportTotals = { version: report.version, result: report.result, summary: report.summary };
  if (report.notes !== undefined) totals.notes = report.notes;
  reporter.end(totals);
  return chunks.join('');
}
