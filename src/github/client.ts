/**
 * The REST client: @octokit/core with pagination, bounded retries for 5xx/network errors and the
 * throttling plugin for rate limits. Built on demand by createClient(); importing this file does nothing.
 */
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

export interface ClientOptions {
  token: string;
  /** REST base URL; GITHUB_API_URL on a runner (GitHub Enterprise Server included). */
  baseUrl?: string;
  log?: (message: string) => void;
  /**
   * Milliseconds per unit of retry wait (default 1000: retry-after is in seconds, 5xx retries wait
   * 1, 4, 9 units). TEST-ONLY: MRG_RETRY_BASE_MS lowers it so that end-to-end tests stay fast; it then
   * also removes the spacing the throttling plugin puts between writes.
   */
  retryBaseMs?: number;
  /** Most seconds (of declared retry-after) the whole run may spend waiting on rate limits. */
  maxRateLimitWaitSeconds?: number;
  /** Per-request timeout in milliseconds. */
  timeoutMs?: number;
}

/** Statuses never retried by the retry plugin; 403/429 rate limits are the throttling plugin's job. */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];
const MAX_RATE_LIMIT_RETRIES = 2;

function buildClass() {
  return Octokit.plugin(paginateRest, retry, throttling);
}

export type GitHubClient = InstanceType<ReturnType<typeof buildClass>>;

/** A limiter that runs jobs at once; stands in for the plugin's spaced write queues in tests. */
const immediateGroup = {
  key: () => ({ schedule: (_options: unknown, job: (...args: unknown[]) => unknown, ...args: unknown[]) => Promise.resolve(job(...args)) })
};

let clientCount = 0;

export function createClient(options: ClientOptions): GitHubClient {
  const log = options.log ?? (() => undefined);
  const base = options.retryBaseMs ?? 1000;
  const fastTests = options.retryBaseMs !== undefined && options.retryBaseMs < 1000;
  const budget = options.maxRateLimitWaitSeconds ?? 120;
  const timeoutMs = options.timeoutMs ?? 30_000;
  let waited = 0;
  // Returning true asks the plugin to retry after `retryAfter` seconds; the total is capped per run.
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method?: string; url?: string }, _octokit: unknown, retryCount: number): boolean => {
      const what = `${request.method ?? ''} ${request.url ?? ''}`.trim();
      if (retryCount >= MAX_RATE_LIMIT_RETRIES || waited + retryAfter > budget) {
        log(`GitHub ${kind} rate limit on ${what}; not waiting any longer (waited ${waited}s of ${budget}s this run).`);
        return false;
      }
      waited += retryAfter;
      log(`GitHub ${kind} rate limit on ${what}; retrying after ${retryAfter}s.`);
      return true;
    };
  const GateOctokit = buildClass();
  const timedFetch: typeof fetch = (input, init) => fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) });
  const throttle: Record<string, unknown> = {
    id: `model-release-gate-${++clientCount}`,
    retryAfterBaseValue: base,
    fallbackSecondaryRateRetryAfter: 60,
    onRateLimit: onLimit('primary'),
    onSecondaryRateLimit: onLimit('secondary')
  };
  if (fastTests) {
    throttle.write = immediateGroup;
    throttle.notifications = immediateGroup;
  }
  return new GateOctokit({
    auth: options.token,
    baseUrl: (options.baseUrl ?? 'https://api.github.com').replace(/\/+$/, ''),
    userAgent: 'model-release-gate',
    request: { fetch: timedFetch },
    retry: { doNotRetry: DO_NOT_RETRY, retryAfterBaseValue: base },
    throttle: throttle as never,
    log: { debug: () => undefined, info: () => undefined, warn: (m: string) => log(m), error: (m: string) => log(m) }
  });
}

/** The HTTP status of an Octokit error, or undefined for anything else. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** True for a refusal the token cannot get past (fork PRs, read-only tokens, missing scopes). */
export function isPermissionError(error: unknown): boolean {
  const status = statusOf(error);
  return status === 401 || status === 403 || status === 404;
}

/** A short description of an API failure for the log. */
export function describeError(error: unknown): string {
  const status = statusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return status ? `HTTP ${status}: ${message}` : message;
}

export interface RepoRef {
  owner: string;
  repo: string;
}

export function parseRepo(fullName: string | undefined): RepoRef | undefined {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(fullName ?? '');
  return match ? { owner: match[1], repo: match[2] } : undefined;
}
