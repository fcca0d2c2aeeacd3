/**
 * Bounds on what a policy file may ask of the gate. The policy is trusted more than a card, but a
 * typo in it must not hang CI: waiver globs are limited to shapes picomatch matches quickly, and the
 * allow/deny cross-check is linear. Called from src/policy/load.ts; the engine matches waivers here.
 */
import picomatch from 'picomatch';
import { matchable } from '../text-limits.js';

/** Longest waiver path or glob accepted. */
export const MAX_GLOB_LENGTH = 256;
/** Most `*` wildcards (a `**` counts once) in one glob, and in one path segment. */
export const MAX_GLOB_STARS = 4;
export const MAX_SEGMENT_STARS = 2;
/** Most `{a,b}` alternatives in one glob; braces may not nest. */
export const MAX_GLOB_ALTERNATIVES = 16;

/**
 * Why a waiver glob is refused, or undefined when it is within bounds. Each star picomatch turns
 * into a lazy `[^/]*?`, and a backtracking regex tries every split of a long folder name between
 * adjacent ones; capping stars per segment and in total keeps every match polynomial of low degree
 * on paths of bounded length. Extglobs (`+(…)`, `@(…)`) can nest quantifiers, so they are refused.
 */
export function globProblem(glob: string): string | undefined {
  if (glob.length > MAX_GLOB_LENGTH) return `the glob is ${glob.length} characters long; the limit is ${MAX_GLOB_LENGTH}`;
  let stars = 0;
  let alternatives = 0;
  let depth = 0;
  for (const segment of glob.split('/')) {
    let inSegment = 0;
    for (let i = 0; i < segment.length; i++) {
      const c = segment[i];
      if (c === '\\') {
        i++;
        continue;
      }
      if ((c === '+' || c === '@' || c === '!' || c === '*' || c === '?') && segment[i + 1] === '(') {
        return `\`${c}(\` starts an extended glob, which is not supported in waivers; use \`*\`, \`**\`, \`?\`, \`[…]\` or \`{a,b}\``;
      }
      if (c === '*') {
        while (segment[i + 1] === '*') i++;
        stars++;
        inSegment++;
      } else if (c === '{') {
        depth++;
        if (depth > 1) return 'braces inside braces are not supported in waivers';
        alternatives++;
      } else if (c === ',' && depth > 0) alternatives++;
      else if (c === '}' && depth > 0) depth--;
    }
    if (inSegment > MAX_SEGMENT_STARS) return `a path segment has ${inSegment} wildcards; the limit is ${MAX_SEGMENT_STARS} per segment`;
  }
  if (stars > MAX_GLOB_STARS) return `the glob has ${stars} wildcards; the limit is ${MAX_GLOB_STARS}`;
  if (alternatives > MAX_GLOB_ALTERNATIVES) return `the glob has ${alternatives} brace alternatives; the limit is ${MAX_GLOB_ALTERNATIVES}`;
  return undefined;
}

/** The entries of `allow` that `deny` also holds (case-insensitive), in one pass over each list. */
export function allowedAndDenied(allow: readonly string[], deny: readonly string[]): string[] {
  const denied = new Set(deny.map((d) => d.toLowerCase()));
  const seen = new Set<string>();
  return allow.filter((s) => {
    const k = s.toLowerCase();
    if (!denied.has(k) || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const compiledWaivers = new WeakMap<object, (reportPath: string) => boolean>();

/**
 * Whether a waiver's path or glob covers a card. Each waiver's glob is compiled once per policy (not
 * once per card: thousands of waivers times thousands of cards would recompile millions of times),
 * and matched against the path with line terminators as a placeholder, as discovery does.
 */
export function waiverCovers(waiver: { path: string }, reportPath: string): boolean {
  if (waiver.path === reportPath) return true;
  let matcher = compiledWaivers.get(waiver);
  if (!matcher) {
    const compiled = picomatch(waiver.path, { dot: true });
    matcher = (p) => compiled(matchable(p));
    compiledWaivers.set(waiver, matcher);
  }
  return matcher(reportPath);
}
