/**
 * Finds card files under a root by the contract's globs without following symbolic links.
 * Literal paths (no wildcard) are cards whatever their name.
 */
import { readdirSync, statSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { linkOnPath, type CardFile } from './read.js';
import { matchable } from '../text-limits.js';

export const DEFAULT_CARD_GLOBS = [
  '**/README.md',
  '**/MODEL_CARD.md',
  '**/MODELCARD.md',
  '**/model-card.yaml',
  '**/model-card.yml',
  '**/model-card.json'
];

/** Folders never searched: they hold dependencies or history, not the project's cards. */
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

const WILDCARD = /[*?[\]{}!]/;

export { matchable };

/** Splits the `cards` input: newline- or comma-separated, blanks dropped. */
export function splitPatterns(input: string): string[] {
  return input
    .split(/[\n,]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** A pattern that could reach outside the root is refused, with the reason. */
export function unsafePattern(pattern: string): string | undefined {
  if (path.isAbsolute(pattern) || /^[a-zA-Z]:[\\/]/.test(pattern)) return `the pattern \`${pattern}\` is an absolute path`;
  if (pattern.split(/[\\/]/).includes('..')) return `the pattern \`${pattern}\` climbs out of the workspace with \`..\``;
  return undefined;
}

export interface Discovery {
  files: CardFile[];
  /** Patterns refused or literal paths that do not exist. */
  errors: string[];
  /**
   * Folders that are symbolic links and so were not searched (report paths). Informational: a
   * link is never followed, and what lies behind it is neither listed nor read.
   */
  skipped: string[];
}

/** Converts an OS path relative to `base` to a report path with `/`. */
export function toReportPath(relative: string): string {
  return relative.split(path.sep).join('/');
}

/**
 * Lists the card files under `root` matching `patterns` (default: the contract's globs).
 * `reportBase` is the folder report paths are relative to (the working directory or workspace).
 */
export async function discoverCards(root: string, patterns: string[] = DEFAULT_CARD_GLOBS, reportBase: string = root): Promise<Discovery> {
  const errors: string[] = [];
  const literal: string[] = [];
  const globs: string[] = [];
  for (const pattern of patterns) {
    const problem = unsafePattern(pattern);
    if (problem) errors.push(`Refused: ${problem}.`);
    else if (WILDCARD.test(pattern)) globs.push(pattern.replace(/^\.\//, ''));
    else literal.push(path.normalize(pattern));
  }
  const seen = new Set<string>();
  const files: CardFile[] = [];
  const skipped: string[] = [];
  const skip = (absolute: string): void => {
    const shown = toReportPath(path.relative(reportBase, absolute));
    if (!skipped.includes(shown)) skipped.push(shown);
  };
  const add = (absolute: string, explicit: boolean): void => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    const file: CardFile = { absolute, reportPath: toReportPath(path.relative(reportBase, absolute)), explicit };
    // Walked from a folder checked link-free down from the root: see CardFile.walked.
    if (!explicit) file.walked = true;
    files.push(file);
  };
  for (const relative of literal) {
    const absolute = path.join(root, relative);
    // lstat follows links in the folders above the last component: check them first, so that
    // nothing behind a linked folder is even listed.
    const link = await linkOnPath(root, absolute);
    if (link === 'outside') {
      errors.push(`Refused: the path \`${toReportPath(relative)}\` is outside the workspace.`);
      continue;
    }
    if (link === 'folder') {
      // Handed to the reader, which reports it as a card that lies under a link, without reading.
      add(absolute, true);
      continue;
    }
    try {
      const stats = await lstat(absolute);
      if (stats.isDirectory()) {
        for (const file of walk(absolute, picomatch(DEFAULT_CARD_GLOBS), root, skip)) add(file, false);
      } else add(absolute, true);
    } catch {
      errors.push(`No such file: ${toReportPath(relative)}.`);
    }
  }
  if (globs.length > 0) {
    for (const file of walk(root, picomatch(globs, { dot: true }), root, skip)) add(file, false);
  }
  return { files, errors, skipped };
}

/**
 * Lists matching files under `dir`. Folder links are never entered (`onLinkedFolder` hears of
 * those that could hold cards); any other non-folder entry that matches is returned, whatever its
 * type — a link, a FIFO, a device — so that the reader reports it without opening it.
 * Folders are listed by their raw bytes: a name that is not valid UTF-8 is still entered (a string
 * path would name another, missing folder, and the cards under it would silently drop out); a card
 * under such a name is returned under its lossy name, which the reader reports as a card it cannot read.
 * The system calls are synchronous: a walk is thousands of small calls made one after the other, and
 * through the thread pool each waited for a round trip (10,000 cards: 0.6 s listing, 0.1 s now).
 */
function walk(
  dir: string,
  matches: (relative: string) => boolean,
  root: string,
  onLinkedFolder: (absolute: string) => void = () => undefined
): string[] {
  const found: string[] = [];
  const pending: Buffer[] = [Buffer.from(dir)];
  const separator = Buffer.from(path.sep);
  while (pending.length > 0) {
    const current = pending.pop() as Buffer;
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true, encoding: 'buffer' });
    } catch {
      continue;
    }
    entries.sort((a, b) => Buffer.compare(a.name, b.name));
    for (const entry of entries) {
      const raw = Buffer.concat([current, separator, entry.name]);
      const absolute = raw.toString('utf8');
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name.toString('utf8'))) pending.push(raw);
      } else if (matches(matchable(toReportPath(path.relative(root, absolute))))) {
        // A matching link, pipe or device is kept so that the reader reports it; it is never opened.
        found.push(absolute);
      } else if (entry.isSymbolicLink() && !SKIPPED_DIRS.has(entry.name.toString('utf8')) && isLinkToFolder(raw)) {
        onLinkedFolder(absolute);
      }
    }
  }
  return found.sort();
}

/**
 * Whether a link points at a folder, asked of the link's target with stat but without opening or
 * listing it: the answer only decides whether the link is mentioned as a folder that was skipped.
 */
function isLinkToFolder(absolute: Buffer): boolean {
  try {
    return statSync(absolute).isDirectory();
  } catch {
    return false;
  }
}
