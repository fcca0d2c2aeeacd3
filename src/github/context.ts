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

/** Reads the event payload; a missing or unreadable file is an empty event (push-like run). */
export async function readEventPayload(file: string | undefined): Promise<Record<string, unknown>> {
  if (!file) return {};
  try {
    return record(JSON.parse(await readFile(file, 'utf8'))) ?? {};
  } catch {
    return {};
  }
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
  return { number, headSha, baseSha, headRepo, fromFork: headRepo !== undefined && baseRepo !== undefined && headRepo !== baseRepo };
}

export async function readContext(env: NodeJS.ProcessEnv = process.env): Promise<RunContext> {
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  const payload = await readEventPayload(env.GITHUB_EVENT_PATH);
  const repo = parseRepo(env.GITHUB_REPOSITORY) ?? parseRepo(text(record(payload.repository)?.full_name));
  return {
    eventName,
    repo,
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, ''),
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    runId: env.GITHUB_RUN_ID || undefined,
    sha: env.GITHUB_SHA || undefined,
    pullRequest: pullRequestOf(eventName, payload)
  };
}
