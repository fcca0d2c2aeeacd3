/**
 * The run's context read straight from the runner's environment and event file (GITHUB_EVENT_PATH),
 * so the bundle does not need @actions/github.
 */
import { readFile } from 'node:fs/promises';
import { parseRepo, type RepoRef } from './client.js';

export interface PullRequestRef {
  number: number;
  headSha: string;
  baseSha: string;
  /** owner/name of the repository the head branch lives in. */
  headRepo?: string;
  /** True when the head branch is in another repository (a fork): the token is then read-only. */
  fromFork: boolean;
}

export interface RunContext {
  eventName: string;
  repo?: RepoRef;
  apiUrl: string;
  serverUrl: string;
  workspace: string;
  runId?: string;
  sha?: string;
  pullRequest?: PullRequestRef;
}

const PR_EVENTS = new Set(['pull_request', 'pull_request_target']);

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The event payload or the step's environment cannot be used: reported as such, without a stack trace. */
export class EventError extends Error {}

/**
 * Reads the event payload. No GITHUB_EVENT_PATH (a local run) is an empty event; a path that cannot
 * be read or does not hold a JSON object is an error, since guessing would check the wrong cards.
 */
export async function readEventPayload(file: string | undefined): Promise<Record<string, unknown>> {
  if (!file) return {};
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    throw new EventError(`The event payload GITHUB_EVENT_PATH (${file}) cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new EventError(`The event payload GITHUB_EVENT_PATH (${file}) is not valid JSON.`);
  }
  const payload = record(parsed);
  if (!payload) throw new EventError(`The event payload GITHUB_EVENT_PATH (${file}) is not a JSON object.`);
  return payload;
}

export function pullRequestOf(eventName: string, payload: Record<string, unknown>): PullRequestRef | undefined {
  if (!PR_EVENTS.has(eventName)) return undefined;
  const pr = record(payload.pull_request);
  const number = typeof pr?.number === 'number' ? pr.number : typeof payload.number === 'number' ? payload.number : undefined;
  const head = record(pr?.head);
  const base = record(pr?.base);
  const headSha = text(head?.sha);
  const baseSha = text(base?.sha);
  if (!pr || number === undefined || !Number.isInteger(number) || number <= 0 || !headSha || !baseSha) return undefined;
  const headRepo = text(record(head?.repo)?.full_name);
  const baseRepo = text(record(base?.repo)?.full_name);
  // head.repo is null when the fork was deleted: still a fork, still a read-only token.
  const forkGone = head !== undefined && head.repo === null;
  return { number, headSha, baseSha, headRepo, fromFork: forkGone || (headRepo !== undefined && baseRepo !== undefined && headRepo.toLowerCase() !== baseRepo.toLowerCase()) };
}

export async function readContext(env: NodeJS.ProcessEnv = process.env): Promise<RunContext> {
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const payload = await readEventPayload(env.GITHUB_EVENT_PATH);
  const repo = parseRepo(env.GITHUB_REPOSITORY) ?? parseRepo(text(record(payload.repository)?.full_name));
  const pullRequest = pullRequestOf(eventName, payload);
  if (PR_EVENTS.has(eventName) && !pullRequest) {
    throw new EventError(
      `This is a ${eventName} run, but its event payload ${env.GITHUB_EVENT_PATH ? `(${env.GITHUB_EVENT_PATH}) ` : '(GITHUB_EVENT_PATH is not set) '}has no usable pull_request.number, pull_request.head.sha and pull_request.base.sha.`
    );
  }
  if (pullRequest && !repo) throw new EventError('GITHUB_REPOSITORY is not set (owner/name), so the pull request cannot be read.');
  return {
    eventName,
    repo,
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, ''),
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    runId: env.GITHUB_RUN_ID || undefined,
    sha: env.GITHUB_SHA || undefined,
    pullRequest
  };
}
