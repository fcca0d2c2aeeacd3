/**
 * Looks up, on the Hugging Face Hub API, the models the cards depend on (`base_model`, synthetic-data
 * generators) and follows their `base_model` chains to the root; and the licences of the cards'
 * training `datasets`, kept under `datasets/<id>` and not followed further. Bounded in every
 * direction: depth, number of models and datasets, concurrency, per-request timeout, total time
 * budget, retries, body size. It never throws: failures become facts with an `error` and one plain
 * note each.
 */
import type { HubFacts, ModelFacts, ParsedCard } from '../types.js';
import { datasetFactsFromBody, factsFromBody, factsFromStatus } from './facts.js';
import { abortableSleep, getDocument, Limiter, seconds, type HttpOptions } from './http.js';
import { datasetRefsOf, dependenciesOf, displayId, parseDatasetId, parseModelId, type DatasetId, type ModelId } from './ids.js';

export interface LookupOptions {
  /** The Hub's base URL, e.g. https://huggingface.co or a mirror (a path prefix is kept). */
  hubUrl: string;
  /** HF_TOKEN: sent as a bearer token to the Hub's origin only; never logged. */
  token?: string;
  /** Per request, default 10 000 ms. */
  timeoutMs?: number;
  /** How far `base_model` chains are followed; the card's own bases are depth 1. Default 8. */
  maxDepth?: number;
  /** The whole lookup, default 60 000 ms. */
  totalTimeoutMs?: number;
  /** Requests in flight at once, default 4. */
  concurrency?: number;
  /** Retries after 429, 5xx or a network error, default 2. */
  maxRetries?: number;
  /** First back-off when the Hub gives no Retry-After, doubled each time; default 500 ms. */
  retryBaseMs?: number;
  /** A longer Retry-After is not waited for; default 20 000 ms. */
  maxRetryAfterMs?: number;
  /** Distinct models looked up in one run, default 256. */
  maxModels?: number;
  /** Distinct datasets looked up in one run, default 256 (counted apart from models). */
  maxDatasets?: number;
  /** Replaces the wait between retries (tests). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface LookupResult {
  facts: HubFacts;
  notes: string[];
}

/** Grace after the budget ends for aborted requests to settle before the lookup returns regardless. */
const SETTLE_MS = 2000;

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** Errors that say the Hub did not answer, as opposed to an answer about one model (not found, gated, …). */
const UNREACHABLE = /could not be reached|no answer from the Hub|server error|rate-limiting|time budget/;

/**
 * One note per model the Hub answered about, and one note in all for the models it did not answer at
 * all: an unreachable Hub is said once, with the fallback, and is not a failure by itself.
 */
function errorNotes(facts: HubFacts): string[] {
  const notes: string[] = [];
  const unreachable: { name: string; error: string }[] = [];
  for (const [key, f] of facts) {
    if (!f.error) continue;
    const name = key.startsWith(DATASET_KEY) ? `the dataset ${displayId(key.slice(DATASET_KEY.length))}` : displayId(f.id);
    if (UNREACHABLE.test(f.error)) unreachable.push({ name, error: f.error });
    else notes.push(`Hub lookup of ${name}: ${f.error}.`);
  }
  if (unreachable.length === 0) return notes;
  const [first] = unreachable;
  if (unreachable.length === facts.size && facts.size > 1) {
    notes.unshift(`The Hugging Face Hub could not be used (${first.error}); licences come from the gate's built-in table instead.`);
  } else {
    const more = unreachable.length > 1 ? ` and ${unreachable.length - 1} more` : '';
    notes.unshift(`Hub lookup of ${first.name}${more}: ${first.error}; the gate's built-in table is used instead.`);
  }
  return notes;
}

/** Where facts about a dataset are kept in HubFacts (read by the licence ancestry). */
const DATASET_KEY = 'datasets/';

/** The API's origin and its `/api/models/` and `/api/datasets/` paths under the Hub URL, or why the URL cannot be used. */
function apiBase(hubUrl: string): { url: URL; prefix: string; datasetPrefix: string } | { error: string } {
  let url: URL;
  try {
    url = new URL(hubUrl.trim());
  } catch {
    return { error: 'The Hub lookup was skipped: hub-url is not a valid URL.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { error: 'The Hub lookup was skipped: hub-url must be an http or https URL.' };
  if (url.username || url.password)
    return { error: 'The Hub lookup was skipped: hub-url must not contain a user name or password; use HF_TOKEN for credentials.' };
  const root = url.pathname.replace(/\/+$/, '');
  return { url, prefix: `${root}/api/models/`, datasetPrefix: `${root}/api/datasets/` };
}

function redact(text: string, token: string | undefined): string {
  return token && token.length >= 4 ? text.split(token).join('***') : text;
}

export async function lookupAncestry(cards: ParsedCard[], options: LookupOptions): Promise<LookupResult> {
  const notes: string[] = [];
  const facts: HubFacts = new Map();
  try {
    return await lookup(cards, options, notes, facts);
  } catch {
    // Defensive: the pieces below do not throw, but a lookup must never break the gate.
    notes.push('The Hub lookup stopped on an unexpected error; licences of base models and datasets may be incomplete.');
    return { facts, notes: notes.map((n) => redact(n, options.token)) };
  }
}

async function lookup(cards: ParsedCard[], options: LookupOptions, notes: string[], facts: HubFacts): Promise<LookupResult> {
  const base = apiBase(String(options.hubUrl ?? ''));
  if ('error' in base) return { facts, notes: [base.error] };

  const timeoutMs = positive(options.timeoutMs, 10_000);
  const maxDepth = Math.floor(positive(options.maxDepth, 8));
  const totalMs = positive(options.totalTimeoutMs, 60_000);
  const maxModels = Math.floor(positive(options.maxModels, 256));
  const maxDatasets = Math.floor(positive(options.maxDatasets, 256));

  let token = typeof options.token === 'string' ? options.token.trim() : '';
  if (token && !/^[\x21-\x7e]+$/.test(token)) {
    notes.push('HF_TOKEN was not sent: it holds characters an HTTP header cannot carry.');
    token = '';
  }
  if (token && base.url.protocol === 'http:' && !isLoopback(base.url.hostname)) {
    notes.push('HF_TOKEN was not sent: hub-url uses plain http, which would expose it on the network; use https.');
    token = '';
  }

  const controller = new AbortController();
  const budgetTimer = setTimeout(() => controller.abort(), totalMs);
  const http: HttpOptions = {
    token: token || undefined,
    timeoutMs,
    maxRetries: Math.floor(positive(options.maxRetries, 2)),
    retryBaseMs: positive(options.retryBaseMs, 500),
    maxRetryAfterMs: positive(options.maxRetryAfterMs, 20_000),
    budget: controller.signal,
    budgetMs: totalMs,
    deadline: Date.now() + totalMs,
    limiter: new Limiter(Math.max(1, Math.floor(positive(options.concurrency, 4)))),
    sleep: options.sleep ?? abortableSleep,
    allowedPathPrefix: base.prefix
  };
  // Same limiter, budget and retries; only a redirect's allowed path differs.
  const datasetHttp: HttpOptions = { ...http, allowedPathPrefix: base.datasetPrefix };

  /** One lookup per id (case-insensitive, as on the Hub), shared by every card and chain that names it. */
  const inFlight = new Map<string, Promise<ModelFacts | undefined>>();
  /** Lower-cased key → the key its facts are stored under (`owner/name` or `datasets/<id>`). */
  const requested = new Map<string, string>();
  const expandedAt = new Map<string, number>();
  const chainNotes = new Set<string>();
  let overLimit = 0;

  const lookupOne = async (m: ModelId): Promise<ModelFacts> => {
    const url = new URL(`${base.prefix}${encodeURIComponent(m.owner)}/${encodeURIComponent(m.name)}`, base.url.origin);
    const outcome = await getDocument(url, http);
    if (outcome.kind === 'ok') return factsFromBody(m.id, outcome.body);
    if (outcome.kind === 'status') return factsFromStatus(m.id, outcome.status, outcome.body, outcome.headers);
    return { id: m.id, source: 'hub', error: outcome.error };
  };

  const fetchOnce = (m: ModelId): Promise<ModelFacts | undefined> => {
    const key = m.id.toLowerCase();
    const existing = inFlight.get(key);
    if (existing) return existing;
    if (inFlight.size >= maxModels) {
      overLimit++;
      const skipped = Promise.resolve(undefined);
      inFlight.set(key, skipped);
      return skipped;
    }
    requested.set(key, m.id);
    const promise = lookupOne(m)
      .catch((): ModelFacts => ({ id: m.id, source: 'hub', error: 'the lookup failed unexpectedly' }))
      .then((f) => {
        facts.set(m.id, f);
        return f;
      });
    inFlight.set(key, promise);
    return promise;
  };

  /** A dataset's licence; no chain is followed from it. Its facts are keyed and named `datasets/<id>`. */
  const lookupDataset = async (d: DatasetId): Promise<void> => {
    const key = `${DATASET_KEY}${d.id}`;
    requested.set(key.toLowerCase(), key);
    const path = d.owner === undefined ? encodeURIComponent(d.name) : `${encodeURIComponent(d.owner)}/${encodeURIComponent(d.name)}`;
    const url = new URL(`${base.datasetPrefix}${path}`, base.url.origin);
    let found: ModelFacts;
    try {
      const outcome = await getDocument(url, datasetHttp);
      if (outcome.kind === 'ok') found = datasetFactsFromBody(key, outcome.body);
      else if (outcome.kind === 'status') found = factsFromStatus(key, outcome.status, outcome.body, outcome.headers);
      else found = { id: key, source: 'hub', error: outcome.error };
    } catch {
      found = { id: key, source: 'hub', error: 'the lookup failed unexpectedly' };
    }
    facts.set(key, found);
  };

  const visit = async (m: ModelId, depth: number, path: string[]): Promise<void> => {
    const found = await fetchOnce(m);
    if (!found || found.error || !found.baseModels || controller.signal.aborted) return;
    const key = m.id.toLowerCase();
    // Reached again by a shorter path: its parents get the depth they deserve.
    if ((expandedAt.get(key) ?? Infinity) <= depth) return;
    expandedAt.set(key, depth);
    const chain = [...path, m.id];
    await Promise.all(
      found.baseModels.map(async (raw) => {
        const parent = parseModelId(raw);
        if (!parent) {
          chainNotes.add(
            `${m.id} names the base model "${displayId(raw)}" on the Hub, which is not a model id of the form owner/name; it was not looked up.`
          );
          return;
        }
        // A loop: stop here; it is noted once, from the whole graph, after the lookup.
        if (chain.some((c) => c.toLowerCase() === parent.id.toLowerCase())) return;
        if (depth + 1 > maxDepth) {
          chainNotes.add(
            `Base models were followed to the depth limit of ${maxDepth}: ${parent.id}, the base of ${m.id}, was not looked up.`
          );
          return;
        }
        await visit(parent, depth + 1, chain);
      })
    );
  };

  const roots: ModelId[] = [];
  const rootKeys = new Set<string>();
  for (const card of cards) {
    for (const dep of dependenciesOf(card)) {
      const m = parseModelId(dep.id);
      if (!m) {
        notes.push(
          `Skipped the ${dep.via === 'base_model' ? 'base_model' : 'synthetic-data generator'} "${displayId(dep.id)}" in ${displayId(card.path, 300)}: it is not a Hub model id of the form owner/name, so it was not looked up.`
        );
        continue;
      }
      if (!rootKeys.has(m.id.toLowerCase())) {
        rootKeys.add(m.id.toLowerCase());
        roots.push(m);
      }
    }
  }

  const datasets: DatasetId[] = [];
  const datasetKeys = new Set<string>();
  let datasetsOverLimit = 0;
  for (const card of cards) {
    for (const raw of datasetRefsOf(card)) {
      const d = parseDatasetId(raw);
      if (!d) {
        notes.push(
          `Skipped the dataset "${displayId(raw)}" in ${displayId(card.path, 300)}: it is not a Hub dataset id (owner/name, or the single name of a canonical dataset such as squad), so its licence was not looked up.`
        );
        continue;
      }
      const key = d.id.toLowerCase();
      if (datasetKeys.has(key)) continue;
      datasetKeys.add(key);
      if (datasets.length >= maxDatasets) datasetsOverLimit++;
      else datasets.push(d);
    }
  }

  let settleTimer: NodeJS.Timeout | undefined;
  try {
    const work = Promise.all([...roots.map((m) => visit(m, 1, [])), ...datasets.map((d) => lookupDataset(d))]);
    // Every wait is tied to the budget's signal, so `work` ends soon after the budget does; the
    // backstop makes sure the gate goes on even if something does not.
    const backstop = new Promise<void>((resolve) => {
      settleTimer = setTimeout(resolve, totalMs + SETTLE_MS);
    });
    await Promise.race([work, backstop]);
  } finally {
    clearTimeout(budgetTimer);
    clearTimeout(settleTimer);
  }

  // Requests the backstop left behind (model keys are in `inFlight`; every dataset key was requested).
  for (const [key, id] of requested) {
    if (!facts.has(id) && (inFlight.has(key) || id.startsWith(DATASET_KEY))) {
      facts.set(id, { id, source: 'hub', error: `not looked up: the Hub lookup used up its time budget of ${seconds(totalMs)}` });
    }
  }

  const sorted: HubFacts = new Map([...facts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const what = datasets.length > 0 ? (roots.length > 0 ? 'base models and datasets' : 'datasets') : 'base models';
  if (controller.signal.aborted)
    notes.push(`The Hub lookup stopped after its time budget of ${seconds(totalMs)}; some licences of ${what} were not looked up.`);
  notes.push(...errorNotes(sorted));
  const models: HubFacts = new Map([...sorted].filter(([key]) => !key.startsWith(DATASET_KEY)));
  notes.push(...loopNotes(models), ...[...chainNotes].sort());
  if (overLimit > 0)
    notes.push(
      `${overLimit} more model${overLimit === 1 ? ' was' : 's were'} not looked up: one run looks up at most ${maxModels} models on the Hub.`
    );
  if (datasetsOverLimit > 0)
    notes.push(
      `${datasetsOverLimit} more dataset${datasetsOverLimit === 1 ? ' was' : 's were'} not looked up: one run looks up at most ${maxDatasets} datasets on the Hub.`
    );

  for (const f of sorted.values()) if (f.error) f.error = redact(f.error, http.token);
  return { facts: sorted, notes: notes.map((n) => redact(n, http.token)) };
}

/**
 * One note per loop among the models looked up (strongly connected parts of the base_model graph),
 * found on the whole graph so the result does not depend on which card reached the loop first.
 */
export function loopNotes(facts: HubFacts): string[] {
  const byKey = new Map<string, ModelFacts>();
  for (const f of facts.values()) byKey.set(f.id.toLowerCase(), f);
  const edges = new Map<string, string[]>();
  for (const [key, f] of byKey) {
    const next = (f.error ? [] : (f.baseModels ?? []))
      .map((raw) => parseModelId(raw)?.id.toLowerCase())
      .filter((k): k is string => k !== undefined && byKey.has(k));
    edges.set(key, [...new Set(next)]);
  }

  // Tarjan's algorithm; the graph holds at most `maxModels` nodes, so recursion stays shallow.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const parts: string[][] = [];
  let counter = 0;
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const part: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        part.push(w);
      } while (w !== v);
      parts.push(part);
    }
  };
  for (const key of [...edges.keys()].sort()) if (!index.has(key)) connect(key);

  const notes: string[] = [];
  for (const part of parts) {
    const members = new Set(part);
    const start = [...part].sort()[0];
    if (part.length === 1 && !(edges.get(start) ?? []).includes(start)) continue;
    // Shortest way round the loop from its first member, for a readable note.
    const previous = new Map<string, string>();
    const queue = [start];
    let closing: string | undefined;
    while (queue.length > 0 && closing === undefined) {
      const v = queue.shift()!;
      for (const w of [...(edges.get(v) ?? [])].sort()) {
        if (w === start) {
          closing = v;
          break;
        }
        if (members.has(w) && !previous.has(w)) {
          previous.set(w, v);
          queue.push(w);
        }
      }
    }
    const cycle = [start];
    for (let v = closing; v !== undefined && v !== start; v = previous.get(v)) cycle.splice(1, 0, v);
    cycle.push(start);
    notes.push(`The base_model chain loops (${cycle.map((k) => byKey.get(k)!.id).join(' → ')}); it was followed no further.`);
  }
  return notes.sort();
}
