/**
 * Reads card files safely: only regular files inside the root, never through a symbolic link,
 * within a size cap, as UTF-8 text. Anything else becomes a `card-parse` problem, not a read.
 */
import pLimit from 'p-limit';
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { ParsedCard } from '../types.js';
import { decodeCardText, formatOf, parseCard, splitFrontMatter } from './parse.js';

export const READ_LIMITS = { maxCardBytes: 1024 * 1024, maxRunBytes: 256 * 1024 * 1024 };

export interface CardFile {
  /** Absolute path of the file. */
  absolute: string;
  /** Path shown in reports (relative, `/`-separated). */
  reportPath: string;
  /** Named explicitly (CLI argument, literal path in `cards`): a card whatever its name. */
  explicit: boolean;
  /**
   * Found by discovery's walk under the root it is read from: every folder on the way was listed as
   * a folder (lstat, never a link) moments before, so the reader does not lstat them again (one
   * call per card in a folder of its own: 5 % of a run over 10,000 small cards). The card itself
   * is still lstat'ed and opened without following a link.
   */
  walked?: boolean;
}

/** Shared across one run, so that the per-run byte budget holds over all cards. */
export interface ReadBudget {
  remainingBytes: number;
  /**
   * What lstat said of each folder on the way to a card, for this run: thousands of cards share the
   * same few parent folders, and asking again for each card was a large part of the read time.
   */
  folders?: Map<string, FolderState>;
}

/** A folder below the root: a real folder (or other non-link entry), a symbolic link, or missing. */
type FolderState = 'plain' | 'link' | 'missing';

/** Past this many entries the folder cache starts again, so that memory stays flat on huge trees. */
const MAX_CACHED_FOLDERS = 4096;

export function newReadBudget(): ReadBudget {
  return { remainingBytes: READ_LIMITS.maxRunBytes, folders: new Map() };
}

function refused(file: CardFile, message: string): ParsedCard {
  return {
    path: file.reportPath,
    format: formatOf(file.absolute),
    body: '',
    bodyLine: 1,
    lineCount: 1,
    problems: [{ line: 1, column: 1, message }],
    locate: () => undefined
  };
}

/** True when the file name makes front matter optional-to-be-a-card (a README without it is ignored). */
function isOptionalCard(file: CardFile): boolean {
  return !file.explicit && path.basename(file.absolute) === 'README.md';
}

/** True when `relative` (from path.relative) leaves its base: `..`, `../x` or another drive. */
function climbsOut(relative: string): boolean {
  return relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
}

type LinkVerdict = 'target' | 'folder' | 'missing' | 'outside' | undefined;

function folderState(folder: string, cache: Map<string, FolderState> | undefined): FolderState {
  const known = cache?.get(folder);
  if (known !== undefined) return known;
  let state: FolderState;
  try {
    state = lstatSync(folder).isSymbolicLink() ? 'link' : 'plain';
  } catch {
    state = 'missing';
  }
  if (cache) {
    if (cache.size >= MAX_CACHED_FOLDERS) cache.clear();
    cache.set(folder, state);
  }
  return state;
}

/**
 * The walk behind linkOnPath: the folders from the root down (cached per run when a cache is given),
 * then the target itself, which is never cached; returns its lstat result when the way is free.
 */
function walkToTarget(
  root: string,
  absolute: string,
  cache?: Map<string, FolderState>,
  foldersListed = false
): { verdict: LinkVerdict; stats?: Stats } {
  const base = path.resolve(root);
  const target = path.resolve(absolute);
  const relative = path.relative(base, target);
  if (relative === '') return { verdict: undefined };
  if (climbsOut(relative)) return { verdict: 'outside' };
  const parts = relative.split(path.sep);
  let current = base;
  for (let i = 0; i < (foldersListed ? 0 : parts.length - 1); i++) {
    current = path.join(current, parts[i]);
    const state = folderState(current, cache);
    if (state === 'link') return { verdict: 'folder' };
    if (state === 'missing') return { verdict: 'missing' };
  }
  let stats: Stats;
  try {
    stats = lstatSync(target);
  } catch {
    return { verdict: 'missing' };
  }
  return stats.isSymbolicLink() ? { verdict: 'target' } : { verdict: undefined, stats };
}

/**
 * Finds the first symbolic link on the way from `root` down to `absolute` (both included except the
 * root itself), using lstat only: nothing is opened and no link is resolved. Returns the
 * classification of the first link met, or undefined when the way is free of links.
 */
export async function linkOnPath(root: string, absolute: string): Promise<LinkVerdict> {
  return walkToTarget(root, absolute).verdict;
}

/**
 * The refusal for a path, or the file's lstat when it may be read: inside the root, no link on the
 * way, a regular file. Only lstat is used: nothing is opened.
 */
function inspect(
  root: string,
  absolute: string,
  cache?: Map<string, FolderState>,
  foldersListed = false
): { refusal: string; stats?: undefined } | { refusal?: undefined; stats: Stats } {
  const relative = path.relative(path.resolve(root), path.resolve(absolute));
  if (relative === '' || climbsOut(relative)) return { refusal: 'The file is outside the workspace; it was not read.' };
  const walk = walkToTarget(root, absolute, cache, foldersListed);
  switch (walk.verdict) {
    case 'outside':
      return { refusal: 'The file is outside the workspace; it was not read.' };
    case 'missing':
      // Discovery hands on a name that is not valid UTF-8 with U+FFFD in place of its bad bytes.
      if (absolute.includes('\uFFFD'))
        return { refusal: 'The file name is not valid UTF-8, so the card cannot be read safely; rename it with a UTF-8 name.' };
      return { refusal: 'The file does not exist or cannot be read.' };
    case 'target':
      return { refusal: 'The card is a symbolic link; links are never followed, so it was not read. Commit the card itself.' };
    case 'folder':
      return { refusal: 'The card lies under a folder that is a symbolic link; links are never followed, so it was not read.' };
  }
  const stats = walk.stats!;
  if (!stats.isFile()) return { refusal: `The card is not a regular file (it is ${describeType(stats)}); it was not read.` };
  return { stats };
}

/**
 * Checks that `absolute` lies inside `root`, that no path component below the root is a link and
 * that the file is a regular file (not a FIFO, socket or device, which could block or never end).
 * Returns a message when it must not be read. Only lstat is used: nothing is opened.
 */
export async function checkInsideRoot(root: string, absolute: string): Promise<string | undefined> {
  return inspect(root, absolute).refusal;
}

function describeType(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'not a file';
}

/**
 * Why bytes cannot be a UTF-8 card, in words a reviewer can act on; undefined when they can.
 * UTF-16/32 are recognised by their byte-order mark or by NULs between ASCII letters.
 */
export function describeUndecodable(bytes: Uint8Array): string | undefined {
  if (decodeCardText(bytes) !== null) return undefined;
  const starts = (...prefix: number[]): boolean => prefix.every((b, i) => bytes[i] === b);
  if (starts(0xff, 0xfe, 0, 0) || starts(0, 0, 0xfe, 0xff)) return 'The card is encoded as UTF-32; save it as UTF-8. It was not read.';
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) return 'The card is encoded as UTF-16; save it as UTF-8. It was not read.';
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    // ASCII text in UTF-16 without a BOM alternates letters and NULs.
    const sample = bytes.subarray(0, Math.min(bytes.length, 64));
    let alternating = sample.length >= 4;
    for (let i = 0; i + 1 < sample.length && alternating; i += 2) {
      if (!((sample[i] === 0) !== (sample[i + 1] === 0))) alternating = false;
    }
    if (alternating) return 'The card appears to be encoded as UTF-16 (no byte-order mark); save it as UTF-8. It was not read.';
    return `The card is a binary file (it contains a NUL byte at offset ${nul}), not UTF-8 text; it was not read.`;
  }
  return `The card is not valid UTF-8 text (first bad byte near offset ${firstInvalidUtf8(bytes)}); save it as UTF-8. It was not read.`;
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, surrogates or > U+10FFFF). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    // The second byte's range depends on the lead byte; the others are plain continuations.
    const low = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const high = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    if (bytes[i + 1] < low || bytes[i + 1] > high) return i;
    for (let k = 2; k < length; k++) if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return i;
    i += length;
  }
  return i;
}

/** Reads up to `length` bytes from the start of an open file, looping over short reads. */
function readPrefix(fd: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const bytesRead = readSync(fd, buffer, filled, length - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

/**
 * Reads and parses one card. Returns null for a README.md found by a glob that has no front matter
 * (it is documentation, not a card).
 */
export async function loadCard(root: string, file: CardFile, budget: ReadBudget = newReadBudget()): Promise<ParsedCard | null> {
  return loadCardNow(root, file, budget);
}

/**
 * loadCard's work, with synchronous system calls: a card is small and local, and a round trip
 * through the thread pool per call cost several times the read itself on a corpus of thousands.
 * Nothing here can block: a FIFO or device is refused by lstat before any open, and the open uses
 * O_NONBLOCK in case one is swapped in.
 */
function loadCardNow(root: string, file: CardFile, budget: ReadBudget): ParsedCard | null {
  const inspected = inspect(root, file.absolute, budget.folders, file.walked === true);
  if (inspected.refusal !== undefined) return refused(file, inspected.refusal);
  const expected = inspected.stats;
  let fd: number;
  try {
    // O_NOFOLLOW: a link swapped in after the check is not followed; O_NONBLOCK: a FIFO swapped in
    // cannot block the open. The type is checked again on the open descriptor below.
    fd = openSync(file.absolute, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch {
    return refused(file, 'The card cannot be opened for reading (it may be a symbolic link); it was not read.');
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return refused(file, `The card is not a regular file (it is ${describeType(stats)}); it was not read.`);
    if (stats.dev !== expected.dev || stats.ino !== expected.ino)
      return refused(file, 'The card changed while it was being read; it was not read.');
    if (stats.size > READ_LIMITS.maxCardBytes) {
      return refused(file, `The card is ${stats.size} bytes, over the limit of ${READ_LIMITS.maxCardBytes} bytes; it was not read.`);
    }
    if (stats.size > budget.remainingBytes) {
      return refused(file, 'The run has already read its limit of card bytes; this card was not read.');
    }
    budget.remainingBytes -= stats.size;
    // Read at most one byte past the cap, in case the file grew after stat.
    const bytes = readPrefix(fd, Math.min(stats.size, READ_LIMITS.maxCardBytes) + 1);
    if (bytes.length > READ_LIMITS.maxCardBytes) return refused(file, 'The card grew past the size limit while it was read.');
    const text = decodeCardText(bytes);
    // Bytes that are not UTF-8 text are a card-parse finding whatever the file's name: a README.md in
    // UTF-16 cannot be told apart from a card by its front matter, and ignoring it would let it pass.
    if (text === null) return refused(file, describeUndecodable(bytes) ?? 'The card is not UTF-8 text; it was not read.');
    if (isOptionalCard(file) && splitFrontMatter(text) === null) return null;
    return parseCard(file.reportPath, text);
  } finally {
    closeSync(fd);
  }
}

/** Loads many cards with bounded concurrency (p-limit), keeping their order. */
export async function loadCards(root: string, files: CardFile[], concurrency = 16): Promise<ParsedCard[]> {
  const budget = newReadBudget();
  const limit = pLimit(concurrency);
  const results = await Promise.all(files.map((file) => limit(() => loadCard(root, file, budget))));
  return results.filter((card): card is ParsedCard => card !== null);
}
