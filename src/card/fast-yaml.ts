/**
 * The fast path for card metadata (see the block comment below), kept because the benchmark needs it:
 * on the bench corpus the full `yaml` parse is about six times slower. Its differential test is
 * __tests__/card/fast-yaml.test.ts.
 */
import { LineCounter, type Node } from 'yaml';
import type { CardFormat, ParsedCard, PathSegment, Position } from '../types.js';
import { composeDocument, locateNode } from './compose.js';

/** A card read by the fast path; positions of collections and empty values come from a lazy full parse. */
export function fastCard(
  path: string,
  format: CardFormat,
  yamlText: string,
  fast: { data: Record<string, unknown>; root: FastNode },
  body: string,
  bodyLine: number,
  lineCount: number
): ParsedCard {
  let newlines: number[] | undefined;
  let full: { root: Node | null; at: (offset: number) => Position } | undefined;
  // Same answer as yaml's LineCounter: line = 1 + newlines before the offset, column from that line's start.
  const at = (offset: number): Position => {
    if (!newlines) {
      newlines = [];
      for (let i = yamlText.indexOf('\n'); i >= 0; i = yamlText.indexOf('\n', i + 1)) newlines.push(i);
    }
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (newlines[mid] < offset) low = mid + 1;
      else high = mid;
    }
    return { line: low + 1, column: offset - (low === 0 ? 0 : newlines[low - 1] + 1) + 1 };
  };
  return {
    path,
    format,
    data: fast.data,
    body,
    bodyLine,
    lineCount,
    problems: [],
    locate: (segments, part = 'key') => {
      const found = fastLocate(fast.root, segments, part);
      if (found === undefined) return undefined;
      if (found !== 'full') {
        const start = at(found[0]);
        const end = at(found[1]);
        return { ...start, endLine: end.line, endColumn: end.column };
      }
      if (!full) {
        const lineCounter = new LineCounter();
        const composed = composeDocument(yamlText, lineCounter);
        full = {
          root: 'doc' in composed ? composed.doc.contents : null,
          at: (offset) => {
            const { line, col } = lineCounter.linePos(offset);
            return { line, column: col };
          }
        };
      }
      return locateNode(full.root, segments, part, full.at);
    }
  };
}

/* ------------------------------------------------------------------------------------------------
 * Fast path. Most cards are a plain block mapping of simple keys, one-line scalars and one-line
 * flow lists: that subset is read here by hand, about ten times faster than building a `yaml`
 * Document, recording the same [start, end] offsets the Document would give each scalar. Anything
 * outside the subset (anchors, tags, block scalars, escapes, multi-line values, tabs, CR, odd
 * indentation, duplicate keys, …) makes the fast path give up, and the full parser reads the card,
 * so errors, warnings and limits stay the full parser's. A differential test holds the two equal.
 * ---------------------------------------------------------------------------------------------- */

/** A scalar's offsets, a mapping, a sequence, or an empty value (its range is left to the full parser). */
type FastNode =
  | { t: 0; s: number; e: number }
  | { t: 1; names: string[]; ks: number[]; ke: number[]; vals: FastNode[] }
  | { t: 2; items: FastNode[] }
  | { t: 3 };

const BAIL: unique symbol = Symbol('bail');
/** Well under PARSE_LIMITS.maxDepth (flow lists add one level), and deeper than real cards go. */
const FAST_MAX_DEPTH = 32;
const EMPTY: FastNode = { t: 3 };
/** Characters a plain key may hold in the fast path (letters first; see fastKeyEnd). */
/** Characters that make the full parser necessary anywhere: tabs, CR, controls, NEL, separators, BOM. */
const UNUSUAL = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff]|\r(?!\n)/;
const RESERVED_KEYS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', '__proto__']);

function bail(): never {
  // A sentinel, not an error: it unwinds the reader and is caught by fastParseYaml.
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  throw BAIL;
}

/** Resolves a plain scalar exactly as `yaml`'s core schema does (same tests, same order, same functions). */
export function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  // Fast exit: a plain scalar starting with a letter other than n/N/t/T/f/F is a string.
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) {
    if (c !== 110 && c !== 78 && c !== 116 && c !== 84 && c !== 102 && c !== 70) return s;
  } else if (!(c === 126 || c === 46 || c === 43 || c === 45 || (c >= 48 && c <= 57) || s.length === 0)) {
    return s;
  }
  if (/^(?:~|[Nn]ull|NULL)?$/.test(s)) return null;
  if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s)) return s[0] === 't' || s[0] === 'T';
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(s)) return parseInt(s, 10);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s)) {
    return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s)) return parseFloat(s);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return parseFloat(s);
  return s;
}

/** `text` without its trailing spaces: YAML strips only those (and tabs, which never reach here), not every Unicode space. */
function trimSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** A continuation line of a plain scalar that starts like an indicator is left to the full parser. */
const CONTINUATION_INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;

/** YAML's one-character escapes in double-quoted scalars (§5.7); `\x`, `\u`, `\U` take hex digits. */
const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029'
};

class FastReader {
  /** Per content line (blank and comment-only lines left out): first non-space offset, end, indent. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly indents: number[] = [];
  private li = 0;
  /** Open block collections; deep documents are left to the full parser, which enforces the limit. */
  private depth = 0;

  constructor(private readonly src: string) {
    let lineStart = 0;
    const n = src.length;
    while (lineStart < n) {
      let end = src.indexOf('\n', lineStart);
      if (end < 0) end = n;
      const next = end + 1;
      // CRLF: the CR belongs to the line break, not to the line (UNUSUAL let no other CR through).
      if (end > lineStart && src.charCodeAt(end - 1) === 13) end--;
      let p = lineStart;
      while (p < end && src.charCodeAt(p) === 32) p++;
      if (p < end && src.charCodeAt(p) !== 35) {
        // Document markers and over-long lines (implicit keys are capped at 1024) go to the full parser.
        if (p === lineStart && (src.startsWith('---', p) || src.startsWith('...', p))) bail();
        if (end - lineStart > 1000) bail();
        this.starts.push(p);
        this.ends.push(end);
        this.indents.push(p - lineStart);
      }
      lineStart = next;
    }
  }

  read(): { data: Record<string, unknown>; root: FastNode } {
    if (this.starts.length === 0 || this.indents[0] !== 0) bail();
    const out = this.map(0, this.starts[0]);
    if (this.li < this.starts.length) bail();
    return { data: out.data as Record<string, unknown>, root: out.node };
  }

  /** End of a plain key starting at p (the offset of its `:`), or -1 when p does not start `key: `. */
  private keyEnd(p: number, end: number): number {
    const src = this.src;
    const c = src.charCodeAt(p);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95)) return -1;
    // Past its first letter a plain key may hold any character (gating forms use sentences with
    // commas, quotes and brackets as keys) up to `: ` or a `:` ending the line; a comment is left
    // to the full parser.
    let q = p + 1;
    for (; q < end; q++) {
      const ch = src.charCodeAt(q);
      if (ch === 58 && (q + 1 === end || src.charCodeAt(q + 1) === 32)) break;
      if (ch === 35 && src.charCodeAt(q - 1) === 32) return -1;
    }
    if (q >= end) return -1;
    if (src.charCodeAt(q - 1) === 32) return -1;
    return q;
  }

  private isDash(p: number, end: number): boolean {
    return this.src.charCodeAt(p) === 45 && (p + 1 === end || this.src.charCodeAt(p + 1) === 32);
  }

  /** A block mapping whose keys sit at column `indent`; its first key starts at `first` on the current line. */
  private map(indent: number, first: number): { data: unknown; node: FastNode } {
    if (++this.depth > FAST_MAX_DEPTH) bail();
    const data: Record<string, unknown> = {};
    const node = { t: 1 as const, names: [] as string[], ks: [] as number[], ke: [] as number[], vals: [] as FastNode[] };
    let p = first;
    for (;;) {
      let end = this.ends[this.li];
      let colon = this.keyEnd(p, end);
      let name: string;
      let keyStart = p;
      let keyEnd = colon;
      if (colon >= 0) name = this.src.slice(p, colon);
      else {
        // `? key` over one or more lines, then `: value` at the same column (the Hub's gating forms).
        if (this.src.charCodeAt(p) !== 63 || this.src.charCodeAt(p + 1) !== 32) bail();
        const key = this.explicitKey(p, end, indent);
        name = key.name;
        keyStart = key.s;
        keyEnd = key.e;
        colon = this.starts[this.li];
        end = this.ends[this.li];
      }
      if (RESERVED_KEYS.has(name) || Object.hasOwn(data, name)) bail();
      const value = this.afterIndicator(colon + 1, end, indent, true);
      data[name] = value.data;
      node.names.push(name);
      node.ks.push(keyStart);
      node.ke.push(keyEnd);
      node.vals.push(value.node);
      if (this.li >= this.starts.length) break;
      const next = this.indents[this.li];
      if (next < indent) break;
      if (next > indent) bail();
      p = this.starts[this.li];
      if (this.isDash(p, this.ends[this.li])) break;
    }
    this.depth--;
    return { data, node };
  }

  /** A block sequence whose dashes sit at column `indent`, starting on the current line. */
  private seq(indent: number): { data: unknown; node: FastNode } {
    if (++this.depth > FAST_MAX_DEPTH) bail();
    const data: unknown[] = [];
    const items: FastNode[] = [];
    for (;;) {
      const start = this.starts[this.li];
      const end = this.ends[this.li];
      let q = start + 1;
      while (q < end && this.src.charCodeAt(q) === 32) q++;
      let item: { data: unknown; node: FastNode };
      if (q < end && this.src.charCodeAt(q) !== 35 && this.keyEnd(q, end) >= 0) {
        item = this.map(q - start + indent, q);
      } else {
        if (q < end && this.isDash(q, end)) bail();
        item = this.afterIndicator(start + 1, end, indent, false);
      }
      data.push(item.data);
      items.push(item.node);
      if (this.li >= this.starts.length) break;
      const next = this.indents[this.li];
      if (next < indent) break;
      if (next > indent) bail();
      if (!this.isDash(this.starts[this.li], this.ends[this.li])) break;
    }
    this.depth--;
    return { data, node: { t: 2, items } };
  }

  /**
   * The value after a `key:` or a `-` at offset p: inline on this line, or a nested block on the
   * following lines, or empty. `indent` is the column of the key or dash that owns it.
   */
  private afterIndicator(p: number, end: number, indent: number, inMap: boolean): { data: unknown; node: FastNode } {
    const src = this.src;
    while (p < end && src.charCodeAt(p) === 32) p++;
    if (p >= end || src.charCodeAt(p) === 35) {
      this.li++;
      if (this.li >= this.starts.length) return { data: null, node: EMPTY };
      const next = this.indents[this.li];
      const start = this.starts[this.li];
      const dash = this.isDash(start, this.ends[this.li]);
      if (next > indent) return dash ? this.seq(next) : this.map(next, start);
      if (next === indent && inMap && dash) return this.seq(next);
      return { data: null, node: EMPTY };
    }
    const c = src.charCodeAt(p);
    if (c === 124 || c === 62) return this.blockScalar(p, end, indent);
    // A double-quoted value that runs over several lines (licence texts in `extra_gated_prompt`).
    if (c === 34 && !this.closesOnLine(p, end)) {
      const q = this.doubleQuotedLines(p, indent);
      this.li++;
      if (this.li < this.starts.length && this.indents[this.li] > indent) bail();
      return q;
    }
    const value = this.inline(p, end);
    // A more indented line after a plain value continues it (the Hub wraps long values so).
    const plain = c !== 34 && c !== 39 && c !== 91 && c !== 123;
    if (plain && this.li + 1 < this.starts.length && this.indents[this.li + 1] > indent) {
      const lines = this.plainLines(p, end, indent);
      this.li++;
      return lines;
    }
    this.li++;
    // A more indented line after any other inline value is an error.
    if (this.li < this.starts.length && this.indents[this.li] > indent) bail();
    return value;
  }

  /** A one-line value starting at p: quoted, flow list or mapping, or plain. */
  private inline(p: number, end: number): { data: unknown; node: FastNode } {
    const src = this.src;
    const c = src[p];
    if (c === '"' || c === "'") {
      const q = this.quoted(p, end);
      this.rest(q.e, end);
      return q;
    }
    if (c === '[') return this.flowSeq(p, end);
    if (c === '{') return this.flowMap(p, end);
    if ('|>&*!%@`,]}#'.includes(c)) bail();
    if ((c === '-' || c === '?' || c === ':') && (p + 1 === end || src.charCodeAt(p + 1) === 32)) bail();
    let e = p + 1;
    while (e < end && !(src.charCodeAt(e) === 35 && src.charCodeAt(e - 1) === 32)) e++;
    while (e > p && src.charCodeAt(e - 1) === 32) e--;
    const text = src.slice(p, e);
    if (text.includes(': ') || text.endsWith(':')) bail();
    return { data: resolvePlain(text), node: { t: 0, s: p, e } };
  }

  /**
   * A block scalar in its plainest form: header `|`, `|-`, `>` or `>-` alone on its line, then lines
   * all at one indentation, none blank, none ending in a space. Its value position is left to the
   * full parser (EMPTY node). Moves `li` past its lines.
   */
  private blockScalar(p: number, end: number, owner: number): { data: unknown; node: FastNode } {
    const src = this.src;
    const literal = src[p] === '|';
    let q = p + 1;
    const strip = src[q] === '-';
    if (strip) q++;
    if (q !== end) bail();
    const lines: string[] = [];
    let indent = -1;
    let lineStart = src.indexOf('\n', p) + 1;
    if (lineStart === 0) bail();
    let stop = lineStart;
    while (lineStart < src.length) {
      let lineEnd = src.indexOf('\n', lineStart);
      if (lineEnd < 0) bail();
      const next = lineEnd + 1;
      if (lineEnd > lineStart && src.charCodeAt(lineEnd - 1) === 13) lineEnd--;
      let c = lineStart;
      while (c < lineEnd && src.charCodeAt(c) === 32) c++;
      if (c === lineEnd) bail();
      const column = c - lineStart;
      if (column <= owner) break;
      if (indent < 0) indent = column;
      if (column !== indent || src.charCodeAt(lineEnd - 1) === 32) bail();
      lines.push(src.slice(c, lineEnd));
      lineStart = next;
      stop = next;
    }
    if (lines.length === 0) bail();
    while (this.li < this.starts.length && this.starts[this.li] < stop) this.li++;
    const text = lines.join(literal ? '\n' : ' ') + (strip ? '' : '\n');
    return { data: text, node: EMPTY };
  }

  /**
   * The key of `? key` at p (a plain string over one or more lines more indented than the `?`), and
   * its range; leaves `li` on the `:` line that must follow at the `?`'s column.
   */
  private explicitKey(p: number, end: number, indent: number): { name: string; s: number; e: number } {
    const src = this.src;
    let q = p + 1;
    while (q < end && src.charCodeAt(q) === 32) q++;
    const c = src.charCodeAt(q);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95)) bail();
    const first = src.slice(q, end);
    if (first.includes(': ') || first.endsWith(':')) bail();
    const key =
      this.li + 1 < this.starts.length && this.indents[this.li + 1] > indent ? this.plainLines(q, end, indent) : this.plainLine(q, end);
    if (typeof key.data !== 'string' || key.node.t !== 0) bail();
    this.li++;
    if (this.li >= this.starts.length || this.indents[this.li] !== indent) bail();
    const colon = this.starts[this.li];
    if (src.charCodeAt(colon) !== 58 || (colon + 1 < this.ends[this.li] && src.charCodeAt(colon + 1) !== 32)) bail();
    return { name: key.data, s: key.node.s, e: key.node.e };
  }

  /** A plain scalar alone on the rest of its line, with no comment. */
  private plainLine(p: number, end: number): { data: unknown; node: FastNode & { t: 0 } } {
    const text = this.src.slice(p, end);
    if (text.includes(' #')) bail();
    const trimmed = trimSpaces(text);
    return { data: resolvePlain(trimmed), node: { t: 0, s: p, e: p + trimmed.length } };
  }

  /**
   * A plain scalar over several lines (YAML 1.2 §7.3.3): its lines, trimmed, joined by a space, or by
   * one newline per empty line between them. The conservative subset: no comment anywhere in it or
   * between its lines, no line that could read as a key, an indicator or a comment. Leaves `li` on
   * its last line. The first line was checked by `inline`.
   */
  private plainLines(p: number, end: number, owner: number): { data: unknown; node: FastNode & { t: 0 } } {
    const src = this.src;
    const first = src.slice(p, end);
    if (first.includes(' #')) bail();
    let out = trimSpaces(first);
    let last = p + out.length;
    while (this.li + 1 < this.starts.length && this.indents[this.li + 1] > owner) {
      const gapStart = this.ends[this.li];
      this.li++;
      const start = this.starts[this.li];
      let empty = -1;
      for (let g = gapStart; g < start; g++) {
        const ch = src.charCodeAt(g);
        if (ch === 10) empty++;
        else if (ch === 35) bail();
      }
      const line = trimSpaces(src.slice(start, this.ends[this.li]));
      if (line.includes(' #') || line.includes(': ') || line.endsWith(':') || CONTINUATION_INDICATOR.test(line)) bail();
      out += empty > 0 ? '\n'.repeat(empty) : ' ';
      out += line;
      last = start + line.length;
    }
    return { data: resolvePlain(out), node: { t: 0, s: p, e: last } };
  }

  /** Whether the double-quoted scalar opening at p closes before `end` (an escaped quote does not close it). */
  private closesOnLine(p: number, end: number): boolean {
    const src = this.src;
    for (let q = p + 1; q < end; q++) {
      const c = src.charCodeAt(q);
      if (c === 92) q++;
      else if (c === 34) return true;
    }
    return false;
  }

  /**
   * A double-quoted scalar over several lines, decoded as YAML 1.2 does (§7.3.1): escapes; a line
   * break folds to a space, or to one newline per empty line after it; an escaped line break joins
   * the lines; spaces around a break are dropped unless escaped. Continuation lines must be indented
   * past `owner`. Leaves `li` on the line of the closing quote; anything unusual bails.
   */
  private doubleQuotedLines(p: number, owner: number): { data: string; node: FastNode } {
    const src = this.src;
    const n = src.length;
    let out = '';
    /** Characters of `out` that trailing-space trimming must keep (they came from escapes). */
    let kept = 0;
    let q = p + 1;
    /** After a line break: empty lines become newlines, then the next line's indentation is checked and skipped. */
    const continuation = (escaped: boolean): void => {
      let empty = 0;
      for (;;) {
        let c = q;
        while (c < n && src.charCodeAt(c) === 32) c++;
        if (c < n && src.charCodeAt(c) === 13 && src.charCodeAt(c + 1) === 10) c++;
        if (c < n && src.charCodeAt(c) === 10) {
          empty++;
          q = c + 1;
          continue;
        }
        if (c >= n) bail();
        const column = c - q;
        if (column <= owner) bail();
        q = c;
        break;
      }
      // `yaml` folds empty lines after an escaped break differently from plain ones: left to it.
      if (empty > 0 && escaped) bail();
      if (empty > 0) out += '\n'.repeat(empty);
      else if (!escaped) out += ' ';
      kept = out.length;
    };
    for (;;) {
      if (q >= n) bail();
      const c = src.charCodeAt(q);
      if (c === 34) break;
      if (c === 10 || (c === 13 && src.charCodeAt(q + 1) === 10)) {
        let trimmed = out.length;
        while (trimmed > kept && out.charCodeAt(trimmed - 1) === 32) trimmed--;
        out = out.slice(0, trimmed);
        q += c === 13 ? 2 : 1;
        continuation(false);
        continue;
      }
      if (c !== 92) {
        // A run of ordinary characters at once (one concatenation per character cost ~20 kB per card).
        let r = q + 1;
        for (; r < n; r++) {
          const d = src.charCodeAt(r);
          if (d === 34 || d === 92 || d === 10 || d === 13) break;
        }
        out += src.slice(q, r);
        q = r;
        continue;
      }
      const e = src[q + 1];
      if (e === '\n' || (e === '\r' && src[q + 2] === '\n')) {
        q += e === '\r' ? 3 : 2;
        kept = out.length;
        continuation(true);
        continue;
      }
      const simple = ESCAPES[e];
      if (simple !== undefined) {
        out += simple;
        q += 2;
      } else {
        const digits = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
        const hex = src.slice(q + 2, q + 2 + digits);
        if (digits === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) bail();
        const code = parseInt(hex, 16);
        if (digits === 8) {
          if (code > 0x10ffff) bail();
          out += String.fromCodePoint(code);
        } else out += String.fromCharCode(code);
        q += 2 + digits;
      }
      kept = out.length;
    }
    // The closing quote's line: only spaces or a comment may follow it; `li` moves onto that line.
    let lineEnd = src.indexOf('\n', q);
    if (lineEnd < 0) lineEnd = n;
    if (lineEnd > q && src.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    this.rest(q + 1, lineEnd);
    while (this.li + 1 < this.starts.length && this.starts[this.li + 1] <= q) this.li++;
    return { data: out, node: { t: 0, s: p, e: q + 1 } };
  }

  /** Only spaces or a comment may follow a value on its line. */
  private rest(p: number, end: number): void {
    const src = this.src;
    const from = p;
    while (p < end && src.charCodeAt(p) === 32) p++;
    if (p < end && !(src.charCodeAt(p) === 35 && p > from)) bail();
  }

  /** A one-line quoted scalar: no escapes in double quotes, `''` in single quotes. */
  private quoted(p: number, end: number): { data: string; node: FastNode & { t: 0 }; e: number } {
    const src = this.src;
    if (src[p] === '"') {
      const close = src.indexOf('"', p + 1);
      if (close < 0 || close >= end) bail();
      const text = src.slice(p + 1, close);
      if (text.includes('\\')) bail();
      return { data: text, node: { t: 0, s: p, e: close + 1 }, e: close + 1 };
    }
    let out = '';
    let q = p + 1;
    for (;;) {
      const close = src.indexOf("'", q);
      if (close < 0 || close >= end) bail();
      out += src.slice(q, close);
      if (src[close + 1] === "'") {
        out += "'";
        q = close + 2;
        continue;
      }
      return { data: out, node: { t: 0, s: p, e: close + 1 }, e: close + 1 };
    }
  }

  /** A flow scalar inside [ ] or { }: quoted, or plain up to `,` or the closing bracket. */
  private flowScalar(p: number, end: number, close: string, inMap: boolean): { data: unknown; node: FastNode & { t: 0 }; e: number } {
    const src = this.src;
    const c = src[p];
    if (c === '"' || c === "'") return this.quoted(p, end);
    if ('|>&*!%@`,[]{}#\'"?-:'.includes(c)) bail();
    let e = p;
    while (e < end) {
      const ch = src[e];
      if (ch === ',' || ch === close) break;
      if (ch === '[' || ch === ']' || ch === '{' || ch === '}' || ch === '#' || ch === '"' || ch === "'") bail();
      if (ch === ':' && (!inMap || e + 1 >= end || ' ,]}'.includes(src[e + 1]))) bail();
      e++;
    }
    const stop = e;
    while (e > p && src.charCodeAt(e - 1) === 32) e--;
    if (e === p) bail();
    return { data: resolvePlain(src.slice(p, e)), node: { t: 0, s: p, e }, e: stop };
  }

  private skipSpaces(p: number, end: number): number {
    while (p < end && this.src.charCodeAt(p) === 32) p++;
    return p;
  }

  private flowSeq(p: number, end: number): { data: unknown; node: FastNode } {
    const src = this.src;
    const data: unknown[] = [];
    const items: FastNode[] = [];
    p = this.skipSpaces(p + 1, end);
    if (src[p] !== ']') {
      for (;;) {
        const item = this.flowScalar(p, end, ']', false);
        data.push(item.data);
        items.push(item.node);
        p = this.skipSpaces(item.e, end);
        if (src[p] === ',') {
          p = this.skipSpaces(p + 1, end);
          if (p >= end || src[p] === ']') bail();
          continue;
        }
        if (src[p] === ']') break;
        bail();
      }
    }
    this.rest(p + 1, end);
    return { data, node: { t: 2, items } };
  }

  private flowMap(p: number, end: number): { data: unknown; node: FastNode } {
    const src = this.src;
    const data: Record<string, unknown> = {};
    const node = { t: 1 as const, names: [] as string[], ks: [] as number[], ke: [] as number[], vals: [] as FastNode[] };
    p = this.skipSpaces(p + 1, end);
    if (src[p] !== '}') {
      for (;;) {
        const colon = this.keyEnd(p, end);
        if (colon < 0 || colon + 1 >= end) bail();
        const name = src.slice(p, colon);
        if (RESERVED_KEYS.has(name) || Object.hasOwn(data, name) || /[,[\]{}]/.test(name)) bail();
        const v = this.flowScalar(this.skipSpaces(colon + 1, end), end, '}', true);
        data[name] = v.data;
        node.names.push(name);
        node.ks.push(p);
        node.ke.push(colon);
        node.vals.push(v.node);
        p = this.skipSpaces(v.e, end);
        if (src[p] === ',') {
          p = this.skipSpaces(p + 1, end);
          if (p >= end || src[p] === '}') bail();
          continue;
        }
        if (src[p] === '}') break;
        bail();
      }
    }
    this.rest(p + 1, end);
    return { data, node };
  }
}

/**
 * Reads YAML in the fast subset: the data (as `yaml`'s toJS would give it) and the node tree of
 * offsets, or null when the text needs the full parser.
 */
export function fastParseYaml(src: string): { data: Record<string, unknown>; root: FastNode } | null {
  if (UNUSUAL.test(src)) return null;
  try {
    return new FastReader(src).read();
  } catch (error) {
    if (error === BAIL) return null;
    throw error;
  }
}

/**
 * Where the key or value at `segments` lies, as offsets, following the same steps as locateNode.
 * 'full' means the target is a collection or an empty value, whose range the full parser gives.
 */
export function fastLocate(root: FastNode, segments: PathSegment[], part: 'key' | 'value'): [number, number] | 'full' | undefined {
  if (segments.length === 0) return 'full';
  let node: FastNode = root;
  let key: [number, number] | FastNode | undefined;
  for (const segment of segments) {
    if (node.t === 1) {
      const i = node.names.indexOf(String(segment));
      if (i < 0) return undefined;
      key = [node.ks[i], node.ke[i]];
      node = node.vals[i];
    } else if (node.t === 2 && typeof segment === 'number') {
      const item: FastNode | undefined = node.items[segment];
      if (item === undefined) return undefined;
      key = item;
      node = item;
    } else {
      return undefined;
    }
  }
  const target = part === 'value' ? node : key!;
  if (Array.isArray(target)) return target;
  return target.t === 0 ? [target.s, target.e] : 'full';
}
