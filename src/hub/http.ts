/**
 * One GET of a Hub API document: a per-request timeout, a shared time budget, bounded retries
 * (429, 5xx, network errors) that honour a bounded `Retry-After`, same-origin redirects only, and
 * a cap on the body size. It never throws; the outcome says what happened in words for a note.
 */
import pLimit, { type LimitFunction } from 'p-limit';

export const MAX_BODY_BYTES = 1024 * 1024;
const MAX_REDIRECTS = 3;

export interface HttpOptions {
  /** Bearer token; sent only to the Hub's own origin (redirects elsewhere are refused). */
  token?: string;
  timeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  /** A `Retry-After` longer than this is not waited for: the lookup gives up instead. */
  maxRetryAfterMs: number;
  /** Aborts everything when the lookup's total time budget is used up. */
  budget: AbortSignal;
  /** The budget's length, for messages. */
  budgetMs: number;
  /** When the budget ends (epoch ms), so no wait is started that cannot finish in time. */
  deadline: number;
  /** Limits how many requests are in flight at once. */
  limiter: Limiter;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Path prefix a redirect must stay under, e.g. `/api/models/`. */
  allowedPathPrefix: string;
}

export type HttpOutcome =
  | { kind: 'ok'; status: number; body: string }
  /** A definite answer that is not a success (404, 401, 403, 400…); body may hold details. */
  | { kind: 'status'; status: number; body: string; headers: Headers }
  | { kind: 'error'; error: string };

type Attempt = HttpOutcome | { kind: 'retry'; error: string; retryAfterMs?: number };

/** At most `size` tasks at a time, waiters served in order (p-limit). */
export class Limiter {
  private readonly limit: LimitFunction;
  constructor(size: number) {
    this.limit = pLimit(size);
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    return this.limit(task);
  }
}

/** Waits `ms`, ending early (without error) when the signal aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d{1,9}$/.test(v)) return Number(v) * 1000;
  const date = Date.parse(v);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}

/** Reads the body, refusing it once it passes `limit` bytes (checked before and while reading). */
async function readLimited(response: Response, limit: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!response.body) return '';
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

async function attemptOnce(startUrl: URL, options: HttpOptions): Promise<Attempt> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([timeout, options.budget]);
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'model-release-gate (hub-lookup)' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let url = startUrl;
  try {
    for (let hop = 0; ; hop++) {
      const response = await fetch(url, { headers, signal, redirect: 'manual' });
      if (isRedirect(response.status)) {
        await response.body?.cancel().catch(() => undefined);
        const location = response.headers.get('location');
        const next = location ? safeUrl(location, url) : undefined;
        // A renamed repository redirects within the API; anything leaving the Hub's origin or the
        // API path is refused, which also keeps the token from being sent anywhere else.
        if (!next || next.origin !== startUrl.origin || !next.pathname.startsWith(options.allowedPathPrefix)) {
          return { kind: 'error', error: `the Hub redirected the request outside its API (HTTP ${response.status}); not followed` };
        }
        if (hop >= MAX_REDIRECTS) return { kind: 'error', error: 'the Hub redirected the request too many times' };
        url = next;
        continue;
      }
      if (response.status === 429 || (response.status >= 500 && response.status <= 599)) {
        await response.body?.cancel().catch(() => undefined);
        return {
          kind: 'retry',
          error:
            response.status === 429
              ? 'the Hub is rate-limiting requests (HTTP 429)'
              : `the Hub answered with a server error (HTTP ${response.status})`,
          retryAfterMs: parseRetryAfter(response.headers.get('retry-after'))
        };
      }
      const body = await readLimited(response, MAX_BODY_BYTES);
      if (body === undefined) return { kind: 'error', error: "the Hub's answer is larger than 1 MiB; refused" };
      if (response.status >= 200 && response.status <= 299) return { kind: 'ok', status: response.status, body };
      return { kind: 'status', status: response.status, body, headers: response.headers };
    }
  } catch {
    // The error text of a failed fetch is not shown: it can carry addresses and is rarely helpful.
    if (options.budget.aborted)
      return { kind: 'error', error: `not looked up: the Hub lookup used up its time budget of ${seconds(options.budgetMs)}` };
    if (timeout.aborted) return { kind: 'error', error: `no answer from the Hub within ${seconds(options.timeoutMs)}` };
    return { kind: 'retry', error: 'the Hub could not be reached (network error)' };
  }
}

function safeUrl(location: string, base: URL): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}

/** GET `url` with retries; never throws. */
export async function getDocument(url: URL, options: HttpOptions): Promise<HttpOutcome> {
  for (let attempt = 0; ; attempt++) {
    if (options.budget.aborted)
      return { kind: 'error', error: `not looked up: the Hub lookup used up its time budget of ${seconds(options.budgetMs)}` };
    const result = await options.limiter.run(() => attemptOnce(url, options));
    if (result.kind !== 'retry') return result;
    if (attempt >= options.maxRetries) {
      return { kind: 'error', error: `${result.error}, still after ${options.maxRetries + 1} attempts` };
    }
    const wait = result.retryAfterMs ?? options.retryBaseMs * 2 ** attempt;
    if (result.retryAfterMs !== undefined && result.retryAfterMs > options.maxRetryAfterMs) {
      return {
        kind: 'error',
        error: `${result.error}; it asked to wait ${seconds(result.retryAfterMs)}, longer than the ${seconds(options.maxRetryAfterMs)} the gate waits`
      };
    }
    if (Date.now() + wait >= options.deadline) {
      return { kind: 'error', error: `${result.error}; no time left in the lookup's budget to try again` };
    }
    await options.sleep(wait, options.budget);
  }
}
