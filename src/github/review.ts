/**
 * One PR review (event COMMENT) with inline comments on findings whose line is in the PR's diff.
 * Lines outside the diff are left out beforehand (GitHub rejects a whole review for one bad line),
 * at most 30 comments a run, and a finding already commented on at the same path, line and rule
 * (by us, on any earlier run) is not posted again.
 */
import { codeSpan } from '../report/escape.js';
import { richText } from '../report/markdown.js';
import { docsUrl } from '../rules/create.js';
import type { Fix, Report, Severity } from '../types.js';
import { describeError, listAll, statusOf, type GitHubClient, type RepoRef } from './client.js';
import { encodeHeader, isOwnAuthor, neutraliseMarkers, type Identity } from './comment.js';

export const MAX_REVIEW_COMMENTS = 30;
/** Most review POSTs a run makes while working around 422 refusals. */
export const MAX_REVIEW_POSTS = 8;

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };
const SEVERITY_WORD: Record<Severity, string> = { error: 'Error', warning: 'Warning', notice: 'Notice' };

export interface InlineCandidate {
  path: string;
  line: number;
  rule: string;
  severity: Severity;
  message: string;
  /** A fix that replaces lines of the diff: posted as a suggestion the author accepts with one click. */
  fix?: Fix;
  /** How many findings of this rule the fix mends (several missing artefacts share one scaffold). */
  mends?: number;
}

export function reviewMarker(header: string, rule: string): string {
  return `<!-- model-release-gate:review:${encodeHeader(header)} rule=${encodeHeader(rule)} -->`;
}

function key(path: string, line: number, rule: string): string {
  return `${path}\u0000${line}\u0000${rule}`;
}

/**
 * Findings that may become inline comments: errors and warnings (notices, such as the openness class,
 * stay in the PR comment: they ask nothing of the author), unwaived, on a commentable line, one per
 * path+line+rule, most severe first.
 */
export function inlineCandidates(report: Report, commentable: Map<string, Set<number>>): InlineCandidate[] {
  const seen = new Set<string>();
  const out: InlineCandidate[] = [];
  for (const card of report.cards) {
    const lines = commentable.get(card.path);
    if (!lines) continue;
    for (const f of card.findings) {
      if (f.waived || f.severity === 'notice' || !lines.has(f.line)) continue;
      // A suggestion is anchored on the lines its fix replaces (findings sharing one fix share one comment).
      const fix = f.fix && suggestible(f.fix, lines) ? f.fix : undefined;
      const line = fix ? fix.endLine : f.line;
      const k = key(card.path, line, f.rule);
      if (seen.has(k)) {
        const shared = fix
          ? out.find((c) => c.path === card.path && c.fix?.line === fix.line && c.fix.endLine === fix.endLine && c.fix.text === fix.text)
          : undefined;
        if (shared) shared.mends = (shared.mends ?? 1) + 1;
        continue;
      }
      seen.add(k);
      const candidate: InlineCandidate = { path: card.path, line, rule: f.rule, severity: f.severity, message: f.message };
      if (fix) candidate.fix = fix;
      out.push(candidate);
    }
  }
  return out.sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.line - b.line
  );
}

/**
 * A suggestion replaces the lines it is anchored on, so only a fix that replaces lines (not one that
 * inserts between them) and whose every line is in the diff can become one.
 */
function suggestible(fix: Fix, lines: Set<number>): boolean {
  if (fix.endLine < fix.line || fix.endLine - fix.line > 50) return false;
  for (let n = fix.line; n <= fix.endLine; n++) if (!lines.has(n)) return false;
  return true;
}

/** A ```suggestion block holding the fix's lines; the fence is longer than any backtick run in them. */
export function suggestionBlock(fix: Fix): string {
  const text = fix.text.replace(/\r\n/g, '\n').replace(/\n$/, '');
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}suggestion\n${text}\n${fence}`;
}

interface ReviewComment {
  path?: string;
  line?: number | null;
  original_line?: number | null;
  body?: string;
  user?: { login?: string } | null;
}

/** path+line+rule of every inline comment we posted before (any page), for this header. */
export async function existingInlineKeys(
  client: GitHubClient,
  repo: RepoRef,
  pull: number,
  header: string,
  identity: Identity
): Promise<Set<string>> {
  const { items: comments } = await listAll<ReviewComment>(client, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/comments', {
    owner: repo.owner,
    repo: repo.repo,
    pull_number: pull
  });
  const prefix = `<!-- model-release-gate:review:${encodeHeader(header)} rule=`;
  const keys = new Set<string>();
  for (const c of comments) {
    if (!c || typeof c.body !== 'string' || !c.path || !isOwnAuthor(c.user, identity)) continue;
    // The marker counts only as the exact last line, where inlineBody puts it.
    const start = c.body.lastIndexOf('\n') + 1;
    const last = c.body.slice(start).replace(/\r$/, '');
    if (!last.startsWith(prefix) || !last.endsWith(' -->')) continue;
    const encoded = last.slice(prefix.length, -' -->'.length);
    if (!/^[A-Za-z0-9_.%-]*$/.test(encoded)) continue;
    const rule = decodeURIComponent(encoded);
    for (const line of [c.line, c.original_line]) if (typeof line === 'number') keys.add(key(c.path, line, rule));
  }
  return keys;
}

export function inlineBody(c: InlineCandidate, header: string): string {
  // Rule ids come from our registry, but a link is only made for a plain id.
  const rule = /^[a-z0-9-]+$/.test(c.rule)
    ? `[${codeSpan(c.rule, { table: false })}](${docsUrl(c.rule)})`
    : codeSpan(c.rule, { table: false });
  const also = c.mends && c.mends > 1 ? ` This suggestion mends ${c.mends} such findings at once.` : '';
  const suggestion = c.fix ? `${also}\n\n${suggestionBlock(c.fix)}` : '';
  return `**${SEVERITY_WORD[c.severity]}** ${rule}: ${neutraliseMarkers(richText(c.message, { table: false }))}${suggestion}\n\n${reviewMarker(header, c.rule)}`;
}

export interface ReviewOptions {
  repo: RepoRef;
  pull: number;
  headSha: string;
  header: string;
  report: Report;
  commentable: Map<string, Set<number>>;
  identity: Identity;
  log?: (m: string) => void;
  /** Milliseconds per unit of wait between attempts after a server error. */
  retryBaseMs?: number;
}

export interface ReviewResult {
  posted: number;
  /** Already commented on an earlier run. */
  repeated: number;
  /** Over the per-run cap. */
  deferred: number;
  /** Refused by GitHub (422) and left out. */
  rejected: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function postReview(client: GitHubClient, options: ReviewOptions): Promise<ReviewResult> {
  const { repo, pull, header, identity } = options;
  const log = options.log ?? (() => undefined);
  const candidates = inlineCandidates(options.report, options.commentable);
  if (candidates.length === 0) return { posted: 0, repeated: 0, deferred: 0, rejected: 0 };
  const existing = await existingInlineKeys(client, repo, pull, header, identity);
  const fresh = candidates.filter((c) => !existing.has(key(c.path, c.line, c.rule)));
  const repeated = candidates.length - fresh.length;
  const batch = fresh.slice(0, MAX_REVIEW_COMMENTS);
  const deferred = fresh.length - batch.length;
  if (batch.length === 0) return { posted: 0, repeated, deferred, rejected: 0 };

  // The POST is not idempotent, so it is not retried blindly: after a server error we look at what
  // landed and post only what is missing.
  const deferredNote =
    deferred > 0
      ? ` ${deferred} more are not shown inline (at most ${MAX_REVIEW_COMMENTS} a run); the PR comment and the job summary list them all.`
      : '';
  // A suggestion spans the fix's lines: `start_line` and `line` when it covers more than one.
  const reviewComment = (
    c: InlineCandidate
  ): { path: string; body: string; line: number; side: string; start_line?: number; start_side?: string } => {
    const body = inlineBody(c, header);
    if (!c.fix) return { path: c.path, line: c.line, side: 'RIGHT', body };
    if (c.fix.endLine === c.fix.line) return { path: c.path, line: c.line, side: 'RIGHT', body };
    return { path: c.path, start_line: c.fix.line, start_side: 'RIGHT', line: c.fix.endLine, side: 'RIGHT', body };
  };
  const post = async (part: InlineCandidate[]): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.request('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', {
          owner: repo.owner,
          repo: repo.repo,
          pull_number: pull,
          commit_id: options.headSha,
          event: 'COMMENT',
          body: `**model-release-gate**: ${part.length} finding${part.length === 1 ? '' : 's'} on lines this pull request changes.${deferredNote}`,
          comments: part.map(reviewComment),
          request: { retries: 0 }
        });
        return;
      } catch (error) {
        const status = statusOf(error);
        const transient = status === undefined || status >= 500;
        if (!transient || attempt >= 2) throw error;
        log(`Posting the review failed (${describeError(error)}); checking what landed before trying again.`);
        await sleep((options.retryBaseMs ?? 1000) * (attempt + 1) ** 2);
        const landed = await existingInlineKeys(client, repo, pull, header, identity);
        part = part.filter((c) => !landed.has(key(c.path, c.line, c.rule)));
        if (part.length === 0) return;
      }
    }
  };

  // GitHub refuses a whole review (422) for one comment it will not anchor (a line it does not count
  // as part of the diff, a head that moved). The batch is then split in halves and retried, so the
  // good comments still land and only the refused ones are dropped, within a small number of posts.
  let posts = 0;
  let posted = 0;
  let rejected = 0;
  const queue: InlineCandidate[][] = [batch];
  while (queue.length > 0) {
    const part = queue.shift() as InlineCandidate[];
    if (posts >= MAX_REVIEW_POSTS) {
      rejected += part.length;
      continue;
    }
    posts++;
    try {
      await post(part);
      posted += part.length;
    } catch (error) {
      if (statusOf(error) !== 422) throw error;
      log(`GitHub refused a review of ${part.length} inline comment(s) (${describeError(error)}).`);
      if (part.length === 1) rejected++;
      else queue.unshift(part.slice(0, Math.ceil(part.length / 2)), part.slice(Math.ceil(part.length / 2)));
    }
  }
  if (rejected > 0)
    log(
      `${rejected} inline comment(s) were not posted because GitHub refused them; the PR comment and the job summary hold those findings.`
    );
  return { posted, repeated, deferred, rejected };
}
