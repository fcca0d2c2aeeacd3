/**
 * The command line: `model-release-gate check [paths...] [options]` (contract 1.4).
 * argv → a plan → the pipeline → one reporter on stdout → exit code 0 (pass), 1 (fail), 2 (usage error or
 * a failure of the tool). No network unless --hub-lookup is given; a token is never printed.
 */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadCard, newReadBudget, type CardFile } from './card/read.js';
import { gatherBasesOf, gatherFiles, isInside } from './gather.js';
import { runPipeline } from './pipeline.js';
import { DEFAULT_POLICY_PATH } from './policy/defaults.js';
import { loadPolicy, PolicyError } from './policy/load.js';
import { isRecordFormat, RECORD_FORMATS, RECORD_REPORTERS, recordOptionsFromEnv } from './report/bom.js';
import { escapeLogText } from './report/escape.js';
import { jsonReporter } from './report/json.js';
import { markdownReporter } from './report/markdown.js';
import type { Reporter, Sink } from './report/reporter.js';
import { sarifReporter } from './report/sarif.js';
import { textReporter } from './report/text.js';
import { TOOL } from './report/tool.js';
import { fixCards, fixNotes } from './fix/run.js';
import {
  checkInWorker,
  descriptorStream,
  outputFailure,
  periodicCollector,
  workerMinCards,
  workerRequest,
  type WorkerRequest
} from './cli-worker.js';
import { runInit } from './init/command.js';
import { MIN_SECRET_LENGTH, redact, redactingStream } from './redact.js';
import type { FailOn, ParsedCard } from './types.js';

const FORMATS = ['text', 'json', 'sarif', 'markdown', ...RECORD_FORMATS] as const;
type Format = (typeof FORMATS)[number];
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'never'];
const DEFAULT_HUB_URL = 'https://huggingface.co';

export const USAGE = `Usage: model-release-gate check [paths...] [options]
       model-release-gate init [cards...] [--hub-lookup] [--hub-url URL]

Checks model cards (README.md / MODEL_CARD.md with YAML front matter, model-card.yaml|yml|json):
a folder is searched for cards, a file is a card whatever its name. Default path: .

Options:
  --policy FILE        policy file (default: ${DEFAULT_POLICY_PATH} if it exists)
  --format FORMAT      text (default), json, sarif or markdown (the PR comment); a release
                       record: cyclonedx (1.6 JSON), spdx (3.0.1 JSON-LD) or mot (MOT YAML)
  --base DIR           the previous version of the tree: a card under a folder argument is
                       compared with the file at the same relative path under DIR
  --fail-on LEVEL      error (default), warning or never
  --hub-lookup         look up base models' licences on the Hugging Face Hub (sends HF_TOKEN if set)
  --hub-url URL        the Hub's base URL (default: ${DEFAULT_HUB_URL})
  --fix                apply every finding's fix to the cards in place, then report what is left
  --verbose            text format: show each finding's detail (the longer why) under it

init adds a \`release\` block to each card (or writes model-card.yaml beside a README.md without
front matter), filled from what the card says, with TODO placeholders that the gate reports until
a person fills them in. It changes no other byte, and running it again changes nothing.
  -h, --help           show this help
  -V, --version        show the version

Exit codes: 0 the gate passes, 1 it fails, 2 usage error or a failure of the tool.
`;

/** A problem the user can fix: one line on stderr, exit 2. */
export class UsageError extends Error {}

export interface CliOptions {
  paths: string[];
  policy?: string;
  format: Format;
  base?: string;
  failOn: FailOn;
  hubLookup: boolean;
  hubUrl: string;
  fix?: boolean;
  verbose?: boolean;
}

export type Parsed =
  { kind: 'help' } | { kind: 'version' } | { kind: 'check'; options: CliOptions } | { kind: 'init'; options: CliOptions };

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string, fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, not "${value}"`);
}

/** Parses argv (without `node cli.js`). Throws UsageError. */
export function parseCli(argv: string[]): Parsed {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        policy: { type: 'string' },
        format: { type: 'string', short: 'f' },
        base: { type: 'string' },
        'fail-on': { type: 'string' },
        'hub-lookup': { type: 'boolean' },
        'hub-url': { type: 'string' },
        fix: { type: 'boolean' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' }
      }
    }));
  } catch (error) {
    // Node's messages run to several sentences; the first says what is wrong.
    const message = (error as Error).message.split(/\.\s/)[0].replace(/\.$/, '');
    throw new UsageError(`${message} (see --help)`);
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command, ...paths] = positionals;
  if (command === undefined) throw new UsageError('missing command: use `model-release-gate check [paths...]` (see --help)');
  if (command !== 'check' && command !== 'init')
    throw new UsageError(`unknown command "${command}": the commands are check and init (see --help)`);
  for (const flag of ['policy', 'base', 'hub-url'] as const) {
    if (values[flag] === '') throw new UsageError(`--${flag} needs a value`);
  }
  const hubUrl = values['hub-url'] ?? DEFAULT_HUB_URL;
  if (!/^https?:\/\/[^\s]+$/.test(hubUrl)) throw new UsageError(`--hub-url must be an http(s) URL, not "${hubUrl}"`);
  return {
    kind: command,
    options: {
      paths: paths.length > 0 ? paths : ['.'],
      policy: values.policy,
      format: oneOf(values.format, FORMATS, '--format', 'text'),
      base: values.base,
      failOn: oneOf(values['fail-on'], FAIL_ON, '--fail-on', 'error'),
      hubLookup: values['hub-lookup'] ?? false,
      hubUrl,
      fix: values.fix ?? false,
      verbose: values.verbose ?? false
    }
  };
}

interface Argument {
  /** As typed, for messages. */
  given: string;
  absolute: string;
  isFolder: boolean;
  /** What nothing outside of is read: the working directory when the path is inside it, else the path's own folder. */
  root: string;
}

async function resolveArgument(cwd: string, given: string): Promise<Argument> {
  const absolute = path.resolve(cwd, given);
  let stats;
  try {
    stats = await lstat(absolute);
  } catch {
    throw new UsageError(`no such file or folder: ${given}`);
  }
  const isFolder = stats.isDirectory();
  const root = isInside(cwd, absolute) ? cwd : isFolder ? absolute : path.dirname(absolute);
  return { given, absolute, isFolder, root };
}

/**
 * For a file named on the command line: where its base version was looked for when none was found
 * there, so that a pass with nothing to compare is visible (a file's base is looked up by its path
 * from the working directory, which need not be the layout of the --base folder).
 */
function missingBaseNotes(
  reportPaths: string[],
  bases: Map<string, ParsedCard>,
  baseRoot: string,
  cardRoot: string,
  cwd: string
): string[] {
  const notes: string[] = [];
  for (const reportPath of reportPaths) {
    if (bases.has(reportPath)) continue;
    const absolute = path.resolve(cwd, reportPath);
    const relative = path.relative(cardRoot, absolute);
    if (relative === '' || !isInside(cardRoot, absolute)) continue;
    const looked = path.relative(cwd, path.join(baseRoot, relative)).split(path.sep).join('/');
    notes.push(
      `No base version of ${reportPath} was found at ${looked} (missing or unreadable), so it was not compared with a previous version (licence-changed, access-widened).`
    );
  }
  return notes;
}

/** A file to check with the root nothing outside of is read (each argument may have its own). */
export type RootedCardFile = CardFile & { root: string };

interface Planned {
  files: RootedCardFile[];
  bases: Map<string, ParsedCard>;
  notes: string[];
}

/** What the arguments name: the files to check (read one by one later), their base versions and notes. */
export async function planFromArguments(cwd: string, paths: string[], base?: string): Promise<Planned> {
  const args: Argument[] = [];
  for (const given of paths) args.push(await resolveArgument(cwd, given));
  let baseRoot: string | undefined;
  if (base !== undefined) {
    baseRoot = path.resolve(cwd, base);
    let stats;
    try {
      stats = await lstat(baseRoot);
    } catch {
      throw new UsageError(`--base: no such folder: ${base}`);
    }
    if (!stats.isDirectory()) throw new UsageError(`--base must be a folder: ${base}`);
  }
  const files = new Map<string, RootedCardFile>();
  const bases = new Map<string, ParsedCard>();
  const notes: string[] = [];
  for (const arg of args) {
    const relative = path.relative(arg.root, arg.absolute) || '.';
    const found = await gatherFiles({ root: arg.root, paths: [relative], reportBase: cwd });
    for (const error of found.errors) notes.push(error);
    for (const skipped of found.skipped)
      notes.push(`The folder ${skipped} is a symbolic link; links are never followed, so it was not searched.`);
    const fresh = found.files.filter((file) => !files.has(file.reportPath));
    for (const file of fresh) files.set(file.reportPath, { ...file, root: arg.root });
    if (baseRoot !== undefined && fresh.length > 0) {
      const cardRoot = arg.isFolder ? arg.absolute : isInside(cwd, arg.absolute) ? cwd : path.dirname(arg.absolute);
      const paths = fresh.map((file) => file.reportPath);
      for (const [key, value] of await gatherBasesOf(paths, baseRoot, cardRoot, cwd)) bases.set(key, value);
      if (!arg.isFolder) notes.push(...missingBaseNotes(paths, bases, baseRoot, cardRoot, cwd));
    }
  }
  return { files: [...files.values()], bases, notes };
}

/** The reporter for a format. */
function reporterFor(
  format: Format,
  sink: Sink,
  color: boolean,
  verbose: boolean,
  env: NodeJS.ProcessEnv,
  bytes?: (chunk: Uint8Array) => void
): Reporter {
  if (isRecordFormat(format)) return RECORD_REPORTERS[format](sink, { record: recordOptionsFromEnv(env) });
  switch (format) {
    case 'json':
      return jsonReporter(sink, bytes ? { bytes } : {});
    case 'sarif':
      return sarifReporter(sink, {});
    case 'markdown':
      return markdownReporter(sink, {});
    default:
      return textReporter(sink, { color, verbose });
  }
}

/** Resolves once `out` can take more (backpressure for a slow reader of stdout). */
function drained(out: { writableNeedDrain?: boolean; once?: (event: 'drain', listener: () => void) => unknown }): Promise<void> {
  if (!out.writableNeedDrain || !out.once) return Promise.resolve();
  const once = out.once.bind(out);
  return new Promise((resolve) => void once('drain', resolve));
}

/** How a run may hand its check to a worker thread (src/cli-worker.ts), or what a worker was handed. */
export interface RunContext {
  /** Checks a large plan elsewhere and resolves to the exit code (the binary passes a worker). */
  offload?: (request: WorkerRequest) => Promise<number>;
  /** Cards to check, already found (and fixed) by the thread that handed the run over. */
  planned?: { files: RootedCardFile[]; notes: string[] };
  /** Called after each card is read (the worker's collection when its heap has grown). */
  afterRead?: () => void;
}

/** Runs the CLI; returns the exit code. Output goes to the given streams. */
export async function main(
  argv: string[],
  io: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    stdout: {
      write(chunk: string | Uint8Array): unknown;
      isTTY?: boolean;
      /** The stream has written a chunk when write returns (it keeps no reference to it). */
      synchronous?: boolean;
      writableNeedDrain?: boolean;
      once?: (event: 'drain', listener: () => void) => unknown;
    };
    stderr: { write(chunk: string): unknown };
  },
  run: RunContext = {}
): Promise<number> {
  const token = io.env.HF_TOKEN;
  const fail = (message: string): number => {
    io.stderr.write(redact(`${TOOL.name}: ${escapeLogText(message, { maxLength: 2000 })}\n`, token));
    return 2;
  };
  try {
    const parsed = parseCli(argv);
    if (parsed.kind === 'help') {
      io.stdout.write(USAGE);
      return 0;
    }
    if (parsed.kind === 'version') {
      io.stdout.write(`${TOOL.version}\n`);
      return 0;
    }
    const options = parsed.options;
    if (parsed.kind === 'init')
      return await runInit(options.paths, {
        cwd: io.cwd,
        stdout: io.stdout,
        hub: options.hubLookup ? { hubUrl: options.hubUrl, token: io.env.HF_TOKEN || undefined } : undefined
      });
    const policy = await loadPolicy(
      options.policy === undefined ? undefined : path.resolve(io.cwd, options.policy),
      path.join(io.cwd, DEFAULT_POLICY_PATH)
    );
    const color = Boolean(io.stdout.isTTY) && !io.env.NO_COLOR;
    // --fix: the cards are mended in place first (from the built-in table's facts); the check below
    // reads them again and reports what is left.
    const plan = run.planned
      ? { files: run.planned.files, bases: new Map<string, ParsedCard>(), notes: run.planned.notes }
      : await planFromArguments(io.cwd, options.paths, options.base);
    // Fixes change what cards say, never which files are cards: the one plan serves both.
    if (options.fix && !run.planned) plan.notes.push(...fixNotes(await fixCards(plan.files, io.cwd, { policy })));
    // A large plain run goes to a worker with a bounded young generation (src/cli-worker.ts). A Hub
    // lookup or --base keeps cards in memory anyway, so those runs stay here.
    const minCards = workerMinCards(io.env);
    if (run.offload && minCards > 0 && plan.files.length >= minCards && !options.hubLookup && options.base === undefined)
      return await run.offload({ argv, cwd: io.cwd, files: plan.files, notes: plan.notes });
    const budget = newReadBudget();
    // Belt and braces: a token must never reach the output, whatever a note or message quotes.
    const out = redactingStream(token, (text) => void io.stdout.write(text));
    // Without a token to mask, the JSON report's spooled cards go out as the bytes they are (copied
    // unless the stream writes synchronously: a stream may hold on to a chunk the reporter reuses).
    const bytes =
      token && token.length >= MIN_SECRET_LENGTH
        ? undefined
        : (chunk: Uint8Array) => void io.stdout.write(io.stdout.synchronous ? chunk : Buffer.from(chunk));
    const reporter = reporterFor(options.format, (chunk) => out.write(chunk), color, options.verbose === true, io.env, bytes);
    const totals = await runPipeline(
      {
        cards: plan.files.map((file) => ({
          path: file.reportPath,
          load: async () => {
            await drained(io.stdout);
            const card = await loadCard(file.root, file, budget);
            run.afterRead?.();
            return card;
          }
        })),
        policy,
        bases: plan.bases.size > 0 ? plan.bases : undefined,
        hub: options.hubLookup ? { hubUrl: options.hubUrl, token: io.env.HF_TOKEN || undefined } : undefined,
        failOn: options.failOn,
        records: isRecordFormat(options.format),
        notes: plan.notes
      },
      [reporter]
    );
    out.end();
    return totals.result === 'pass' ? 0 : 1;
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message);
    if (error instanceof PolicyError) {
      const problems = error.problems.map((p) => `${p.line}:${p.column}: ${p.key === '(file)' ? '' : `${p.key}: `}${p.message}`);
      return fail(
        problems.length === 1 ? error.message : `invalid policy file ${error.file} (${problems.length} problems): ${problems.join('; ')}`
      );
    }
    const message = error instanceof Error ? error.message : String(error);
    return fail(`internal error: ${message}`);
  }
}

// Run when executed (the bundle, or `node src/cli.ts`), not when imported by tests; or as the
// worker a large run was handed to.
const handed = workerRequest();
const invoked = process.argv[1] ? path.resolve(process.argv[1]) : '';
if (handed) {
  const code = await main(
    handed.argv,
    { cwd: handed.cwd, env: process.env, stdout: descriptorStream(1), stderr: descriptorStream(2) },
    { planned: { files: handed.files, notes: handed.notes }, afterRead: periodicCollector() }
  );
  process.exit(code);
} else if (
  invoked.endsWith(`${path.sep}cli.js`) ||
  invoked.endsWith(`${path.sep}cli.ts`) ||
  invoked.endsWith(`${path.sep}model-release-gate`)
) {
  // A reader that stops early (`| head`) closes the pipe: stop quietly, as Unix tools do, instead of
  // an unhandled EPIPE stack trace. The exit code is the gate's own when already known, else 1.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 1);
    // Any other failure to write (a full disk, /dev/full) is a failure of the tool: one line, exit 2.
    process.stderr.write(outputFailure(error));
    process.exit(2);
  });
  const code = await main(
    process.argv.slice(2),
    { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr },
    { offload: (request) => checkInWorker(new URL(import.meta.url), request) }
  );
  process.exitCode = code;
}
