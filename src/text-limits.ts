/**
 * How much card text each scanner examines. Every regex and scanner that sees card, path or policy
 * text runs on input capped here first, so a 1 MB card costs time linear in its size and no single
 * pattern ever meets a megabyte-long line (docs/SECURITY.md, "Linear-time text handling").
 */
export const TEXT_LIMITS = {
  /** Characters of one body line examined for a licence statement. */
  lineChars: 1000,
  /** Body lines scanned for licence statements. */
  bodyLines: 20_000,
  /** Characters of a licence id, `license_name` or licence word examined. */
  licenceChars: 256,
  /** Characters of an SPDX expression; longer ones are refused before any parser sees them. */
  expressionChars: 1024,
  /** Licence terms in one SPDX expression. */
  expressionTerms: 64,
  /** Characters of a statement (a line, or a section's first paragraph) searched for licence names. */
  statementChars: 6000
} as const;

/** The first `max` characters of `s` (all of it when shorter), never splitting a surrogate pair. */
export function head(s: string, max: number): string {
  if (s.length <= max) return s;
  const code = s.charCodeAt(max - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** `s` without leading and trailing runs of the given characters, by index (a `[x]+$` regex rescans each run). */
export function trimChars(s: string, chars: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && chars.includes(s[start])) start++;
  while (end > start && chars.includes(s[end - 1])) end--;
  return s.slice(start, end);
}

/** `s` without a trailing run of the given characters, by index (`/\/+$/` rescans every run it meets). */
export function trimTrailing(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1])) end--;
  return s.slice(0, end);
}

/**
 * The form of a path that globs are matched against. picomatch's `*` and `**` compile to `.`, which
 * matches no line terminator, so a card under `x<LF>y/` would silently escape the README glob: each
 * of CR, LF, U+2028 and U+2029 is matched as the placeholder U+001A, which `.`, `?` and `[^/]` match.
 * The file itself is still read and reported under its real name.
 */
export function matchable(reportPath: string): string {
  return reportPath.replace(/[\n\r\u2028\u2029]/g, '\u001a');
}
