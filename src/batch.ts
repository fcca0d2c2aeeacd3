/**
 * Checks many card files with flat memory: files are read with bounded concurrency, each card is
 * parsed once, checked and turned into its report, then dropped; reports stream to a sink in path
 * order (the order of the engine's report). On a large corpus a worker thread takes part of the work,
 * so a second core is used once there are enough cards to pay for starting it.
 *
 * Worker threads run this same module (in the bundle: the same file). A worker is started with
 * `eval` code that imports the bundle, so a CLI guard that looks at process.argv[1] does not start
 * the CLI again inside the worker; entries that run unconditionally must check isBatchWorker().
 */
import { closeSync, createReadStream, openSync, writeSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { loadCard, READ_LIMITS, type CardFile, type ReadBudget } from './card/read.js';
import { check, checkCard, decide, summarise, todayUtc, type CheckInput } from './engine.js';
import { artefactDetailsOf } from './report/details.js';
import { renderJson, reportObject } from './report/json.js';
import type { CardReport, FailOn, HubFacts, ParsedCard, Policy, Report, ReportSummary } from './types.js';

export interface StreamingOptions {
  /** Nothing outside this folder is read. */
  root: string;
  files: CardFile[];
  policy: Policy;
  failOn?: FailOn;
  hub?: HubFacts;
  /** Base versions for the change rules. Parsed cards cannot cross threads: given bases, all work stays on this thread. */
  bases?: Map<string, ParsedCard>;
  /** YYYY-MM-DD; defaults to today (UTC). */
  today?: string;
  /** Worker threads; default: one, with a capped heap, when there are more than WORKER_THRESHOLD files and a second core. */
  workers?: number;
  /** Files read at once per thread (default 16). */
  concurrency?: number;
  /** Receives each card's report, in path order. May return a promise (backpressure). */
  onCard?(card: CardReport): void | Promise<void>;
  /**
   * Instead of onCard: receives each card's JSON text as JsonReportSpool writes it. Workers then
   * render the text themselves and send only strings, which keeps this thread's heap small.
   */
  onCardJson?(text: string): void | Promise<void>;
  /** Module a worker imports (default: this module's own file, i.e. the bundle). */
  workerModule?: string | URL;
}

export type StreamingResult = ReportSummary & { result: 'pass' | 'fail'; notes?: string[] };

/** Below this many files a worker costs more to start (it loads the whole bundle) than it saves. */
export const WORKER_THRESHOLD = 2000;
const CHUNK = 48;
const ROLE = 'model-release-gate:batch-worker';

interface WorkerSetup {
  role: typeof ROLE;
  root: string;
  policy: Policy;
  hub: HubFacts;
  today: string;
  concurrency: number;
  budgetBytes: number;
  json: boolean;
}

/** A card done: its report, or its JSON text and counts (json mode), or null (not a card). */
type Done = CardReport | { text: string; counts: ReportSummary } | null;

type ToWorker = { id: number; files: CardFile[] } | { id: -1 };
type FromWorker = { id: number; reports: Done[] } | { id: number; error: string };

/** True in a thread started by checkFilesStreaming: the entry must not run its own main. */
export function isBatchWorker(): boolean {
  return !isMainThread && (workerData as WorkerSetup | undefined)?.role === ROLE;
}

function byPath(a: CardFile, b: CardFile): number {
  return a.reportPath < b.reportPath ? -1 : a.reportPath > b.reportPath ? 1 : 0;
}

/** Reads, parses and checks one file; null when it is not a card (a README.md without front matter). */
async function checkOne(root: string, file: CardFile, budget: ReadBudget, input: CheckInput, today: string): Promise<CardReport | null> {
  const card = await loadCard(root, file, budget);
  if (!card) return null;
  const report = checkCard(card, input, today);
  // What the cli's enrichReport adds, done here while the parsed card is still at hand.
  if (card.data !== undefined) {
    report.artefactDetails = artefactDetailsOf(card.data);
    report.requiredArtefacts = [...input.policy.artefacts.required];
  }
  return report;
}

/** Checks `files` with at most `concurrency` reads in flight, keeping their order. */
async function checkChunk(root: string, files: CardFile[], budget: ReadBudget, input: CheckInput, today: string, concurrency: number, json: boolean): Promise<Done[]> {
  const out: Done[] = new Array(files.length).fill(null);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++;
      const report = await checkOne(root, files[i], budget, input, today);
      out[i] = report && json ? { text: cardJsonText(report), counts: summarise([report]) } : report;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, lane));
  return out;
}

/**
 * On a large corpus the checking moves to worker threads whose heaps are capped: V8 otherwise lets a
 * busy heap grow to hundreds of MB before collecting. This thread then only orders the reports and
 * feeds the sink (and takes back the chunks of a worker that failed).
 */
function defaultWorkers(count: number, hasBases: boolean): number {
  if (hasBases || count <= WORKER_THRESHOLD) return 0;
  // Measured on 2 shared cores (bench/RESULTS.md): one capped worker kept peak memory under the naive
  // script's at 10,000 cards; a second worker gained little time for more memory. MRG_BATCH_WORKERS overrides.
  const forced = Number(process.env.MRG_BATCH_WORKERS);
  if (Number.isInteger(forced) && forced >= 0) return Math.min(forced, 2 * availableParallelism());
  return availableParallelism() > 1 ? 1 : 0;
}

/** Heap caps for a worker: enough for a 1 MB card at full read concurrency, small enough to keep RSS flat. */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 6, maxOldGenerationSizeMb: 128 };

/** Checks every file and streams the card reports to `onCard`; returns the counts and the verdict. */
export async function checkFilesStreaming(options: StreamingOptions): Promise<StreamingResult> {
  const files = [...options.files].sort(byPath);
  const today = options.today ?? todayUtc();
  const hub = options.hub ?? new Map();
  const concurrency = options.concurrency ?? 16;
  const input: CheckInput = { cards: [], policy: options.policy, bases: options.bases, hub, failOn: options.failOn, today };
  const workerCount = options.bases ? 0 : Math.max(0, Math.floor(options.workers ?? defaultWorkers(files.length, false)));
  const threads = workerCount + 1;
  // The per-run byte budget is shared out between the threads, so that the total still holds.
  const budget: ReadBudget = { remainingBytes: Math.floor(READ_LIMITS.maxRunBytes / threads) };

  const chunks: number[] = [];
  for (let start = 0; start < files.length; start += CHUNK) chunks.push(start);
  let nextChunk = 0;
  const takeChunk = (): number | undefined => (nextChunk < chunks.length ? chunks[nextChunk++] : undefined);
  const retry: number[] = [];

  const summary: ReportSummary = { cards: 0, errors: 0, warnings: 0, notices: 0, waived: 0 };
  const json = options.onCardJson !== undefined;
  const pending = new Map<number, Done>();
  let emitted = 0;
  let emitting: Promise<void> = Promise.resolve();
  const emit = async (): Promise<void> => {
    while (pending.has(emitted)) {
      const report = pending.get(emitted)!;
      pending.delete(emitted);
      emitted++;
      if (!report) continue;
      const counts = 'text' in report ? report.counts : summarise([report]);
      summary.cards++;
      summary.errors += counts.errors;
      summary.warnings += counts.warnings;
      summary.notices += counts.notices;
      summary.waived += counts.waived;
      if ('text' in report) await options.onCardJson!(report.text);
      else await options.onCard?.(report);
    }
  };
  const settle = (start: number, reports: Done[]): Promise<void> => {
    reports.forEach((report, i) => pending.set(start + i, report));
    // One emitter at a time, so that reports leave in order even when onCard is asynchronous.
    emitting = emitting.then(emit);
    return emitting;
  };

  const workerRuns: Promise<void>[] = [];
  for (let w = 0; w < workerCount; w++) {
    workerRuns.push(runWorker(options, files, today, hub, concurrency, budget.remainingBytes, json, takeChunk, settle, retry));
  }

  // This thread works through chunks too; it also takes back the chunks of a worker that failed.
  const local = async (): Promise<void> => {
    for (;;) {
      const start = retry.pop() ?? takeChunk();
      if (start === undefined) return;
      const slice = files.slice(start, start + CHUNK);
      await settle(start, await checkChunk(options.root, slice, budget, input, today, concurrency, json));
    }
  };
  if (workerCount === 0) await local();
  await Promise.all(workerRuns);
  await local();
  await emitting;

  // Notes about the run (expired waivers) come from the engine, as for a whole report.
  const notes = check({ cards: [], policy: options.policy, today }).notes;
  const result: StreamingResult = { ...summary, result: decide(summary, options.failOn ?? 'error') };
  if (notes && notes.length > 0) result.notes = notes;
  return result;
}

/** Feeds chunks to one worker thread until none are left; a failed worker hands its chunk back. */
function runWorker(
  options: StreamingOptions,
  files: CardFile[],
  today: string,
  hub: HubFacts,
  concurrency: number,
  budgetBytes: number,
  json: boolean,
  takeChunk: () => number | undefined,
  settle: (start: number, reports: Done[]) => Promise<void>,
  retry: number[]
): Promise<void> {
  const setup: WorkerSetup = { role: ROLE, root: options.root, policy: options.policy, hub, today, concurrency, budgetBytes, json };
  const module = String(options.workerModule ?? import.meta.url);
  const href = module.startsWith('file:') ? module : new URL(`file://${path.resolve(module)}`).href;
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(`import(${JSON.stringify(href)});`, { eval: true, workerData: setup, resourceLimits: WORKER_LIMITS });
    } catch {
      resolve();
      return;
    }
    let current: number | undefined;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      if (current !== undefined) retry.push(current);
      current = undefined;
      void worker.terminate();
      resolve();
    };
    const feed = (): void => {
      current = takeChunk();
      if (current === undefined) {
        worker.postMessage({ id: -1 } satisfies ToWorker);
        finish();
        return;
      }
      worker.postMessage({ id: current, files: files.slice(current, current + CHUNK) } satisfies ToWorker);
    };
    worker.on('message', (message: FromWorker | { ready: true }) => {
      if ('ready' in message) return feed();
      if ('error' in message) return finish();
      const start = message.id;
      current = undefined;
      void settle(start, message.reports);
      feed();
    });
    worker.on('error', finish);
    worker.on('exit', finish);
  });
}

/** The worker's side: checks the chunks it is sent and posts their reports back. */
function startBatchWorker(): void {
  const setup = workerData as WorkerSetup;
  const input: CheckInput = { cards: [], policy: setup.policy, hub: setup.hub, today: setup.today };
  const budget: ReadBudget = { remainingBytes: setup.budgetBytes };
  parentPort!.on('message', (message: ToWorker) => {
    if (message.id === -1 || !('files' in message)) {
      parentPort!.close();
      return;
    }
    checkChunk(setup.root, message.files, budget, input, setup.today, setup.concurrency, setup.json).then(
      (reports) => parentPort!.postMessage({ id: message.id, reports } satisfies FromWorker),
      (error: unknown) => parentPort!.postMessage({ id: message.id, error: String(error) } satisfies FromWorker)
    );
  });
  parentPort!.postMessage({ ready: true });
}

if (isBatchWorker()) startBatchWorker();

/** A card's JSON as it sits in the report's `cards` list: two levels deep, so indented by four spaces. */
export function cardJsonText(card: CardReport): string {
  const skeleton: Report = { version: 1, result: 'pass', summary: { cards: 0, errors: 0, warnings: 0, notices: 0, waived: 0 }, cards: [card] };
  return '    ' + JSON.stringify((reportObject(skeleton).cards as unknown[])[0], null, 2).replace(/\n/g, '\n    ');
}

/**
 * Writes the JSON report (contract 1.5) without holding it: each card's JSON is spooled to a
 * temporary file as it comes, and `finish` writes the whole document, byte for byte what
 * renderJson would give for the same report.
 */
export class JsonReportSpool {
  private readonly dir: string;
  private readonly fd: number;
  private count = 0;

  constructor() {
    this.dir = mkdtempSync(path.join(tmpdir(), 'mrg-report-'));
    this.fd = openSync(path.join(this.dir, 'cards.json'), 'w');
  }

  add(card: CardReport): void {
    this.addText(cardJsonText(card));
  }

  /** Adds a card already rendered by cardJsonText (onCardJson). */
  addText(text: string): void {
    writeSync(this.fd, (this.count > 0 ? ',\n' : '') + text);
    this.count++;
  }

  /** Writes the report to `out` and removes the spool. */
  async finish(result: StreamingResult, out: NodeJS.WritableStream): Promise<void> {
    closeSync(this.fd);
    try {
      const { result: verdict, notes, ...summary } = result;
      const report: Report = { version: 1, result: verdict, summary, cards: [] };
      if (notes && notes.length > 0) report.notes = notes;
      const skeleton = renderJson(report);
      const marker = '"cards": []';
      const at = skeleton.indexOf(marker);
      if (this.count === 0 || at < 0) {
        await write(out, skeleton);
        return;
      }
      await write(out, skeleton.slice(0, at) + '"cards": [\n');
      for await (const chunk of createReadStream(path.join(this.dir, 'cards.json'))) await write(out, chunk as Buffer);
      await write(out, '\n  ]' + skeleton.slice(at + marker.length));
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

function write(out: NodeJS.WritableStream, data: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (out.write(data)) resolve();
    else {
      out.once('drain', resolve);
      out.once('error', reject);
    }
  });
}
