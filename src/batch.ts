/**
 * Checks many card files with flat memory: card after card is read, parsed once, checked and turned
 * into its report (or its rendered JSON or text), then dropped; reports stream to a sink in path
 * order (the order of the engine's report). Worker threads can take part of the work when asked for
 * (see defaultWorkers for why they are not used by default).
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
import { renderJson, reportObject } from './report/json.js';
import { renderText } from './report/text.js';
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
  /** Worker threads; default: none (MRG_BATCH_WORKERS=n overrides), see defaultWorkers. */
  workers?: number;
  /** Cards in flight at once per worker thread (default 1: reads are synchronous, so more only hold more memory). */
  concurrency?: number;
  /** Receives each card's report, in path order. May return a promise (backpressure). */
  onCard?(card: CardReport): void | Promise<void>;
  /**
   * Instead of onCard: receives each card's JSON text as JsonReportSpool writes it. Workers then
   * render the text themselves and send only strings, which keeps this thread's heap small.
   */
  onCardJson?(text: string): void | Promise<void>;
  /**
   * Instead of onCard: receives each card's text report (src/report/text.ts), in path order, as
   * renderText writes it for a whole report; workers render it. `color` as for renderText.
   */
  onCardText?(text: string): void | Promise<void>;
  color?: boolean;
  /** Module a worker imports (default: this module's own file, i.e. the bundle). */
  workerModule?: string | URL;
}

/** A file with its own root (the CLI's arguments may each have one); `root` of the options otherwise. */
export type RootedCardFile = CardFile & { root?: string };

export type StreamingResult = ReportSummary & { result: 'pass' | 'fail'; notes?: string[] };

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
  format: CardFormat;
}

/** What a thread hands back per card: the report itself, or its rendered JSON or text. */
type CardFormat = 'report' | 'json' | 'text' | 'text-color';

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
async function checkOne(root: string, file: RootedCardFile, budget: ReadBudget, input: CheckInput, today: string): Promise<CardReport | null> {
  const card = await loadCard(file.root ?? root, file, budget);
  if (!card) return null;
  return checkCard(card, input, today);
}

/** Checks `files` with at most `concurrency` reads in flight, keeping their order. */
async function checkChunk(root: string, files: CardFile[], budget: ReadBudget, input: CheckInput, today: string, concurrency: number, format: CardFormat): Promise<Done[]> {
  const out: Done[] = new Array(files.length).fill(null);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++;
      const report = await checkOne(root, files[i], budget, input, today);
      out[i] = report && format !== 'report' ? { text: renderCard(report, format), counts: summarise([report]) } : report;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, lane));
  return out;
}

/**
 * Worker threads, when asked for (MRG_BATCH_WORKERS=n or the `workers` option): each checks chunks of
 * the corpus with a capped heap while this thread orders the reports and feeds the sink. The default
 * is none: measured on 2 shared cores (bench/RESULTS.md), one thread checking card after card ran
 * 10,000 cards in about a third of the naive script's time at about two thirds of its peak memory,
 * while two workers gained little time for about 1.8 times the memory (a second V8 heap and bundle).
 */
function defaultWorkers(count: number, hasBases: boolean): number {
  if (hasBases) return 0;
  const forced = Number(process.env.MRG_BATCH_WORKERS);
  if (process.env.MRG_BATCH_WORKERS && Number.isInteger(forced) && forced >= 0) return Math.min(forced, 2 * availableParallelism(), count);
  return 0;
}

/** Heap caps for a worker: enough for a 1 MB card, small enough that its heap does not balloon. */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 128 };

/** Checks every file and streams the card reports to `onCard`; returns the counts and the verdict. */
export async function checkFilesStreaming(options: StreamingOptions): Promise<StreamingResult> {
  const files = [...options.files].sort(byPath);
  const today = options.today ?? todayUtc();
  const hub = options.hub ?? new Map();
  // Reads are synchronous (src/card/read.ts), so more than one card in flight only keeps more alive.
  const concurrency = options.concurrency ?? 1;
  const input: CheckInput = { cards: [], policy: options.policy, bases: options.bases, hub, failOn: options.failOn, today };
  const workerCount = options.bases ? 0 : Math.max(0, Math.floor(options.workers ?? defaultWorkers(files.length, false)));
  const threads = workerCount + 1;
  // The per-run byte budget is shared out between the threads, so that the total still holds.
  const budget: ReadBudget = { remainingBytes: Math.floor(READ_LIMITS.maxRunBytes / threads), folders: new Map() };

  const chunks: number[] = [];
  for (let start = 0; start < files.length; start += CHUNK) chunks.push(start);
  let nextChunk = 0;
  const takeChunk = (): number | undefined => (nextChunk < chunks.length ? chunks[nextChunk++] : undefined);
  const retry: number[] = [];

  const summary: ReportSummary = { cards: 0, errors: 0, warnings: 0, notices: 0, waived: 0 };
  const format: CardFormat = options.onCardJson ? 'json' : options.onCardText ? (options.color ? 'text-color' : 'text') : 'report';
  const onText = options.onCardJson ?? options.onCardText;
  const pending = new Map<number, Done>();
  let emitted = 0;
  let emitting: Promise<void> = Promise.resolve();
  const emitOne = (report: Done): void | Promise<void> => {
    if (!report) return;
    const counts = 'text' in report ? report.counts : summarise([report]);
    summary.cards++;
    summary.errors += counts.errors;
    summary.warnings += counts.warnings;
    summary.notices += counts.notices;
    summary.waived += counts.waived;
    return 'text' in report ? onText!(report.text) : options.onCard?.(report);
  };
  const emit = async (): Promise<void> => {
    while (pending.has(emitted)) {
      const report = pending.get(emitted)!;
      pending.delete(emitted);
      emitted++;
      await emitOne(report);
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
    workerRuns.push(runWorker(options, files, today, hub, concurrency, budget.remainingBytes, format, takeChunk, settle, retry));
  }

  // This thread works through chunks too; it also takes back the chunks of a worker that failed.
  const local = async (): Promise<void> => {
    for (;;) {
      const start = retry.pop() ?? takeChunk();
      if (start === undefined) return;
      const slice = files.slice(start, start + CHUNK);
      await settle(start, await checkChunk(options.root, slice, budget, input, today, concurrency, format));
    }
  };
  if (workerCount === 0) {
    // One thread: card after card, each report handed on as soon as it is made, so that at most one
    // parsed card is alive at a time (several in flight kept them past young-generation collections
    // and tripled the peak memory).
    for (const file of files) {
      const report = await checkOne(options.root, file, budget, input, today);
      const pendingWrite = emitOne(report && format !== 'report' ? { text: renderCard(report, format), counts: summarise([report]) } : report);
      if (pendingWrite) await pendingWrite;
    }
  } else {
    await Promise.all(workerRuns);
    await local();
    await emitting;
  }

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
  format: CardFormat,
  takeChunk: () => number | undefined,
  settle: (start: number, reports: Done[]) => Promise<void>,
  retry: number[]
): Promise<void> {
  const setup: WorkerSetup = { role: ROLE, root: options.root, policy: options.policy, hub, today, concurrency, budgetBytes, format };
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
  const budget: ReadBudget = { remainingBytes: setup.budgetBytes, folders: new Map() };
  parentPort!.on('message', (message: ToWorker) => {
    if (message.id === -1 || !('files' in message)) {
      parentPort!.close();
      return;
    }
    checkChunk(setup.root, message.files, budget, input, setup.today, setup.concurrency, setup.format).then(
      (reports) => parentPort!.postMessage({ id: message.id, reports } satisfies FromWorker),
      (error: unknown) => parentPort!.postMessage({ id: message.id, error: String(error) } satisfies FromWorker)
    );
  });
  parentPort!.postMessage({ ready: true });
}

if (isBatchWorker()) startBatchWorker();

function renderCard(card: CardReport, format: Exclude<CardFormat, 'report'>): string {
  return format === 'json' ? cardJsonText(card) : cardText(card, format === 'text-color');
}

const EMPTY_SUMMARY: ReportSummary = { cards: 0, errors: 0, warnings: 0, notices: 0, waived: 0 };

/**
 * A card's part of the text report: renderText of a whole report is each card's lines followed by a
 * blank line, then the notes and the verdict line; this is the card's part, verdict line cut off.
 */
export function cardText(card: CardReport, color = false): string {
  const text = renderText({ version: 1, result: 'pass', summary: EMPTY_SUMMARY, cards: [card] }, { color });
  return text.slice(0, text.lastIndexOf('\n', text.length - 2) + 1);
}

/** The end of the text report: notes and the verdict line. */
export function textTail(result: StreamingResult, notes: string[], color = false): string {
  const { result: verdict, notes: _own, ...summary } = result;
  const report: Report = { version: 1, result: verdict, summary, cards: [] };
  if (notes.length > 0) report.notes = notes;
  return renderText(report, { color });
}

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

  /** Writes the report to `out` and removes the spool; `notes` replace the run's own (the CLI adds its own first). */
  async finish(result: StreamingResult, out: NodeJS.WritableStream, options: { notes?: string[]; redact?: (text: string) => string } = {}): Promise<void> {
    closeSync(this.fd);
    try {
      const { result: verdict, notes: own, ...summary } = result;
      const notes = options.notes ?? own;
      const report: Report = { version: 1, result: verdict, summary, cards: [] };
      if (notes && notes.length > 0) report.notes = notes;
      const skeleton = options.redact ? options.redact(renderJson(report)) : renderJson(report);
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

/** Writes with backpressure: resolves once `out` can take more. */
export function write(out: NodeJS.WritableStream, data: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (out.write(data)) return resolve();
    // Both listeners go once either fires, so that many waits do not pile listeners up on `out`.
    const done = (error?: unknown): void => {
      out.removeListener('drain', done);
      out.removeListener('error', done);
      if (error) reject(error as Error);
      else resolve();
    };
    out.on('drain', done);
    out.on('error', done);
  });
}
