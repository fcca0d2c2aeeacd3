/**
 * The REST client: @actions/github's getOctokit (REST methods, pagination, GITHUB_API_URL and proxy
 * settings) with the retry plugin for 5xx/network errors and the throttling plugin for rate limits.
 * Built on demand by createClient(); importing this file does nothing.
 */
import type { getOctokit } from '@actions/github';
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

export type GitHubClient = ReturnType<typeof getOctokit>;

/** A limiter that runs jobs at once; stands in for the plugin's spaced write queues in tests. */
const immediateGroup = {
  key: () => ({ schedule: (_options: unknown, job: (...args: unknown[]) => unknown, ...args: unknown[]) => Promise.resolve(job(...args)) })
};

let clientCount = 0;

/** The client for one run. @actions/github is imported here, never at module load (see context.ts). */
export async function createClient(options: ClientOptions): Promise<GitHubClient> {
  const { getOctokit } = await import('@actions/github');
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
  const octokit = getOctokit(
    options.token,
    {
      baseUrl: (options.baseUrl ?? 'https://api.github.com').replace(/\/+$/, ''),
      userAgent: 'model-release-gate',
      retry: { doNotRetry: DO_NOT_RETRY, retryAfterBaseValue: base },
      throttle: throttle as never,
      log: { debug: () => undefined, info: () => undefined, warn: (m: string) => log(m), error: (m: string) => log(m) }
    },
    retry,
    throttling
  );
  // GitHub answers a rate limit with 403 or 429 and `retry-after`; the throttling plugin only acts on
  // the "secondary rate" wording or `x-ratelimit-remaining: 0`, and the retry plugin ignores
  // `retry-after`. Any other 429, or 403 carrying `retry-after`, is waited out here, from the same budget.
  octokit.hook.wrap('request', async (request, requestOptions) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(requestOptions);
      } catch (error) {
        const status = statusOf(error);
        const headers: Record<string, string | undefined> =
          (error as { response?: { headers?: Record<string, string | undefined> } }).response?.headers ?? {};
        const message = error instanceof Error ? error.message : '';
        const handledByPlugin = /\bsecondary rate\b/i.test(message) || headers['x-ratelimit-remaining'] === '0';
        const declared = Number(headers['retry-after']);
        const limited = status === 429 || (status === 403 && headers['retry-after'] !== undefined);
        if (!limited || handledByPlugin) throw error;
        const retryAfter = Number.isFinite(declared) && declared >= 0 ? declared : 60;
        const what = `${String(requestOptions.method ?? '')} ${String(requestOptions.url ?? '')}`.trim();
        if (attempt >= MAX_RATE_LIMIT_RETRIES || waited + retryAfter > budget) {
          log(`GitHub rate limit (HTTP ${status}) on ${what}; not waiting any longer (waited ${waited}s of ${budget}s this run).`);
          throw error;
        }
        waited += retryAfter;
        log(`GitHub rate limit (HTTP ${status}) on ${what}; retrying after ${retryAfter}s.`);
        await new Promise((resolve) => setTimeout(resolve, retryAfter * base));
      }
    }
  });
  // Octokit has no option for default headers: the media type and API version GitHub documents for
  // REST calls (octokit's default is the older v3 type) and a per-request timeout are set per request.
  octokit.hook.before('request', (request) => {
    const headers = request.headers as Record<string, string | undefined>;
    if (!headers.accept || headers.accept === 'application/vnd.github.v3+json') headers.accept = 'application/vnd.github+json';
    headers['x-github-api-version'] ??= API_VERSION;
    request.request = { ...request.request, signal: request.request?.signal ?? AbortSignal.timeout(timeoutMs) };
  });
  return octokit;
}

/** The REST API version the requests are written against. */
export const API_VERSION = '2022-11-28';

export interface PageLimits {
  /** Items asked for per page (GitHub allows at most 100). */
  perPage?: number;
  /** Most pages read, so a server that always answers with a next link cannot keep the run going. */
  maxPages?: number;
  /** Most items kept (GitHub lists at most 3,000 files of a pull request). */
  maxItems?: number;
}

export interface PageResult<T> {
  items: T[];
  /** True when a limit stopped the listing before the server said it was done. */
  truncated: boolean;
}

/**
 * Every item of a REST list, through octokit.paginate (which follows the `rel="next"` Link exactly
 * as given, GitHub Enterprise Server's /api/v3 prefix included), bounded by `limits`. Two things the
 * paginator does not do are added: a server repeating a page is stopped, and a server that sends no
 * Link header at all is asked for `page=2, 3, …` while its pages come back full.
 */
export async function listAll<T>(
  client: GitHubClient,
  route: string,
  params: Record<string, unknown>,
  limits: PageLimits = {}
): Promise<PageResult<T>> {
  const perPage = limits.perPage ?? 100;
  const maxPages = limits.maxPages ?? 100;
  const maxItems = limits.maxItems ?? Number.POSITIVE_INFINITY;
  const items: T[] = [];
  let previousFirst: string | undefined;
  let pages = 0;
  for (let page = 1; ;) {
    let linked = false;
    let last: unknown[] = [];
    for await (const response of client.paginate.iterator(route, { ...params, per_page: perPage, page })) {
      const data: unknown = response.data;
      if (!Array.isArray(data)) throw new Error(`the API answered ${route} with something other than a list`);
      pages++;
      linked ||= Boolean((response.headers as Record<string, string | undefined>).link);
      // A server answering the same page again would otherwise be read until the page cap.
      const first = JSON.stringify(data[0]);
      if (data.length > 0 && first === previousFirst) return { items, truncated: true };
      previousFirst = first;
      items.push(...(data as T[]));
      last = data;
      if (items.length >= maxItems) return { items: items.slice(0, maxItems), truncated: true };
      if (pages >= maxPages) return { items, truncated: true };
    }
    if (linked || last.length < perPage) return { items, truncated: false };
    page++;
  }
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
