/**
 * Large runs of `check` are checked in a worker thread whose young generation is capped.
 *
 * Why: V8 sizes the young generation of the main thread from the machine's memory and grows it
 * with the allocation rate, up to 3 × 64 MB here. A run over thousands of cards allocates at a
 * steady rate for seconds, so the main thread ends up with that whole young generation committed
 * although one card is alive at a time (measured on 10,000 Hub-shaped cards: 320 MB peak RSS,
 * 22 MB live after a full collection). `--max-semi-space-size` fixes it but cannot be set from
 * inside a running process (`v8.setFlagsFromString` after start-up has no effect, measured); a
 * worker's `resourceLimits.maxYoungGenerationSizeMb` is the documented way to give one thread its
 * own bound. Small runs stay on the main thread: a worker costs ~80 ms and ~15 MB to start.
 *
 * The worker also runs a full collection whenever its heap has grown 16 MB since the last one. With
 * ~20 MB live, V8 lets the old generation grow to about four times that before it collects on its
 * own; collecting on growth (~10 ms each) keeps it near the live size (measured on the same corpus:
 * 235 MB → 160 MB peak, time unchanged within noise; on small cards, growth-based collection was
 * 10 % faster than collecting every 500 cards). The collector is exposed to the worker by setting
 * V8's `--expose-gc` before the worker's isolate exists — flags are read when an isolate is created,
 * which is the safe use of `v8.setFlagsFromString`. The main thread, which only waits for the
 * worker, first releases what finding the cards left behind (real cards ×10,000: ~157 → ~145 MB).
 *
 * The worker writes to the process's stdout and stderr descriptors itself, synchronously: nothing
 * is copied through the parent, and a slow reader holds the writer back (backpressure).
 */
import { writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isMainThread, Worker, workerData } from 'node:worker_threads';
import type { RootedCardFile } from './cli.js';

/** Cards from which a run is worth a worker (override: MRG_WORKER_MIN_CARDS; 0 = never). */
export const WORKER_MIN_CARDS = 1000;
/** The worker's young generation in MB (measured 8, 16, 32 on three corpora: 8 was as fast and the leanest). */
const YOUNG_GENERATION_MB = 8;
/** Every this many cards the heap is looked at; a full collection runs once it holds this much more than after the last one. */
const HEAP_CHECK_EVERY = 32;
const HEAP_SLACK_BYTES = 16 * 1024 * 1024;
const KEY = 'model-release-gate:check';

/** What the main thread has already worked out, handed to the worker (structured-cloned). */
export interface WorkerRequest {
  argv: string[];
  cwd: string;
  files: RootedCardFile[];
  notes: string[];
}

/** The threshold in effect: MRG_WORKER_MIN_CARDS when it is a whole number, else the default. */
export function workerMinCards(env: NodeJS.ProcessEnv): number {
  const given = env.MRG_WORKER_MIN_CARDS;
  return given !== undefined && /^\d{1,9}$/.test(given) ? Number(given) : WORKER_MIN_CARDS;
}

/** Runs the check in a worker started from `entry` (this bundle); resolves to the exit code. */
export function checkInWorker(entry: URL, request: WorkerRequest): Promise<number> {
  // Read by V8 when the worker's isolate is created (see the file comment).
  setFlagsFromString('--expose-gc');
  // This thread only waits from now on: what finding the cards left behind is released first (a
  // context created after the flag has the collector; 'last-resort' also gives memory back).
  try {
    (runInNewContext('gc') as (options: object) => void)({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  } catch {
    // A runtime that ignores the flag has no collector to call: nothing is released, nothing breaks.
  }
  return new Promise((resolve) => {
    const worker = new Worker(entry, {
      workerData: { [KEY]: request },
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB }
    });
    let failed = false;
    worker.once('error', (error) => {
      failed = true;
      writeAll(2, `model-release-gate: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    });
    worker.once('exit', (code) => resolve(failed ? 2 : code));
  });
}

/** The request when this thread is a check worker started by `checkInWorker`, else undefined. */
export function workerRequest(): WorkerRequest | undefined {
  if (isMainThread || typeof workerData !== 'object' || workerData === null) return undefined;
  return (workerData as Record<string, WorkerRequest | undefined>)[KEY];
}

/**
 * Runs `collect` when, looked at every `every` cards, the heap holds `slack` bytes more than it did
 * after the last collection (or at the start). Where `collect` is missing it does nothing.
 */
export function heapCollector(
  collect: (() => void) | undefined,
  usedHeap: () => number,
  every = HEAP_CHECK_EVERY,
  slack = HEAP_SLACK_BYTES
): () => void {
  if (!collect) return () => undefined;
  let cards = 0;
  let floor = usedHeap();
  return () => {
    if (++cards % every !== 0 || usedHeap() < floor + slack) return;
    collect();
    floor = usedHeap();
  };
}

/** For the worker: called after each card is read, collects when the heap has grown (see the file comment). */
export function periodicCollector(): () => void {
  return heapCollector((globalThis as { gc?: () => void }).gc, () => getHeapStatistics().used_heap_size);
}

/**
 * An output stream on a descriptor: synchronous writes, so memory never holds unwritten output. A
 * reader that stops early (`| head`) ends the worker quietly with exit code 1, and a failed write to
 * stdout with one line and exit code 2, as on the main thread.
 */
export function descriptorStream(fd: number): { write(chunk: string | Uint8Array): boolean; isTTY: boolean; synchronous: true } {
  return {
    isTTY: isatty(fd),
    synchronous: true,
    write(chunk: string | Uint8Array): boolean {
      try {
        writeAll(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EPIPE') process.exit(1);
        // As on the main thread: a failed write (a full disk, /dev/full) is one line and exit 2.
        if (fd === 1) {
          try {
            writeAll(2, outputFailure(error));
          } finally {
            process.exit(2);
          }
        }
        throw error;
      }
      return true;
    }
  };
}

/** The one line said when the output cannot be written. */
export function outputFailure(error: unknown): string {
  return `model-release-gate: cannot write the output: ${error instanceof Error ? error.message : String(error)}\n`;
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Writes all of `chunk`, waiting while a non-blocking pipe is full (EAGAIN). Throws EPIPE and the rest. */
function writeAll(fd: number, chunk: string | Uint8Array): void {
  const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 2);
    }
  }
}
