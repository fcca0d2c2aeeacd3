/**
 * From paths or globs to parsed cards, and from cards to their base versions (`--base`).
 * Discovery and reading stay in src/card/ (links never followed, nothing read outside the root);
 * this module only decides what to ask for and how report paths are written.
 */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_CARD_GLOBS, discoverCards } from './card/discover.js';
import { loadCards, type CardFile } from './card/read.js';
import type { ParsedCard } from './types.js';

export interface GatherOptions {
  /** The folder nothing outside of is read (the working directory or the workspace). */
  root: string;
  /** Files or folders relative to `root`: a file is a card whatever its name, a folder is searched. */
  paths?: string[];
  /** Globs relative to `root` (the action's `cards` input); literal entries behave like `paths`. */
  patterns?: string[];
  /** The folder report paths are relative to. */
  reportBase: string;
}

export interface Gathered {
  cards: ParsedCard[];
  /** Refused patterns and paths that do not exist. */
  errors: string[];
  /** Folder links that were not entered (report paths). */
  skipped: string[];
}

export async function gatherCards(opts: GatherOptions): Promise<Gathered> {
  const found = await gatherFiles(opts);
  const cards = await loadCards(opts.root, found.files);
  return { cards, errors: found.errors, skipped: found.skipped };
}

/** What gatherCards would read, without reading it (the CLI reads card by card in the pipeline). */
export async function gatherFiles(opts: GatherOptions): Promise<{ files: CardFile[]; errors: string[]; skipped: string[] }> {
  const requested = [...(opts.paths ?? []), ...(opts.patterns ?? [])];
  const patterns = requested.length > 0 ? requested : DEFAULT_CARD_GLOBS;
  return discoverCards(opts.root, patterns, opts.reportBase);
}

/** True when `child` is `parent` or lies below it. */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(path.resolve(parent), path.resolve(child));
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}

/**
 * The base versions of the cards at `reportPaths` for the change rules: a card lying under `cardRoot`
 * is compared with the file at the same relative path under `baseRoot`. A missing base file means a
 * new card (no entry); a base that cannot be read or has no metadata gives no entry either, so that
 * nothing is compared with a broken file. Report paths are resolved against `reportBase`. Nothing
 * outside `baseRoot` is read and links are not followed there either.
 */
export async function gatherBasesOf(
  reportPaths: string[],
  baseRoot: string,
  cardRoot: string,
  reportBase: string = process.cwd()
): Promise<Map<string, ParsedCard>> {
  const files: CardFile[] = [];
  for (const reportPath of reportPaths) {
    const absolute = path.resolve(reportBase, reportPath);
    if (!isInside(cardRoot, absolute)) continue;
    const relative = path.relative(path.resolve(cardRoot), absolute);
    if (relative === '') continue;
    const candidate = path.join(path.resolve(baseRoot), relative);
    try {
      await lstat(candidate);
    } catch {
      continue;
    }
    // Keyed by the new card's report path: that is how the engine looks bases up.
    files.push({ absolute: candidate, reportPath, explicit: false });
  }
  const bases = new Map<string, ParsedCard>();
  for (const base of await loadCards(path.resolve(baseRoot), files)) {
    if (base.data !== undefined) bases.set(base.path, base);
  }
  return bases;
}
