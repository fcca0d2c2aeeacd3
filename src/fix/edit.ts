/**
 * Builds fixes (contract 1.6) from the YAML parser's positions: a value is replaced at the range the
 * parser gives, new keys go before or after lines the parser located. The card's text is only read
 * at those lines, to keep what else they hold (indentation, quoting, comments, CRLF).
 */
import type { Fix, ParsedCard, PathSegment } from '../types.js';

/** A value a person still has to fill in: the gate keeps reporting it (schema enums, licence-unknown, artefact-incomplete). */
export const PLACEHOLDER = 'TODO';

export function isPlaceholder(value: unknown): boolean {
  return typeof value === 'string' && value.trim() === PLACEHOLDER;
}

interface Line {
  text: string;
  eol: string;
}

const LINES = new WeakMap<ParsedCard, string[]>();

/** Lines of the card with their terminators, split once per card. */
function linesOf(card: ParsedCard): string[] | undefined {
  if (card.source === undefined || card.format === 'json') return undefined;
  let lines = LINES.get(card);
  if (!lines) {
    lines = card.source.split('\n');
    LINES.set(card, lines);
  }
  return lines;
}

/** Line `n` (1-based) without its terminator, and the terminator (`\n`, `\r\n`, or '' at the end). */
export function lineAt(card: ParsedCard, n: number): Line | undefined {
  const lines = linesOf(card);
  if (!lines || n < 1 || n > lines.length) return undefined;
  const raw = lines[n - 1];
  const last = n === lines.length;
  if (raw.endsWith('\r')) return { text: raw.slice(0, -1), eol: last ? '\r' : '\r\n' };
  return { text: raw, eol: last ? '' : '\n' };
}

/** The card's line ending, from the first line that has one. */
export function eolOf(card: ParsedCard): string {
  const lines = linesOf(card);
  return lines && lines.length > 1 && lines[0].endsWith('\r') ? '\r\n' : '\n';
}

/** An id written where YAML needs no quotes, so a bare scalar keeps its meaning. */
const PLAIN = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,100}$/;

/**
 * Replaces the scalar at `path` with `value`, keeping the rest of its line and its quote style.
 * Only a scalar on one line is replaced; anything else gets no fix.
 */
export function replaceScalar(card: ParsedCard, path: PathSegment[], value: string): Fix | undefined {
  const at = card.locate(path, 'value');
  if (!at || (at.endLine !== undefined && at.endLine !== at.line) || at.endColumn === undefined) return undefined;
  const line = lineAt(card, at.line);
  if (!line) return undefined;
  const old = line.text.slice(at.column - 1, at.endColumn - 1);
  const quote = old.startsWith('"') ? '"' : old.startsWith("'") ? "'" : '';
  if (old === '' || /[\n{}[\]]/.test(old) || (quote === '' && !PLAIN.test(value))) return undefined;
  if (quote !== '' && !old.endsWith(quote)) return undefined;
  const text = line.text.slice(0, at.column - 1) + quote + value + quote + line.text.slice(at.endColumn - 1);
  return { line: at.line, endLine: at.line, text: text + (line.eol || eolOf(card)) };
}

/**
 * Inserts `lines` (without terminators) before line `before`, in the card's line endings. Written as
 * a replacement of line `before` by the new lines and itself, so that in a pull request the fix can
 * be a suggestion anchored on that line (a suggestion replaces the lines it is anchored on).
 */
export function insertBefore(card: ParsedCard, before: number, lines: string[]): Fix | undefined {
  const anchor = lineAt(card, before);
  if (!anchor) return undefined;
  const eol = eolOf(card);
  return { line: before, endLine: before, text: lines.map((l) => l + eol).join('') + anchor.text + anchor.eol };
}

/** Inserts `lines` after line `after`: a replacement of that line by itself and the new lines. */
export function insertAfter(card: ParsedCard, after: number, lines: string[]): Fix | undefined {
  const anchor = lineAt(card, after);
  if (!anchor || anchor.eol === '' || anchor.eol === '\r') return undefined;
  return { line: after, endLine: after, text: anchor.text + anchor.eol + lines.map((l) => l + anchor.eol).join('') };
}

/**
 * Where keys go inside the block mapping at `path`: before its first key, at that key's indentation.
 * Undefined for a flow mapping or a mapping on one line with its parent.
 */
export function firstChild(card: ParsedCard, path: PathSegment[], firstKey: string): { line: number; indent: string } | undefined {
  const parent = card.locate(path, 'key');
  const child = card.locate([...path, firstKey], 'key');
  if (!parent || !child || child.line <= parent.line) return undefined;
  const line = lineAt(card, child.line);
  if (!line || line.text.slice(0, child.column - 1).trim() !== '') return undefined;
  return { line: child.line, indent: ' '.repeat(child.column - 1) };
}

/** The line of a key whose value is on the same line (or empty), and that key's indentation. */
export function afterKey(card: ParsedCard, path: PathSegment[]): { line: number; indent: string } | undefined {
  const key = card.locate(path, 'key');
  if (!key) return undefined;
  const value = card.locate(path, 'value');
  if (value && value.endLine !== undefined && value.endLine !== key.line) return undefined;
  const line = lineAt(card, key.line);
  if (!line || line.text.slice(0, key.column - 1).trim() !== '') return undefined;
  return { line: key.line, indent: ' '.repeat(key.column - 1) };
}
