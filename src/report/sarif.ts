/**
 * SARIF 2.1.0 for code scanning: every registered rule with its description and docs page, one
 * result per finding at its file, line and column; waived findings are kept as suppressions so
 * the waiver stays visible to whoever reads the log.
 */
import { docsUrl } from '../rules/create.js';
import { RULES } from '../rules/index.js';
import type { Report, Severity } from '../types.js';
import { stripControl } from './escape.js';
import { richText } from './markdown.js';
import { renderWith, type ReporterFactory } from './reporter.js';
import { elementJson, nestedJson, openSpool, type Spool } from './spool.js';
import { TOOL } from './tool.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', notice: 'note' };

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
export function pathToUri(p: string): string {
  return p
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri: string;
  help: { text: string };
  defaultConfiguration: { level: 'error' | 'warning' | 'note' };
}

function camel(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase());
}

/**
 * SARIF 2.1.0, card by card: each result is serialised as its card comes and spooled to a temporary
 * file (a run with 60,000 findings held them all, ~550 MB); the document is written at the end, when
 * the rules met and the notes are known, with the same bytes as JSON.stringify(document, null, 2).
 */
export const sarifReporter: ReporterFactory = (sink) => {
  const rules: SarifRule[] = RULES.map((rule) => ({
    id: rule.id,
    name: camel(rule.id),
    shortDescription: { text: rule.description },
    fullDescription: {
      text: `${rule.description} Default severity: ${rule.defaultSeverity}. The policy file can change the severity or turn the rule off.`
    },
    helpUri: docsUrl(rule.id),
    help: { text: `See ${docsUrl(rule.id)}` },
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] }
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  let spool: Spool | undefined;
  return {
    begin() {
      spool = openSpool('mrg-sarif-');
    },
    card(card) {
      for (const f of card.findings) {
        // A finding from a rule outside the registry (a plugin, a future rule) still gets metadata.
        if (!index.has(f.rule)) {
          index.set(f.rule, rules.length);
          rules.push({
            id: f.rule,
            name: camel(f.rule),
            shortDescription: { text: f.rule },
            fullDescription: { text: f.rule },
            helpUri: docsUrl(f.rule),
            help: { text: `See ${docsUrl(f.rule)}` },
            defaultConfiguration: { level: LEVEL[f.severity] }
          });
        }
        const region: Record<string, number> = { startLine: Math.max(1, f.line), startColumn: Math.max(1, f.column) };
        if (f.endLine !== undefined && f.endLine >= region.startLine) region.endLine = f.endLine;
        if (
          region.endLine !== undefined &&
          f.endColumn !== undefined &&
          (region.endLine > region.startLine || f.endColumn > region.startColumn)
        )
          region.endColumn = f.endColumn;
        const result: Record<string, unknown> = {
          ruleId: f.rule,
          ruleIndex: index.get(f.rule),
          level: LEVEL[f.severity],
          // The detail goes into the markdown message; plain `text` stays the one-sentence message.
          message: f.detail
            ? {
                text: stripControl(f.message),
                markdown: `${richText(f.message, { table: false })}\n\n${richText(f.detail, { table: false, maxLength: 4000 })}`
              }
            : { text: stripControl(f.message) },
          locations: [{ physicalLocation: { artifactLocation: { uri: pathToUri(card.path), uriBaseId: '%SRCROOT%' }, region } }]
        };
        if (f.waived) result.suppressions = [{ kind: 'external', status: 'accepted', justification: stripControl(f.waived.reason) }];
        // `runs[0].results[i]` lies four levels deep.
        spool!.item(elementJson(result, 4));
      }
    },
    end(totals) {
      try {
        const notes = totals.notes ?? [];
        const tool = {
          driver: { name: TOOL.name, informationUri: TOOL.informationUri, version: TOOL.version, semanticVersion: TOOL.version, rules }
        };
        const invocations = [
          {
            executionSuccessful: true,
            ...(notes.length > 0
              ? { toolExecutionNotifications: notes.map((n) => ({ level: 'note', message: { text: stripControl(n) } })) }
              : {})
          }
        ];
        sink(
          `{\n  "$schema": ${JSON.stringify(SARIF_SCHEMA)},\n  "version": "2.1.0",\n  "runs": [\n    {\n` +
            `      "tool": ${nestedJson(tool, 3)},\n      "invocations": ${nestedJson(invocations, 3)},\n      "results": [`
        );
        if (spool!.count > 0) {
          sink('\n');
          spool!.copyTo(sink);
          sink('\n      ');
        }
        sink(']\n    }\n  ]\n}\n');
      } finally {
        spool?.dispose();
      }
    }
  };
};

/** The SARIF document of a finished report. */
export function renderSarif(report: Report): object {
  return JSON.parse(renderWith(sarifReporter, report, {})) as object;
}
