/**
 * The JSON report (contract 1.5). Keys are written in a fixed order and nothing depends on object
 * insertion order elsewhere, so the same report always gives the same bytes.
 */
import { ARTEFACT_KEYS, type CardReport, type Finding, type LicenceSummary, type OpennessResult, type Report } from '../types.js';
import { keyedByCard } from '../meta.js';

/** Artefacts in the contract's order, unknown keys after them alphabetically. */
export function orderedArtefactKeys(keys: string[]): string[] {
  const known = ARTEFACT_KEYS.filter((k) => keys.includes(k)) as string[];
  const other = keys.filter((k) => !(ARTEFACT_KEYS as readonly string[]).includes(k)).sort();
  return [...known, ...other];
}

function finding(f: Finding): Record<string, unknown> {
  const out: Record<string, unknown> = { rule: f.rule, severity: f.severity, message: f.message, line: f.line, column: f.column };
  if (f.endLine !== undefined) out.endLine = f.endLine;
  if (f.endColumn !== undefined) out.endColumn = f.endColumn;
  if (f.waived) out.waived = f.waived.expires !== undefined ? { reason: f.waived.reason, expires: f.waived.expires } : { reason: f.waived.reason };
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
  const s = report.summary;
  const out: Record<string, unknown> = {
    version: report.version,
    result: report.result,
    summary: { cards: s.cards, errors: s.errors, warnings: s.warnings, notices: s.notices, waived: s.waived ?? 0 },
    cards: report.cards.map(card)
  };
  if (report.notes && report.notes.length > 0) out.notes = [...report.notes];
  return out;
}

/** The JSON report text, two-space indented, ending with a newline. */
export function renderJson(report: Report): string {
  return JSON.stringify(reportObject(report), null, 2) + '\n';
}
