/**
 * Release records as files and as CLI output (contract 1.7): picks the reporter for a format, and
 * writes a record for the action's `bom-file` input without ever leaving the workspace.
 */
import { constants } from 'node:fs';
import { lstat, mkdir, open, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Report } from '../types.js';
import { cycloneDxReporter } from './cyclonedx.js';
import { motReporter } from './mot.js';
import { renderWith, type ReporterFactory, type ReportTotals } from './reporter.js';
import { RECORD_FORMATS, recordOptionsFromEnv, type RecordFormat, type RecordOptions } from './record-common.js';
import { spdxReporter } from './spdx.js';

export { RECORD_FORMATS, recordOptionsFromEnv, type RecordFormat };

export const RECORD_REPORTERS: Record<RecordFormat, ReporterFactory<{ record: RecordOptions }>> = {
  cyclonedx: cycloneDxReporter,
  spdx: spdxReporter,
  mot: motReporter
};

/** A `bom-file` / `bom-format` input the user must mend (the action reports it as such, not as a crash). */
export class RecordInputError extends Error {}

export function isRecordFormat(value: string): value is RecordFormat {
  return (RECORD_FORMATS as readonly string[]).includes(value);
}

/** The format a file name asks for: `.spdx.json`/`.jsonld` SPDX, `.yml`/`.yaml` MOT, else undefined. */
export function formatFromExtension(file: string): RecordFormat | undefined {
  const name = path.basename(file).toLowerCase();
  if (name.endsWith('.spdx.json') || name.endsWith('.jsonld') || name.endsWith('.spdx')) return 'spdx';
  if (name.endsWith('.yml') || name.endsWith('.yaml')) return 'mot';
  if (name.endsWith('.cdx.json') || name.endsWith('.bom.json')) return 'cyclonedx';
  return undefined;
}

/**
 * The action's `bom-format`: an explicit `spdx` or `mot` wins; the default `cyclonedx` (or empty)
 * gives way to a file name that clearly asks for another format (`record.spdx.json`, `model.yml`).
 */
export function chooseRecordFormat(input: string, file: string): RecordFormat {
  const value = input.trim().toLowerCase();
  if (value !== '' && !isRecordFormat(value))
    throw new RecordInputError(`Input \`bom-format\` must be one of ${RECORD_FORMATS.join(', ')}, not "${input}".`);
  if (value === 'spdx' || value === 'mot') return value;
  return formatFromExtension(file) ?? 'cyclonedx';
}

/** The whole record of a finished report as text (small runs, tests). */
export function renderRecord(format: RecordFormat, report: Report, options: RecordOptions): string {
  return renderWith(RECORD_REPORTERS[format], report, { record: options });
}

/** The nearest existing folder at or above `folder`. */
async function existingAncestor(folder: string): Promise<string> {
  let current = folder;
  for (;;) {
    try {
      await lstat(current);
      return current;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return current;
      current = parent;
    }
  }
}

function inside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Writes the record of `report` to `file` (absolute, already checked to be inside `workspace` by
 * name); refuses a file or folder that a symbolic link would take outside the workspace. Streams
 * the reporter's chunks to the file. Returns the absolute path written.
 */
export async function writeRecordFile(
  workspace: string,
  file: string,
  format: RecordFormat,
  report: Report,
  options: RecordOptions
): Promise<string> {
  const root = await realpath(workspace);
  const folder = path.dirname(file);
  const existing = await realpath(await existingAncestor(folder));
  if (!inside(root, existing))
    throw new RecordInputError(
      `Input \`bom-file\` (${path.relative(workspace, file)}) leads outside the workspace through a symbolic link.`
    );
  const stats = await lstat(file).catch(() => undefined);
  if (stats && !stats.isFile()) throw new RecordInputError(`Input \`bom-file\` (${path.relative(workspace, file)}) is not a regular file.`);
  await mkdir(folder, { recursive: true });
  if (!inside(root, await realpath(folder)))
    throw new RecordInputError(
      `Input \`bom-file\` (${path.relative(workspace, file)}) leads outside the workspace through a symbolic link.`
    );
  // O_NOFOLLOW: a link put in place after the checks above is refused, not followed.
  const handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW);
  const out = handle.createWriteStream({ encoding: 'utf8' });
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  const reporter = RECORD_REPORTERS[format]((chunk) => void out.write(chunk), { record: options });
  reporter.begin();
  for (const card of report.cards) reporter.card(card);
  reporter.end({
    version: report.version,
    result: report.result,
    summary: report.summary,
    ...(report.notes ? { notes: report.notes } : {})
  });
  out.end();
  await done;
  return file;
}

/**
 * A record reporter writing straight to a stream, whose steps resolve once the stream can take more
 * (backpressure between cards): the CLI streams large runs through this. `transform` is applied to
 * every chunk (the CLI's token redaction).
 */
export function recordWriter(
  format: RecordFormat,
  options: RecordOptions,
  out: NodeJS.WritableStream,
  transform: (text: string) => string = (text) => text
) {
  const reporter = RECORD_REPORTERS[format]((chunk) => void out.write(transform(chunk)), { record: options });
  const drained = (): Promise<void> =>
    (out as NodeJS.WritableStream & { writableNeedDrain?: boolean }).writableNeedDrain
      ? new Promise((resolve) => out.once('drain', () => resolve()))
      : Promise.resolve();
  return {
    begin: (): Promise<void> => (reporter.begin(), drained()),
    card: (card: Report['cards'][number]): Promise<void> => (reporter.card(card), drained()),
    end: (totals: ReportTotals): Promise<void> => (reporter.end(totals), drained())
  };
}
