/**
 * "What changed since the last run" for the sticky comment. Each run hides a compact list of its
 * findings in the comment (a base64 JSON block inside an HTML comment); the next run reads it back
 * from the comment it is about to update and compares by rule, card and message — not by line, so
 * an edit above a finding does not make it look new. The block is bounded, and parsing it back
 * trusts nothing: a malformed or oversized block is ignored.
 */
import { createHash } from 'node:crypto';
import type { CardReport } from '../types.js';

const PREFIX = '<!-- model-release-gate:state v1 ';
const SUFFIX = ' -->';
/** Bounds of the stored list (at most about 17 KB), and of what is read back. */
export const MAX_STATE_FINDINGS = 400;
const MAX_STATE_PATHS = 200;
const MAX_BLOCK = 24_000;
const RULE = /^[a-z0-9][a-z0-9-]{0,80}$/;
const HASH = /^[0-9a-f]{10}$/;

export interface RunFinding {
  rule: string;
  path: string;
  /** A hash of the message: messages are compared, not stored. */
  hash: string;
}

export interface RunState {
  findings: RunFinding[];
}

function hashOf(path: string, message: string): string {
  return createHash('sha256').update(`${path}\u0000${message}`).digest('hex').slice(0, 10);
}

export function keyOf(f: RunFinding): string {
  return `${f.rule}\u0000${f.path}\u0000${f.hash}`;
}

/** The unwaived findings of a run, as compared across runs. */
export function runFindings(cards: CardReport[]): (RunFinding & { message: string })[] {
  return cards.flatMap((card) =>
    card.findings
      .filter((f) => !f.waived)
      .map((f) => ({ rule: f.rule, path: card.path, hash: hashOf(card.path, f.message), message: f.message }))
  );
}

/** The hidden block for this run; findings past the bound are left out (the comparison then covers the first ones). */
export function stateBlock(cards: CardReport[]): string {
  const findings = runFindings(cards).slice(0, MAX_STATE_FINDINGS);
  const paths = [...new Set(findings.map((f) => f.path))].slice(0, MAX_STATE_PATHS);
  const index = new Map(paths.map((p, i) => [p, i]));
  const rows = findings.filter((f) => index.has(f.path)).map((f) => [f.rule, index.get(f.path), f.hash]);
  // Standard base64 has no `-`, so the block can never close the HTML comment early.
  const data = Buffer.from(JSON.stringify({ p: paths, f: rows }), 'utf8').toString('base64');
  return `${PREFIX}${data}${SUFFIX}`;
}

/** Whether a line is exactly a state block as `stateBlock` writes it (base64 only, bounded). */
export function isStateLine(line: string): boolean {
  if (line.length > MAX_BLOCK || !line.startsWith(PREFIX) || !line.endsWith(SUFFIX)) return false;
  return /^[A-Za-z0-9+/=]*$/.test(line.slice(PREFIX.length, line.length - SUFFIX.length));
}

/** The previous run's findings from the body of the comment it wrote, or undefined. */
export function readState(body: string | undefined | null): RunState | undefined {
  if (typeof body !== 'string') return undefined;
  const start = body.indexOf(PREFIX);
  if (start < 0) return undefined;
  const end = body.indexOf(SUFFIX, start + PREFIX.length);
  if (end < 0 || end - start > MAX_BLOCK) return undefined;
  const data = body.slice(start + PREFIX.length, end);
  if (!/^[A-Za-z0-9+/=]*$/.test(data)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { p, f } = parsed as { p?: unknown; f?: unknown };
  if (!Array.isArray(p) || !Array.isArray(f) || p.length > MAX_STATE_PATHS || f.length > MAX_STATE_FINDINGS) return undefined;
  if (!p.every((x) => typeof x === 'string' && x.length <= 1000)) return undefined;
  const findings: RunFinding[] = [];
  for (const row of f) {
    if (!Array.isArray(row) || row.length !== 3) return undefined;
    const [rule, i, hash] = row as unknown[];
    if (
      typeof rule !== 'string' ||
      !RULE.test(rule) ||
      typeof hash !== 'string' ||
      !HASH.test(hash) ||
      typeof i !== 'number' ||
      !Number.isInteger(i) ||
      i < 0 ||
      i >= p.length
    )
      return undefined;
    findings.push({ rule, path: p[i] as string, hash });
  }
  return { findings };
}

export interface RunChanges {
  fixed: RunFinding[];
  added: (RunFinding & { message: string })[];
}

/** Findings of the previous run that are gone, and findings of this run that are new (each counted as often as it occurs). */
export function compareRuns(previous: RunState, cards: CardReport[]): RunChanges {
  const now = runFindings(cards).slice(0, MAX_STATE_FINDINGS);
  const left = new Map<string, number>();
  for (const f of previous.findings) left.set(keyOf(f), (left.get(keyOf(f)) ?? 0) + 1);
  const added: RunChanges['added'] = [];
  for (const f of now) {
    const n = left.get(keyOf(f)) ?? 0;
    if (n > 0) left.set(keyOf(f), n - 1);
    else added.push(f);
  }
  const fixed: RunFinding[] = [];
  for (const f of previous.findings) {
    const n = left.get(keyOf(f)) ?? 0;
    if (n > 0) {
      fixed.push(f);
      left.set(keyOf(f), n - 1);
    }
  }
  return { fixed, added };
}
