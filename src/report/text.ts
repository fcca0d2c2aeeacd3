/**
 * Terminal output: per card a heading, then one line per finding as `path:line:col  severity
 * message  rule-id` (editors and terminals make `path:line:col` clickable), then the verdict.
 * Card text is shown with hidden characters made visible and can never start a workflow command.
 */
import type { CardReport, Finding, Report, Severity } from '../types.js';
import { escapeLogText, revealPath } from './escape.js';
import { renderWith, type ReporterFactory } from './reporter.js';

export interface TextOptions {
  /** ANSI colours; the CLI turns them on only for a TTY without NO_COLOR. */
  color?: boolean;
  /** Each finding's `detail` on indented lines under it (`--verbose`). */
  verbose?: boolean;
}

const CODES = { red: 31, yellow: 33, cyan: 36, green: 32, dim: 2, bold: 1 } as const;
type Style = keyof typeof CODES;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', notice: 'cyan' };

function describeCard(card: CardReport): string {
  const parts: string[] = [];
  if (card.licence !== null) parts.push(`licence ${escapeLogText(card.licence, { maxLength: 80 })}`);
  if (card.access !== null) parts.push(`access ${escapeLogText(card.access, { maxLength: 40 })}`);
  if (card.opennessClass !== null) parts.push(`openness ${card.opennessClass === 'none' ? 'no class' : `Class ${card.opennessClass}`}`);
  return parts.length > 0 ? `  (${parts.join(', ')})` : '';
}

/** The text report, card by card: each card's heading and findings, then the notes and the verdict. */
export const textReporter: ReporterFactory<TextOptions> = (sink, options) => {
  const paint = (style: Style, s: string): string => (options.color ? `\u001b[${CODES[style]}m${s}\u001b[0m` : s);
  return {
    begin: () => undefined,
    card(card) {
      const lines: string[] = [];
      const path = escapeLogText(revealPath(card.path), { maxLength: 300 });
      lines.push(paint('bold', path) + paint('dim', describeCard(card)));
      const rows = card.findings.map((f: Finding) => {
        const where = `${path}:${f.line}:${f.column}`;
        const severity = f.waived ? `${f.severity} (waived)` : f.severity;
        return { f, where, severity };
      });
      const whereWidth = Math.max(0, ...rows.map((r) => r.where.length));
      const severityWidth = Math.max(0, ...rows.map((r) => r.severity.length));
      for (const { f, where, severity } of rows) {
        const style: Style = f.waived ? 'dim' : SEVERITY_STYLE[f.severity];
        const message =
          escapeLogText(f.message, { maxLength: 2000 }) +
          (f.waived ? ` [waived: ${escapeLogText(f.waived.reason, { maxLength: 300 })}]` : '');
        lines.push(
          `  ${where.padEnd(whereWidth)}  ${paint(style, severity.padEnd(severityWidth))}  ${message}  ${paint('dim', escapeLogText(f.rule, { maxLength: 80 }))}`
        );
        if (options.verbose && f.detail) {
          for (const line of f.detail.split('\n'))
            if (line.trim() !== '') lines.push(`      ${paint('dim', escapeLogText(line, { maxLength: 4000 }))}`);
        }
      }
      if (card.findings.length === 0) lines.push(`  ${paint('green', 'no findings')}`);
      sink(lines.join('\n') + '\n\n');
    },
    end(totals) {
      const lines: string[] = [];
      for (const note of totals.notes ?? []) lines.push(`${paint('dim', 'note:')} ${escapeLogText(note, { maxLength: 2000 })}`);
      if ((totals.notes ?? []).length > 0) lines.push('');
      const s = totals.summary;
      const counts = `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.notices, 'notice')} in ${plural(s.cards, 'card')}${s.waived ? ` (${s.waived} waived)` : ''}`;
      const verdict = totals.result === 'pass' ? paint('green', 'PASS') : paint('red', 'FAIL');
      lines.push(`${paint('bold', verdict)} model-release-gate: ${counts}`);
      sink(lines.join('\n') + '\n');
    }
  };
};

export function renderText(report: Report, options: TextOptions = {}): string {
  return renderWith(textReporter, report, options);
}
