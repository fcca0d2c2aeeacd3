/**
 * Reads card files safely: only regular files inside the root, never through a symbolic link,
 * within a size cap, as UTF-8 text. Anything else becomes a `card-parse` problem, not a read.
 */
import { constants, type Stats } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';
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
}

/** Shared across one run, so that the per-run byte budget holds over all cards. */
export interface ReadBudget {
  remainingBytes: number;
}

export function newReadBudget(): ReadBudget {
  return { remainingBytes: READ_LIMITS.maxRunBytes };
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

/**
 * Finds the first symbolic link on the way from `root` down to `absolute` (both included except the
 * root itself), using lstat only: nothing is opened and no link is resolved. Returns the
 * classification of the first link met, or undefined when the way is free of links.
 */
export async function linkOnPath(root: string, absolute: string): Promise<'target' | 'folder' | 'missing' | 'outside' | undefined> {
  const base = path.resolve(root);
  const target = path.resolve(absolute);
  const relative = path.relative(base, target);
  if (relative === '') return undefined;
  if (climbsOut(relative)) return 'outside';
  let current = base;
  for (const part of relative.split(path.sep)) {
    current = path.join(current, part);
    try {
      if ((await lstat(current)).isSymbolicLink()) return current === target ? 'target' : 'folder';
    } catch {
      return 'missing';
    }
  }
  return undefined;
}

/**
 * Checks that `absolute` lies inside `root`, that no path component below the root is a link and
 * that the file is a regular file (not a FIFO, socket or device, which could block or never end).
 * Returns a message when it must not be read. Only lstat is used: nothing is opened.
 */
export async function checkInsideRoot(root: string, absolute: string): Promise<string | undefined> {
  const relative = path.relative(path.resolve(root), path.resolve(absolute));
  if (relative === '' || climbsOut(relative)) return 'The file is outside the workspace; it was not read.';
  switch (await linkOnPath(root, absolute)) {
    case 'outside':
      return 'The file is outside the workspace; it was not read.';
    case 'missing':
      return 'The file does not exist or cannot be read.';
    case 'target':
      return 'The card is a symbolic link; links are never followed, so it was not read. Commit the card itself.';
    case 'folder':
      return 'The card lies under a folder that is a symbolic link; links are never followed, so it was not read.';
  }
  let stats;
  try {
    stats = await lstat(absolute);
  } catch {
    return 'The file does not exist or cannot be read.';
  }
  if (!stats.isFile()) return `The card is not a regular file (it is ${describeType(stats)}); it was not read.`;
  return undefined;
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
async function readPrefix(handle: FileHandle, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, filled);
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
  const refusal = await checkInsideRoot(root, file.absolute);
  if (refusal) return refused(file, refusal);
  let expected: Stats;
  try {
    expected = await lstat(file.absolute);
  } catch {
    return refused(file, 'The file does not exist or cannot be read.');
  }
  let handle: FileHandle;
  try {
    // O_NOFOLLOW: a link swapped in after the check is not followed; O_NONBLOCK: a FIFO swapped in
    // cannot block the open. The type is checked again on the open descriptor below.
    handle = await open(file.absolute, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch {
    return refused(file, 'The card cannot be opened for reading (it may be a symbolic link); it was not read.');
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return refused(file, `The card is not a regular file (it is ${describeType(stats)}); it was not read.`);
    if (stats.dev !== expected.dev || stats.ino !== expected.ino) return refused(file, 'The card changed while it was being read; it was not read.');
    if (stats.size > READ_LIMITS.maxCardBytes) {
      return refused(file, `The card is ${stats.size} bytes, over the limit of ${READ_LIMITS.maxCardBytes} bytes; it was not read.`);
    }
    if (stats.size > budget.remainingBytes) {
      return refused(file, 'The run has already read its limit of card bytes; this card was not read.');
    }
    budget.remainingBytes -= stats.size;
    // Read at most one byte past the cap, in case the file grew after stat.
    const bytes = await readPrefix(handle, Math.min(stats.size, READ_LIMITS.maxCardBytes) + 1);
    if (bytes.length > READ_LIMITS.maxCardBytes) return refused(file, 'The card grew past the size limit while it was read.');
    const text = decodeCardText(bytes);
    if (text === null) {
      // A README.md found by a glob is only a card when it has front matter: binary junk is not one.
      if (isOptionalCard(file) && !startsWithFence(bytes)) return null;
      return refused(file, describeUndecodable(bytes) ?? 'The card is not UTF-8 text; it was not read.');
    }
    if (isOptionalCard(file) && splitFrontMatter(text) === null) return null;
    return parseCard(file.reportPath, text);
  } finally {
    await handle.close();
  }
}

/** Whether undecodable bytes still open with `---` (after blank lines), i.e. mean to be a card. */
function startsWithFence(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x20 || bytes[i] === 0x09)) i++;
  return bytes[i] === 0x2d && bytes[i + 1] === 0x2d && bytes[i + 2] === 0x2d;
}

/** Loads many cards with bounded concurrency, keeping their order. */
export async function loadCards(root: string, files: CardFile[], concurrency = 16): Promise<ParsedCard[]> {
  const budget = newReadBudget();
  const results: (ParsedCard | null)[] = new Array(files.length).fill(null);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const index = next++;
      results[index] = await loadCard(root, files[index], budget);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  return results.filter((card): card is ParsedCard => card !== null);
}
