/**
 * The one edit distance behind every "did you mean": fastest-levenshtein's, with a swap of two
 * adjacent letters (the commonest typo: `opne`) counted as one edit, as in optimal string alignment.
 */
import { distance } from 'fastest-levenshtein';

/** True when `b` is `a` with one pair of adjacent characters swapped. */
function oneSwapApart(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** Edit distance between `a` and `b`; `Infinity` beyond `maxLength` characters, where no typo is likely. */
export function editDistance(a: string, b: string, maxLength = 200): number {
  if (a.length > maxLength || b.length > maxLength) return Infinity;
  return oneSwapApart(a, b) ? 1 : distance(a, b);
}

/** The candidate nearest to `value` (ignoring case) within about one edit in four characters, for "did you mean". */
export function closest(value: string, candidates: readonly string[]): string | undefined {
  let best: { c: string; d: number } | undefined;
  const max = Math.max(1, Math.floor(value.length / 4));
  for (const c of candidates) {
    if (Math.abs(value.length - c.length) > 3) continue;
    const d = editDistance(value.toLowerCase(), c.toLowerCase());
    if (d <= max && (!best || d < best.d)) best = { c, d };
  }
  return best?.c;
}
