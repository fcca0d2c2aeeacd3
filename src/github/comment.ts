/**
 * The one sticky PR comment. It is found again by a hidden marker AND by its author being the
 * token's own identity, across every page of comments, so a person's comment that quotes the marker
 * is never edited, and a run never posts a second one (two racing runs converge on the oldest).
 */
import { isStateLine } from '../report/changes.js';
import { neutraliseMarkers } from '../report/escape.js';
import { describeError, listAll, statusOf, type GitHubClient, type RepoRef } from './client.js';

export { neutraliseMarkers };

/** GitHub rejects comment bodies longer than this (422 "Body is too long"). */
export const COMMENT_LIMIT = 65_536;

/** The login GITHUB_TOKEN acts as (an installation token of the GitHub Actions app). */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]';

/**
 * Encodes the `comment-header` for use inside an HTML comment: letters, digits, `_`, `.` and `-`
 * stay; everything else (spaces, `>`, `%`, newlines, non-ASCII) is percent-encoded, so no header
 * can close the comment early and different headers give different markers.
 */
export function encodeHeader(header: string): string {
  let out = '';
  for (const ch of header.trim()) {
    if (/^[A-Za-z0-9_.-]$/.test(ch)) out += ch;
    else for (const byte of Buffer.from(ch, 'utf8')) out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  // `--` inside an HTML comment is a parse error in some renderers; keep dashes single.
  return out.replace(/-{2,}/g, (m) => '-' + '%2D'.repeat(m.length - 1));
}

export function markerFor(header: string): string {
  return `<!-- model-release-gate:${encodeHeader(header)} -->`;
}

/**
 * Who the token acts as. `logins` are compared case-insensitively with comment authors.
 * - `user`: GET /user answered (a personal access token);
 * - `viewer`: GraphQL `viewer { login }` answered (GitHub App installation tokens, GITHUB_TOKEN):
 *   a bot's viewer login lacks the `[bot]` suffix REST shows, so both spellings are accepted;
 * - `fallback`: neither answered; only `github-actions[bot]` (the GITHUB_TOKEN identity) is trusted.
 */
export interface Identity {
  logins: string[];
  source: 'user' | 'viewer' | 'fallback';
}

export async function resolveIdentity(client: GitHubClient, log: (m: string) => void = () => undefined): Promise<Identity> {
  try {
    const { data } = await client.request('GET /user', { request: { retries: 0 } });
    if (typeof data?.login === 'string' && data.login !== '') return { logins: [data.login], source: 'user' };
  } catch (error) {
    log(`GET /user is not available to this token (${describeError(error)}); asking GraphQL for the viewer.`);
  }
  try {
    const result = await client.graphql<{ viewer?: { login?: unknown } }>('query { viewer { login } }', { request: { retries: 0 } });
    const login = result?.viewer?.login;
    if (typeof login === 'string' && login !== '') {
      const bare = login.replace(/\[bot\]$/i, '');
      return { logins: [bare, `${bare}[bot]`], source: 'viewer' };
    }
  } catch (error) {
    log(
      `The GraphQL viewer is not available (${describeError(error)}); trusting only ${ACTIONS_BOT_LOGIN} as the author of earlier comments.`
    );
  }
  return { logins: [ACTIONS_BOT_LOGIN], source: 'fallback' };
}

interface Author {
  login?: string;
}

export function isOwnAuthor(user: Author | null | undefined, identity: Identity): boolean {
  const login = user?.login?.toLowerCase();
  return login !== undefined && identity.logins.some((l) => l.toLowerCase() === login);
}

export interface IssueComment {
  id: number;
  body?: string | null;
  user?: Author | null;
}

export async function listIssueComments(client: GitHubClient, repo: RepoRef, issue: number): Promise<IssueComment[]> {
  const { items } = await listAll<IssueComment>(client, 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    owner: repo.owner,
    repo: repo.repo,
    issue_number: issue
  });
  // A page may repeat an item another page held (comments added or deleted while listing).
  const seen = new Set<number>();
  return items.filter((c) => typeof c?.id === 'number' && !seen.has(c.id) && (seen.add(c.id), true));
}

/**
 * Our comments for this marker, oldest first: by our author and with the marker as the exact first
 * line, where commentBody puts it. A marker anywhere else (quoted card text, another step's marker
 * inside a body) never makes a comment ours.
 */
export function ownComments(comments: IssueComment[], marker: string, identity: Identity): IssueComment[] {
  return comments
    .filter((c) => typeof c.body === 'string' && isOwnMarkerBody(c.body, marker) && isOwnAuthor(c.user, identity))
    .sort((a, b) => a.id - b.id);
}

export type CommentMode = 'always' | 'on-findings' | 'never';

export interface CommentOptions {
  repo: RepoRef;
  issue: number;
  header: string;
  /** The rendered report, without the marker; a function gets the body of the comment it will replace, if any. */
  body: string | ((previous: string | undefined) => string);
  mode: CommentMode;
  /** Errors or warnings remain (on-findings creates a comment only then). */
  hasFindings: boolean;
  /** False when nothing was checked: no new comment is started, an existing one is still updated. */
  worthCreating: boolean;
  identity: Identity;
  log?: (m: string) => void;
}

export interface CommentResult {
  action: 'created' | 'updated' | 'skipped';
  id?: number;
  /** Duplicates of our own comment removed (from racing runs). */
  removed: number[];
}

/**
 * Joins marker and body (with any marker look-alike in it broken), keeping the whole under GitHub's
 * limit. The one exception is the run-state line the markdown reporter writes for "what changed since
 * the last run": it is ours, exactly that shape, and base64 inside, so it stays a hidden comment.
 */
export function commentBody(marker: string, body: string): string {
  const safe = body.includes('<!--')
    ? body
        .split('\n')
        .map((line) => (isStateLine(line) ? line : neutraliseMarkers(line)))
        .join('\n')
    : body;
  const full = `${marker}\n${safe}`;
  if (full.length <= COMMENT_LIMIT) return full;
  const tail = '\n\n_The report was cut to fit GitHub’s comment size limit; the job summary holds all of it._\n';
  let cut = COMMENT_LIMIT - tail.length;
  // Never split a surrogate pair.
  const code = full.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return full.slice(0, cut) + tail;
}

/**
 * Creates or updates the sticky comment.
 * `on-findings`: no comment is started while there are no errors or warnings; a comment left by an
 * earlier run is still rewritten with the current (green) report, so a red comment never stays on a
 * PR whose findings are gone.
 */
export async function syncComment(client: GitHubClient, options: CommentOptions): Promise<CommentResult> {
  const { repo, issue, identity } = options;
  const log = options.log ?? (() => undefined);
  if (options.mode === 'never') return { action: 'skipped', removed: [] };
  const marker = markerFor(options.header);
  const ours = ownComments(await listIssueComments(client, repo, issue), marker, identity);
  const rendered = typeof options.body === 'string' ? options.body : options.body(ours[0]?.body ?? undefined);
  const body = commentBody(marker, rendered);

  if (ours.length > 0) {
    const keep = ours[0];
    await client.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
      owner: repo.owner,
      repo: repo.repo,
      comment_id: keep.id,
      body
    });
    const removed = await removeDuplicates(client, repo, ours.slice(1), log);
    return { action: 'updated', id: keep.id, removed };
  }
  if (!options.worthCreating || (options.mode === 'on-findings' && !options.hasFindings)) return { action: 'skipped', removed: [] };

  const created = await client.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
    owner: repo.owner,
    repo: repo.repo,
    issue_number: issue,
    body
  });
  // The server tells us who we are: trust that login too (covers tokens whose identity was unknown).
  const createdLogin = created.data.user?.login;
  const known: Identity =
    createdLogin && !isOwnAuthor(created.data.user, identity) ? { ...identity, logins: [...identity.logins, createdLogin] } : identity;
  // Another run may have created one at the same time, or a retried POST may have landed twice:
  // list again, keep the oldest, delete the newer ones of our own, and make sure the kept one holds this report.
  const after = ownComments(await listIssueComments(client, repo, issue), marker, known);
  if (after.length <= 1) return { action: 'created', id: Number(created.data.id), removed: [] };
  const keep = after[0];
  const removed = await removeDuplicates(client, repo, after.slice(1), log);
  if (keep.id !== Number(created.data.id)) {
    await client.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
      owner: repo.owner,
      repo: repo.repo,
      comment_id: keep.id,
      body
    });
    return { action: 'updated', id: keep.id, removed };
  }
  return { action: 'created', id: keep.id, removed };
}

async function removeDuplicates(
  client: GitHubClient,
  repo: RepoRef,
  duplicates: IssueComment[],
  log: (m: string) => void
): Promise<number[]> {
  const removed: number[] = [];
  for (const dup of duplicates) {
    try {
      await client.request('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', {
        owner: repo.owner,
        repo: repo.repo,
        comment_id: dup.id
      });
      removed.push(dup.id);
    } catch (error) {
      // 404: the racing run deleted it first, which is the outcome we wanted.
      if (statusOf(error) === 404) removed.push(dup.id);
      else log(`Could not delete duplicate comment ${dup.id}: ${describeError(error)}`);
    }
  }
  if (removed.length > 0) log(`Removed ${removed.length} duplicate gate comment(s) left by a concurrent run.`);
  return removed;
}

/** Whether a comment body is one of ours for `marker`: the marker is its exact first line, where commentBody puts it. */
export function isOwnMarkerBody(body: string, marker: string): boolean {
  if (!body.startsWith(marker)) return false;
  const rest = body.charCodeAt(marker.length);
  return Number.isNaN(rest) || rest === 10 || (rest === 13 && body.charCodeAt(marker.length + 1) === 10);
}
