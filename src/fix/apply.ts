/**
 * Applies fixes (contract 1.6) to a card's text the way ESLint applies its fixes: sorted by line,
 * an overlapping fix is left for the next pass, identical fixes (several findings mending the same
 * thing) count once, and every byte outside the fixed lines is kept — BOM, comments, order, quoting
 * and line endings. Hand-written because the fix format is ours: whole lines, not character ranges.
 */
import type { Fix } from '../types.js';

export interface Applied {
  text: string;
  /** Fixes applied in this pass. */
  applied: number;
  /** Fixes left out because they overlapped one applied before them. */
  skipped: number;
}

/** The text's lines, each with its own terminator (the last may have none). */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    lines.push(text.slice(start, i + 1));
    start = i + 1;
  }
  lines.push(text.slice(start));
  return lines;
}

/** A fix's text in the line ending used where it lands: CRLF files get CRLF, whatever the rule wrote. */
function inLineEnding(text: string, eol: string): string {
  return text.replace(/\r?\n/g, eol);
}

export function applyFixes(original: string, fixes: Fix[]): Applied {
  const bom = original.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const lines = splitLines(bom ? original.slice(1) : original);
  const unique = new Map<string, Fix>();
  for (const fix of fixes) {
    if (
      !Number.isInteger(fix.line) ||
      !Number.isInteger(fix.endLine) ||
      fix.line < 1 ||
      fix.endLine < fix.line - 1 ||
      fix.endLine > lines.length
    )
      continue;
    unique.set(`${fix.line}\u0000${fix.endLine}\u0000${fix.text}`, fix);
  }
  const sorted = [...unique.values()].sort((a, b) => a.line - b.line || a.endLine - b.endLine);
  const chosen: Fix[] = [];
  let skipped = 0;
  // The first line after the last chosen fix; an insertion before a line touches that line's start.
  let free = 1;
  for (const fix of sorted) {
    if (fix.line < free) {
      skipped++;
      continue;
    }
    chosen.push(fix);
    free = Math.max(fix.endLine + 1, fix.line + 1);
  }
  const eolAt = (n: number): string => {
    const line = lines[Math.min(n, lines.length) - 1] ?? '';
    const near = line.endsWith('\n') ? line : (lines.find((l) => l.endsWith('\n')) ?? '\n');
    return near.endsWith('\r\n') ? '\r\n' : '\n';
  };
  // From the bottom up, so earlier line numbers stay valid.
  for (const fix of chosen.reverse()) {
    let text = inLineEnding(fix.text, eolAt(fix.line));
    const replaced = lines.slice(fix.line - 1, fix.endLine);
    // Replacing the last line of a file that has no final newline keeps it without one (an empty
    // last "line" is what follows a final newline: the file had one, and keeps it).
    const last = replaced[replaced.length - 1];
    if (fix.endLine === lines.length && last !== undefined && last !== '' && !last.endsWith('\n')) text = text.replace(/\r?\n$/, '');
    lines.splice(fix.line - 1, fix.endLine - fix.line + 1, text);
  }
  return { text: bom + lines.join(''), applied: chosen.length, skipped };
}
