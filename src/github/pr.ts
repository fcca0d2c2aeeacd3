/**
 * Which cards a run checks. In a pull request: the cards the PR adds or changes (from its paginated
 * file list), their base versions from the base commit, and the lines of the diff a review may
 * comment on. Elsewhere: every card in the workspace matched by `cards`.
 */
import path from 'node:path';
import pLimit from 'p-limit';
import picomatch from 'picomatch';
import { DEFAULT_CARD_GLOBS, matchable, unsafePattern } from '../card/discover.js';
import { decodeCardText, formatOf, parseCard, splitFrontMatter } from '../card/parse.js';
import { loadCard, newReadBudget, READ_LIMITS } from '../card/read.js';
import { gatherCards } from '../gather.js';
import { trimTrailing } from '../text-limits.js';
import type { ParsedCard } from '../types.js';
import { describeError, listAll, statusOf, type GitHubClient, type RepoRef } from './client.js';
import type { PullRequestRef } from './context.js';

/** GitHub lists at most this many files of a pull request. */
export const PR_FILE_LIST_CAP = 3000;

export interface ChangedFile {
  filename: string;
  status: string;
  previousFilename?: string;
  /** The unified diff of the file; absent for binary or very large diffs. */
  patch?: string;
}

interface ApiFile {
  filename?: unknown;
  status?: unknown;
  previous_filename?: unknown;
  patch?: unknown;
}

/** Lists every file of the PR, 100 a page, following the Link headers; GitHub stops at 3,000 files. */
export async function listChangedFiles(client: GitHubClient, repo: RepoRef, pullNumber: number): Promise<ChangedFile[]> {
  const { items } = await listAll<ApiFile>(
    client,
    'GET /repos/{owner}/{repo}/pulls/{pull_number}/files',
    { owner: repo.owner, repo: repo.repo, pull_number: pullNumber },
    { perPage: 100, maxPages: PR_FILE_LIST_CAP / 100, maxItems: PR_FILE_LIST_CAP }
  );
  const files: ChangedFile[] = [];
  const seen = new Set<string>();
  for (const f of items) {
    // A file listed twice (a server repeating pages) is one file.
    if (typeof f?.filename !== 'string' || f.filename === '' || seen.has(f.filename)) continue;
    seen.add(f.filename);
    files.push({
      filename: f.filename,
      status: typeof f.status === 'string' ? f.status : 'modified',
      previousFilename: typeof f.previous_filename === 'string' ? f.previous_filename : undefined,
      patch: typeof f.patch === 'string' ? f.patch : undefined
    });
  }
  return files;
}

/**
 * The new-side line numbers a review comment may attach to: added and context lines of every hunk.
 * Removed lines and "\ No newline at end of file" markers have no new-side line.
 */
export function commentableLines(patch: string | undefined): Set<number> {
  const lines = new Set<number>();
  if (!patch) return lines;
  let next = 0;
  let inHunk = false;
  for (const raw of patch.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const header = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (header) {
      next = Number(header[1]);
      inHunk = true;
      continue;
    }
    if (!inHunk) continue;
    const kind = line[0];
    if (kind === '+' || kind === ' ') lines.add(next++);
    else if (kind !== '-' && kind !== '\\' && kind !== undefined) inHunk = false;
  }
  return lines;
}

export interface CardMatch {
  /** Named literally in `cards`: a card whatever its name (contract 1.1). */
  explicit: boolean;
}

/** Builds the `cards` filter for repository-relative paths from the PR file list. */
export function cardMatcher(patterns: string[] | undefined): (file: string) => CardMatch | undefined {
  const list = patterns && patterns.length > 0 ? patterns : DEFAULT_CARD_GLOBS;
  const globs: string[] = [];
  const literals: string[] = [];
  for (const pattern of list) {
    if (unsafePattern(pattern)) continue;
    const clean = pattern.replace(/^\.\//, '');
    if (/[*?[\]{}!]/.test(clean)) globs.push(clean);
    else literals.push(trimTrailing(path.posix.normalize(clean.replace(/\\/g, '/')), '/'));
  }
  const globMatch = globs.length > 0 ? picomatch(globs, { dot: true }) : () => false;
  const defaultMatch = picomatch(DEFAULT_CARD_GLOBS, { dot: true });
  return (file) => {
    if (literals.includes(file)) return { explicit: true };
    if (globMatch(matchable(file))) return { explicit: false };
    // A literal folder selects the cards under it by the default names.
    if (literals.some((dir) => dir === '.' || file.startsWith(dir + '/')) && defaultMatch(matchable(file))) return { explicit: false };
    return undefined;
  };
}

/** What the contents API holds at a path and commit. */
export type FetchedEntry =
  | { kind: 'file'; bytes: Buffer }
  /** 404: nothing at that path in that commit. */
  | { kind: 'missing' }
  /** A folder, a submodule or something else that is not a file. */
  | { kind: 'other'; type: string }
  /** Why it could not be fetched or used (network, permission, size, encoding). */
  | { kind: 'error'; reason: string };

/** Reads one entry at a commit through the contents API, refusing files over `maxBytes`. */
export async function fetchEntryAt(
  client: GitHubClient,
  repo: RepoRef,
  file: string,
  ref: string,
  maxBytes: number = READ_LIMITS.maxCardBytes
): Promise<FetchedEntry> {
  let response;
  try {
    response = await client.request('GET /repos/{owner}/{repo}/contents/{+path}', {
      owner: repo.owner,
      repo: repo.repo,
      path: file.split('/').map(encodeURIComponent).join('/'),
      ref
    });
  } catch (error) {
    if (statusOf(error) === 404) return { kind: 'missing' };
    return { kind: 'error', reason: `it could not be fetched (${describeError(error)})` };
  }
  const data: unknown = response.data;
  if (typeof data === 'string') return sized(Buffer.from(data, 'utf8'), maxBytes);
  if (Array.isArray(data)) return { kind: 'other', type: 'dir' };
  if (typeof data !== 'object' || data === null) return { kind: 'other', type: 'unknown' };
  const entry = data as { type?: unknown; content?: unknown; encoding?: unknown; size?: unknown };
  if (entry.type !== undefined && entry.type !== 'file')
    return { kind: 'other', type: typeof entry.type === 'string' ? entry.type : JSON.stringify(entry.type) };
  if (typeof entry.size === 'number' && entry.size > maxBytes)
    return { kind: 'error', reason: `it is over the size limit of ${maxBytes} bytes` };
  if (typeof entry.content !== 'string') return { kind: 'error', reason: 'the API returned no content' };
  if (entry.encoding === 'base64' || entry.encoding === undefined)
    return sized(Buffer.from(entry.content.replace(/\s+/g, ''), 'base64'), maxBytes);
  if (entry.encoding === 'utf-8' || entry.encoding === 'utf8') return sized(Buffer.from(entry.content, 'utf8'), maxBytes);
  return {
    kind: 'error',
    reason: `the API returned it as ${typeof entry.encoding === 'string' ? entry.encoding : JSON.stringify(entry.encoding)}, which cannot be read`
  };
}

function sized(bytes: Buffer, maxBytes: number): FetchedEntry {
  return bytes.length > maxBytes ? { kind: 'error', reason: `it is over the size limit of ${maxBytes} bytes` } : { kind: 'file', bytes };
}

/**
 * Reads a file at a commit through the contents API. Returns the bytes, null when the file does not
 * exist there (404: a new card) or is not a file, or a string explaining why it could not be used.
 */
export async function fetchFileAt(client: GitHubClient, repo: RepoRef, file: string, ref: string): Promise<Buffer | null | string> {
  const entry = await fetchEntryAt(client, repo, file, ref);
  if (entry.kind === 'file') return entry.bytes;
  if (entry.kind === 'error') return entry.reason;
  return null;
}

/** Parses a file fetched from a commit as a card, as the safe reader would. */
export function cardFromBytes(reportPath: string, bytes: Buffer, explicit: boolean): ParsedCard | null | string {
  if (bytes.length > READ_LIMITS.maxCardBytes) return `it is over the size limit of ${READ_LIMITS.maxCardBytes} bytes`;
  const text = decodeCardText(bytes);
  if (text === null) return 'it is not UTF-8 text';
  if (!explicit && path.posix.basename(reportPath) === 'README.md' && splitFrontMatter(text) === null) return null;
  return parseCard(reportPath, text);
}

/** Runs `fn` over `items` with at most `limit` at a time, keeping order. */
export function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const run = pLimit(limit);
  return Promise.all(items.map((item) => run(() => fn(item))));
}

export interface CardSelection {
  cards: ParsedCard[];
  /** Base versions keyed by report path (for licence-changed, access-widened). */
  bases: Map<string, ParsedCard>;
  /** Commentable new-side lines per changed file (repository-relative path). */
  commentable: Map<string, Set<number>>;
  /** Messages for the log and the summary. */
  notes: string[];
  /** Number of files the PR changes (0 outside a PR). */
  changedFiles: number;
  /** The PR's changed files; absent outside a PR or when they could not be listed. */
  changed?: ChangedFile[];
}

export interface SelectOptions {
  workspace: string;
  patterns?: string[];
  allCards: boolean;
}

/** Outside a pull request: every card in the workspace matched by `cards`. */
export async function selectWorkspaceCards(options: SelectOptions): Promise<CardSelection> {
  const gathered = await gatherCards({ root: options.workspace, patterns: options.patterns, reportBase: options.workspace });
  const skipped = (gathered.skipped ?? []).map(
    (p) => `The folder ${p} is a symbolic link; links are never followed, so it was not searched.`
  );
  return { cards: gathered.cards, bases: new Map(), commentable: new Map(), notes: [...gathered.errors, ...skipped], changedFiles: 0 };
}

export interface PullRequestSelectOptions extends SelectOptions {
  client: GitHubClient;
  repo: RepoRef;
  pr: PullRequestRef;
  /**
   * Read the changed cards from the head commit through the API instead of the workspace. Used under
   * pull_request_target, whose workspace holds the base branch (and must never hold PR code).
   */
  headFromApi: boolean;
}

/** In a pull request: the cards it adds or changes (or all, with all-cards), with their base versions. */
export async function selectPullRequestCards(options: PullRequestSelectOptions): Promise<CardSelection> {
  const { client, repo, pr, workspace } = options;
  const notes: string[] = [];
  const files = await listChangedFiles(client, repo, pr.number);
  if (files.length >= PR_FILE_LIST_CAP) {
    notes.push(
      `GitHub lists at most ${PR_FILE_LIST_CAP} files of a pull request; cards beyond them were not seen. Set \`all-cards: true\` to check every card.`
    );
  }
  const commentable = new Map<string, Set<number>>();
  const live = files.filter((f) => f.status !== 'removed');
  for (const file of live) commentable.set(file.filename, commentableLines(file.patch));
  const changed = new Map(live.map((f) => [f.filename, f]));

  let cards: ParsedCard[];
  if (options.allCards) {
    const all = await selectWorkspaceCards(options);
    cards = all.cards;
    notes.push(...all.notes);
  } else {
    const match = cardMatcher(options.patterns);
    const selected = live.flatMap((f) => {
      const m = match(f.filename);
      return m ? [{ file: f, explicit: m.explicit }] : [];
    });
    const budget = newReadBudget();
    const loaded = await mapLimit(selected, 8, async ({ file, explicit }): Promise<ParsedCard | null> => {
      if (!options.headFromApi) {
        return loadCard(
          workspace,
          { absolute: path.join(workspace, ...file.filename.split('/')), reportPath: file.filename, explicit },
          budget
        );
      }
      const bytes = await fetchFileAt(client, repo, file.filename, pr.headSha);
      if (bytes === null)
        return refusedCard(file.filename, "The card could not be read from the pull request's head commit: it is not there.");
      const card = typeof bytes === 'string' ? bytes : cardFromBytes(file.filename, bytes, explicit);
      if (typeof card !== 'string') return card;
      return refusedCard(file.filename, `The card could not be read from the pull request's head commit: ${card}.`);
    });
    cards = loaded.filter((c): c is ParsedCard => c !== null);
  }

  // Base versions only for cards the PR touches: an untouched card equals its base.
  const bases = new Map<string, ParsedCard>();
  const touched = cards.filter((c) => {
    const f = changed.get(c.path);
    return f !== undefined && f.status !== 'added';
  });
  await mapLimit(touched, 8, async (card) => {
    const file = changed.get(card.path) as ChangedFile;
    const basePath = file.status === 'renamed' && file.previousFilename ? file.previousFilename : file.filename;
    const bytes = await fetchFileAt(client, repo, basePath, pr.baseSha);
    if (bytes === null) return;
    if (typeof bytes === 'string') {
      notes.push(`The base version of ${card.path} was not compared: ${bytes}.`);
      return;
    }
    const base = cardFromBytes(card.path, bytes, true);
    if (base !== null && typeof base === 'object') bases.set(card.path, base);
  });
  return { cards, bases, commentable, notes, changedFiles: files.length, changed: files };
}

function refusedCard(reportPath: string, message: string): ParsedCard {
  return {
    path: reportPath,
    format: formatOf(reportPath),
    body: '',
    bodyLine: 1,
    lineCount: 1,
    problems: [{ line: 1, column: 1, message }],
    locate: () => undefined
  };
}
