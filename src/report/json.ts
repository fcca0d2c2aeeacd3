/**
 * The JSON report (contract 1.5). Keys are written in a fixed order and nothing depends on object
 * insertion order elsewhere, so the same report always gives the same bytes.
 */
import { renderWith, type ReporterFactory, type ReportTotals } from './reporter.js';
import { elementJson, nestedJson, openSpool, type Spool } from './spool.js';
import { ARTEFACT_KEYS, type CardReport, type Finding, type LicenceSummary, type OpennessResult, type Report } from '../types.js';
import { keyedByCard } from '../meta.js';

/** Artefacts in the contract's order, unknown keys after them alphabetically. */
export function orderedArtefactKeys(keys: string[]): string[] {
  const known = ARTEFACT_KEYS.filter((k) => keys.includes(k)) as string[];
  const other = keys.filter((k) => !(ARTEFACT_KEYS as readonly string[]).includes(k)).sort();
  return [...known, ...other];
}

function finding(f: Finding): Record<string, unknown> {
  const out: Record<string, unknown> = { rule: f.rule, severity: f.severity, message: f.message };
  if (f.detail !== undefined) out.detail = f.detail;
  out.line = f.line;
  out.column = f.column;
  if (f.endLine !== undefined) out.endLine = f.endLine;
  if (f.endColumn !== undefined) out.endColumn = f.endColumn;
  if (f.fix !== undefined) out.fix = { line: f.fix.line, endLine: f.fix.endLine, text: f.fix.text };
  if (f.waived)
    out.waived = f.waived.expires !== undefined ? { reason: f.waived.reason, expires: f.waived.expires } : { reason: f.waived.reason };
  return out;
}

function licenceSummary(s: LicenceSummary): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s.declared !== undefined) out.declared = s.declared;
  if (s.name !== undefined) out.name = s.name;
  out.weights = { light: s.weights.light, text: s.weights.text };
  out.data = { light: s.data.light, text: s.data.text };
  out.outputs = { light: s.outputs.light, text: s.outputs.text };
  out.duties = [...s.duties];
  out.inherited = s.inherited.map((i) => ({ from: i.from, licence: i.licence }));
  if (s.source !== undefined) out.source = s.source;
  return out;
}

function openness(o: OpennessResult): Record<string, unknown> {
  return { class: o.class, missingForNext: [...o.missingForNext], conditional: [...o.conditional] };
}

function card(c: CardReport): Record<string, unknown> {
  const artefacts = keyedByCard<string>();
  for (const key of orderedArtefactKeys(Object.keys(c.artefacts))) artefacts[key] = c.artefacts[key];
  const out: Record<string, unknown> = {
    path: c.path,
    licence: c.licence,
    access: c.access,
    opennessClass: c.opennessClass,
    artefacts,
    findings: c.findings.map(finding)
  };
  if (c.riskLevel !== undefined) out.riskLevel = c.riskLevel;
  if (c.licenceSummary) out.licenceSummary = licenceSummary(c.licenceSummary);
  if (c.openness) out.openness = openness(c.openness);
  return out;
}

/** The report as a plain object with the contract's keys first, in a fixed order. */
export function reportObject(report: Report): Record<string, unknown> {
  const out = totalsObject(report);
  out.cards = report.cards.map(card);
  if (report.notes && report.notes.length > 0) out.notes = [...report.notes];
  return out;
}

/** The keys that precede `cards`, in order. */
function totalsObject(totals: ReportTotals): Record<string, unknown> {
  const s = totals.summary;
  return {
    version: totals.version,
    result: totals.result,
    summary: { cards: s.cards, errors: s.errors, warnings: s.warnings, notices: s.notices, waived: s.waived ?? 0 }
  };
}

/** One member of the top-level object as JSON.stringify(…, null, 2) writes it. */
function member(key: string, value: unknown): string {
  return `  ${JSON.stringify(key)}: ${nestedJson(value, 1)}`;
}

/**
 * The JSON report, streamed: `cards` comes after `result` and `summary`, which are known only at the
 * end, so each card's JSON is spooled to a temporary file as it comes and copied out at the end.
 * The bytes are those of JSON.stringify(reportObject(report), null, 2) + '\n'.
 */
export interface JsonOptions {
  /**
   * Takes the spooled cards as bytes (whole UTF-8 characters per chunk) instead of text through the
   * sink: decoding 70 MB to copy them out only to encode them again took a tenth of a 10,000-card run.
   * A chunk is valid during the call only (one buffer is reused): a receiver that keeps it must copy it.
   */
  bytes?: (chunk: Uint8Array) => void;
}

export const jsonReporter: ReporterFactory<JsonOptions> = (sink, options) => {
  let spool: Spool | undefined;
  return {
    begin() {
      spool = openSpool('mrg-report-');
    },
    card(c) {
      spool!.item(elementJson(card(c), 2));
    },
    end(totals) {
      try {
        const head = Object.entries(totalsObject(totals)).map(([k, v]) => member(k, v));
        sink(`{\n${head.join(',\n')},\n  "cards": [`);
        if (spool!.count > 0) {
          sink('\n');
          spool!.copyTo(sink, options.bytes);
          sink('\n  ');
        }
        sink(']');
        if (totals.notes && totals.notes.length > 0) sink(`,\n${member('notes', totals.notes)}`);
        sink('\n}\n');
      } finally {
        spool?.dispose();
      }
    }
  };
};

/** The JSON report text, two-space indented, ending with a newline. */
export function renderJson(report: Report): string {
  return renderWith(jsonReporter, report, {});
}
