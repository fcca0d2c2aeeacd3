/**
 * Reads card files safely: only regular files inside the root, never through a symbolic link,
 * within a size cap, as UTF-8 text. Anything else becomes a `card-parse` problem, not a read.
 */
import { lstat, open } from 'node:fs/promises';
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

/**
 * Checks that `absolute` lies inside `root` and that no path component below the root is a link.
 * Returns a message when it must not be read.
 */
export async function checkInsideRoot(root: string, absolute: string): Promise<string | undefined> {
  const relative = path.relative(root, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    return 'The file is outside the workspace; it was not read.';
  }
  let current = root;
  for (const part of relative.split(path.sep)) {
    current = path.join(current, part);
    let stats;
    try {
      stats = await lstat(current);
    } catch {
      return 'The file does not exist or cannot be read.';
    }
    if (stats.isSymbolicLink()) {
      return current === absolute
        ? 'The card is a symbolic link; links are never followed, so it was not read. Commit the card itself.'
        : 'The card lies under a folder that is a symbolic link; links are never followed, so it was not read.';
    }
    if (current === absolute && !stats.isFile()) return 'The card is not a regular file; it was not read.';
  }
  return undefined;
}

/**
 * Reads and parses one card. Returns null for a README.md found by a glob that has no front matter
 * (it is documentation, not a card).
 */
export async function loadCard(root: string, file: CardFile, budget: ReadBudget = newReadBudget()): Promise<ParsedCard | null> {
  const refusal = await checkInsideRoot(root, file.absolute);
  if (refusal) return refused(file, refusal);
  let handle;
  try {
    handle = await open(file.absolute, 'r');
  } catch {
    return refused(file, 'The card cannot be opened for reading.');
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return refused(file, 'The card is not a regular file; it was not read.');
    if (stats.size > READ_LIMITS.maxCardBytes) {
      return refused(file, `The card is ${stats.size} bytes, over the limit of ${READ_LIMITS.maxCardBytes} bytes; it was not read.`);
    }
    if (stats.size > budget.remainingBytes) {
      return refused(file, 'The run has already read its limit of card bytes; this card was not read.');
    }
    budget.remainingBytes -= stats.size;
    // Read at most one byte past the cap, in case the file grew after stat.
    const buffer = Buffer.alloc(Math.min(stats.size, READ_LIMITS.maxCardBytes) + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > READ_LIMITS.maxCardBytes) return refused(file, 'The card grew past the size limit while it was read.');
    const text = decodeCardText(buffer.subarray(0, bytesRead));
    if (text === null) return refused(file, 'The card is not UTF-8 text (it is binary or uses another encoding); it was not read.');
    if (isOptionalCard(file) && splitFrontMatter(text) === null) return null;
    return parseCard(file.reportPath, text);
  } finally {
    await handle.close();
  }
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
