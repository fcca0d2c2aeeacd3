/**
 * Escaping of card-supplied text for every place the gate writes it: markdown (PR comment, job
 * summary), inline code, workflow-command annotations and plain log lines.
 *
 * A card comes from an untrusted pull request. Whatever it contains must not become raw HTML, ping
 * people, inject links or images, break our tables or `<details>` blocks, start a workflow command,
 * or hide text behind invisible or bidirectional control characters.
 */
import { head } from '../text-limits.js';

export interface EscapeOptions {
  /** Longest value kept, in code points; longer values are cut and end with `…`. */
  maxLength?: number;
}

export interface CodeSpanOptions extends EscapeOptions {
  /**
   * The span sits in a GFM table cell (default true): `|` is written `\|`, which GFM shows as `|`
   * even inside code. Outside a table pass false, or the backslash would show.
   */
  table?: boolean;
}

export interface AnnotationOptions extends EscapeOptions {
  /** Encode for a property value (`file=`, `title=`): `:` and `,` are encoded too. */
  property?: boolean;
}

export const ESCAPE_DEFAULTS = { textMaxLength: 1000, codeMaxLength: 200, annotationMaxLength: 4000 } as const;

const ELLIPSIS = '…';

/**
 * Characters that are invisible or reorder text: all of Unicode's format category (Cf: soft hyphen,
 * zero-width spaces and joiners, bidi embeddings/overrides/isolates, word joiner, invisible
 * operators, BOM, interlinear annotation, tag characters...) plus invisible letters and marks that
 * are not Cf (Hangul fillers, combining grapheme joiner, Khmer inherent vowels, Mongolian free
 * variation selectors, blank braille pattern).
 */
const INVISIBLE = /[\p{Cf}\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180D\u180F\u2800\u3164\uFFA0]/u;
/** C0 and C1 controls and DEL (tab, LF and CR are dealt with by each function). */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Line breaks in any form: CR, LF, NEL, line and paragraph separators. */
const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function hex(codePoint: number): string {
  return codePoint.toString(16).toUpperCase().padStart(4, '0');
}

/** `\u{202E}`: how a removed character is shown, so a reviewer sees that it was there. */
export function visibleCodePoint(char: string): string {
  return `\\u{${hex(char.codePointAt(0) ?? 0)}}`;
}

/** INVISIBLE and CONTROL in one global pattern, so that whole strings are scanned natively. */
const HIDDEN = new RegExp(`${INVISIBLE.source.slice(0, -1)}${CONTROL.source.slice(1)}`, 'gu');

/** Replaces lone surrogates (not valid text) by U+FFFD. */
function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

/** Folds line breaks and tabs to single spaces. */
function foldLines(s: string): string {
  return s.replace(LINE_BREAKS, ' ').replace(/\t/g, ' ');
}

/** Shows every hidden character (control, invisible, bidi) as `\u{XXXX}`. */
export function revealHidden(s: string): string {
  return wellFormed(s).replace(HIDDEN, visibleCodePoint);
}

/**
 * A file path for display: tabs and line breaks (CR, LF, NEL, U+2028, U+2029) show as `\u{A}` instead
 * of folding to spaces, so that `a<LF>b/README.md` never reads as another path. Escape the result as
 * usual (codeSpan, escapeLogText), which shows the other hidden characters the same way.
 */
export function revealPath(p: string): string {
  return String(p).replace(/[\t\n\r\u0085\u2028\u2029]/g, visibleCodePoint);
}

/** Cuts to `max` code points (never inside a surrogate pair), ending with `…` when cut. */
export function truncate(s: string, max: number | undefined): string {
  if (max === undefined || !Number.isFinite(max) || max <= 0) return s;
  if (s.length <= max) return s; // UTF-16 length >= code points: nothing to cut
  // Walks only the first `max` code points, however long `s` is.
  let index = 0;
  let keep = 0;
  for (let points = 0; points < max; points++) {
    if (index >= s.length) return s;
    if (points === max - 1) keep = index;
    const code = s.charCodeAt(index);
    const pair = code >= 0xd800 && code <= 0xdbff && (s.charCodeAt(index + 1) & 0xfc00) === 0xdc00;
    index += pair ? 2 : 1;
  }
  if (index >= s.length) return s;
  return s.slice(0, keep) + ELLIPSIS;
}

/**
 * The part of `s` that can reach a `max`-code-point result: every source character gives at least
 * one, and folding CRLF halves at most, so 2·max + 4 UTF-16 units are enough to decide the cut. Done
 * first, so that escaping a 1 MB value costs no more than escaping its head.
 */
function preCut(s: string, max: number | undefined): string {
  if (max === undefined || !Number.isFinite(max) || max <= 0) return s;
  return head(s, 2 * max + 4);
}

/**
 * Removes C0/C1 controls (keeping `\n` and `\t`; `\r` goes, U+2028/U+2029/NEL become `\n`) and all
 * invisible and bidirectional format characters. Lone surrogates become U+FFFD.
 */
export function stripControl(s: string): string {
  const text = wellFormed(String(s))
    .replace(/\r\n/g, '\n')
    .replace(/[\u0085\u2028\u2029]/g, '\n');
  return text.replace(HIDDEN, '');
}

/** Markdown punctuation that could start emphasis, links, images, code, tables or strikethrough. */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]()!|~]/g;
/** A block marker at the very start: heading, list item, thematic break, setext underline. */
const LEADING_BLOCK = /^(\s*)(?:([#+=-])|(\d{1,9})([.)]))/;
/**
 * What GitHub's autolinker starts a link at: `scheme://` or `www.`. Matched as `://` alone (a
 * `[A-Za-z0-9+.-]*:` scheme pattern rescans every long word from each of its letters: quadratic).
 */
const BARE_SCHEME = /:\/\//g;
const BARE_WWW = /(?<![A-Za-z0-9_])(www)\./gi;
/** `@` followed by what GitHub could take as a user or team name. */
const MENTION = /@(?=[A-Za-z0-9])/g;

/**
 * Inline text safe in a markdown paragraph or a GFM table cell.
 * - HTML cannot form: `&`, `<`, `>`, `"`, `'` become entities, so neither `<img …>` nor `</details>`
 *   survives, and a card's own entities (`&#64;`) show literally.
 * - No mention pings: `@name` becomes `@&#8203;name` (a zero-width space written as an entity, so it
 *   survives our own stripping of invisible characters). An entity for `@` itself (`&#64;`) is not
 *   enough: the renderer decodes it before GitHub looks for mentions.
 * - No links, images, emphasis, code or table breaks: `\ ` * _ [ ] ( ) ! | ~` are backslash-escaped,
 *   and bare `scheme://` and `www.` are broken up so GitHub does not autolink them with escapes inside.
 * - Line breaks and tabs fold to spaces; control, invisible and bidi characters show as `\u{XXXX}`.
 * - Longer than `maxLength` code points (default 1000): cut, ending with `…`.
 * `#123` issue references and commit SHAs are left as they are.
 */
export function escapeMarkdownText(s: string, options: EscapeOptions = {}): string {
  const max = options.maxLength ?? ESCAPE_DEFAULTS.textMaxLength;
  let text = truncate(revealHidden(foldLines(preCut(String(s), max))), max);
  text = text.replace(MARKDOWN_PUNCTUATION, '\\$&');
  // GitHub links bare addresses from the raw text, backslashes included: break the pattern so a
  // card's address shows as text instead of as a link with escapes in its target.
  text = text.replace(BARE_SCHEME, '\\://').replace(BARE_WWW, '$1\\.');
  text = text.replace(LEADING_BLOCK, (_m, space: string, marker?: string, digits?: string, delimiter?: string) =>
    marker ? `${space}\\${marker}` : `${space}${digits}\\${delimiter}`
  );
  text = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  return text.replace(MENTION, '@&#8203;');
}

/**
 * A safe inline code span for ids and values. Code spans show their content literally (no HTML, no
 * mentions, no entities), so only the fence and line breaks matter: the fence is one backtick longer
 * than the longest run inside, the content is padded with a space on each side (CommonMark removes
 * exactly one of each), and line breaks fold to spaces so the span cannot end the line. Hidden
 * characters show as `\u{XXXX}`. In a table (default) `|` is written `\|`.
 */
export function codeSpan(s: string, options: CodeSpanOptions = {}): string {
  const max = options.maxLength ?? ESCAPE_DEFAULTS.codeMaxLength;
  let text = truncate(revealHidden(foldLines(preCut(String(s), max))), max);
  if (text === '') return '_(empty)_';
  // A code span keeps `<!--` raw in the markdown source, where it could read as a sticky-comment
  // marker: such a value is written as escaped text instead (`&lt;!--`), which shows the same.
  if (text.includes('<!--')) return escapeMarkdownText(text, { maxLength: Number.POSITIVE_INFINITY });
  if (options.table !== false) text = text.replace(/\|/g, '\\|');
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${text} ${fence}`;
}

/**
 * Text for a workflow command written directly to stdout (`::error file=…,line=…::<message>`),
 * using GitHub's own encoding: `%` → `%25`, CR → `%0D`, LF → `%0A`; for a property value also
 * `:` → `%3A` and `,` → `%2C`. Encoded line breaks cannot start a new line, so a card cannot issue
 * `::add-mask::`, `::stop-commands::` or `::set-output::`. Other hidden characters show as `\u{XXXX}`.
 *
 * Do not use it for `@actions/core` calls (`core.error(message, props)`): core applies this same
 * encoding itself; give core `stripControl(s)` or `revealHidden(s)` instead.
 */
export function escapeAnnotation(s: string, options: AnnotationOptions = {}): string {
  const max = options.maxLength ?? ESCAPE_DEFAULTS.annotationMaxLength;
  const normalised = preCut(String(s), max).replace(/[\u0085\u2028\u2029]/g, '\n');
  let text = revealHidden(truncate(wellFormed(normalised), max));
  text = text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  if (options.property) text = text.replace(/:/g, '%3A').replace(/,/g, '%2C');
  return text;
}

/**
 * A value for one line of plain-text log output: line breaks fold to spaces, hidden characters show
 * as `\u{XXXX}`, and a value that would begin a workflow command (`::` or `##[`, after leading
 * spaces, which the runner ignores) has its first character shown as `\u{…}` too.
 */
export function escapeLogText(s: string, options: EscapeOptions = {}): string {
  const max = options.maxLength ?? ESCAPE_DEFAULTS.textMaxLength;
  const text = truncate(revealHidden(foldLines(preCut(String(s), max))), max);
  return text.replace(/^(\s*)(:(?=:)|#(?=#\[))/, (_m, space: string, first: string) => space + visibleCodePoint(first));
}

/** Most code points nonAsciiCodePoints lists. */
const MAX_CODE_POINTS = 32;

/**
 * The non-ASCII code points of an identifier (e.g. a licence id), for messages that must show a
 * look-alike such as Cyrillic `а` in `аpache-2.0`. Empty when the id is plain ASCII.
 */
export function nonAsciiCodePoints(s: string): string[] {
  // A Set, and at most MAX_CODE_POINTS of them: a card may hold a million distinct code points, and a
  // message names a few; a list search per character would be quadratic.
  const found = new Set<string>();
  for (const char of wellFormed(String(s))) {
    const code = char.codePointAt(0) ?? 0;
    if (code > 0x7e || code < 0x20) found.add(`U+${hex(code)}`);
    if (found.size >= MAX_CODE_POINTS) break;
  }
  return [...found];
}

/**
 * Breaks every `<!--` in a body the action writes, so that nothing in it can read as a sticky-comment
 * marker (ours, another step's, in any spelling or case): `&lt;!--` shows the same in markdown. The
 * renderers never emit `<!--` from card text (codeSpan avoids it); this is the net under them.
 */
export function neutraliseMarkers(text: string): string {
  return text.includes('<!--') ? text.split('<!--').join('&lt;!--') : text;
}
