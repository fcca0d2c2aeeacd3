/**
 * The run's context, from @actions/github's `context`, reduced to what the action uses and checked:
 * a pull request run without a usable pull request is an error, not a guess.
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
    throw new EventError(
      `The event payload GITHUB_EVENT_PATH (${file}) cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`
    );
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
  return {
    number,
    headSha,
    baseSha,
    headRepo,
    fromFork: forkGone || (headRepo !== undefined && baseRepo !== undefined && headRepo.toLowerCase() !== baseRepo.toLowerCase())
  };
}

/**
 * The context of this run. @actions/github builds its `context` when it is imported, parsing the event
 * file with a bare JSON.parse (a stack trace for a malformed file) and only logging a missing one; so
 * the file is checked here first, and the toolkit is imported after that.
 */
export async function readContext(env: NodeJS.ProcessEnv = process.env): Promise<RunContext> {
  await readEventPayload(env.GITHUB_EVENT_PATH);
  const { context } = await import('@actions/github');
  return contextOf(context, env);
}

/** The fields of @actions/github's Context this module reads. */
export interface ToolkitContext {
  eventName: string;
  payload: Record<string, unknown>;
  sha: string;
  runId: number;
  apiUrl: string;
  serverUrl: string;
}

/** A RunContext from a toolkit context (the real one, or a plain object in tests). */
export function contextOf(context: ToolkitContext, env: NodeJS.ProcessEnv = process.env): RunContext {
  const eventName = context.eventName ?? '';
  const payload = record(context.payload) ?? {};
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
    apiUrl: (context.apiUrl || 'https://api.github.com').replace(/\/+$/, ''),
    serverUrl: (context.serverUrl || 'https://github.com').replace(/\/+$/, ''),
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    runId: Number.isInteger(context.runId) ? String(context.runId) : undefined,
    sha: context.sha || undefined,
    pullRequest
  };
}
