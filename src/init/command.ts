/**
 * `model-release-gate init [cards...] [--hub-lookup]`: the file side of init (build.ts decides what
 * to write). A card gets its `release` block in place; a README.md without front matter gets a
 * `model-card.yaml` beside it. Nothing that exists is overwritten, so a second run changes nothing.
 */
import { lstat, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseCard, splitFrontMatter } from '../card/parse.js';
import { loadCard, newReadBudget, type CardFile } from '../card/read.js';
import { applyFixes } from '../fix/apply.js';
import { storedText } from '../fix/run.js';
import { gatherFiles } from '../gather.js';
import { escapeLogText } from '../report/escape.js';
import type { HubFacts } from '../types.js';
import { initFix, newCardText } from './build.js';

export interface InitIo {
  cwd: string;
  stdout: { write(chunk: string): unknown };
  /** Set with --hub-lookup: base models' licences are looked up and named in the block. */
  hub?: { hubUrl: string; token?: string };
}

const MAX_EDITS = 10;
const SIBLINGS = ['model-card.yaml', 'model-card.yml', 'model-card.json'];

function report(cwd: string, absolute: string): string {
  return path.relative(cwd, absolute).split(path.sep).join('/') || path.basename(absolute);
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false
  );
}

/** The cards and the plain README.md files the arguments name. */
async function targets(cwd: string, paths: string[]): Promise<{ cards: CardFile[]; readmes: string[]; notes: string[] }> {
  const cards: CardFile[] = [];
  const readmes: string[] = [];
  const notes: string[] = [];
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const stats = await lstat(absolute).catch(() => undefined);
    if (!stats) throw new Error(`no such file or folder: ${given}`);
    if (stats.isSymbolicLink()) {
      notes.push(`${given} is a symbolic link; links are never followed.`);
      continue;
    }
    const folder = stats.isDirectory() ? absolute : path.dirname(absolute);
    if (stats.isFile() && /\.md$/i.test(absolute) && splitFrontMatter(await readFile(absolute, 'utf8')) === null) {
      readmes.push(absolute);
      continue;
    }
    const found = await gatherFiles({ root: folder, paths: [stats.isDirectory() ? '.' : path.basename(absolute)], reportBase: cwd });
    notes.push(...found.errors);
    for (const file of found.files) {
      // A README.md without front matter is documentation: it gets a model-card.yaml beside it.
      if (/\.md$/i.test(file.absolute) && splitFrontMatter(await readFile(file.absolute, 'utf8')) === null) readmes.push(file.absolute);
      else cards.push(file);
    }
    const readme = stats.isDirectory() ? path.join(absolute, 'README.md') : absolute;
    if (stats.isDirectory() && !found.files.some((f) => f.absolute === readme) && !readmes.includes(readme) && (await exists(readme)))
      readmes.push(readme);
  }
  return { cards, readmes, notes };
}

export async function runInit(paths: string[], io: InitIo): Promise<number> {
  const say = (line: string): void => void io.stdout.write(`${escapeLogText(line, { maxLength: 2000 })}\n`);
  const { cards, readmes, notes } = await targets(io.cwd, paths);
  let hub: HubFacts | undefined;
  if (io.hub) {
    const loaded = (await Promise.all(cards.map((c) => loadCard(path.dirname(c.absolute), c)))).filter((c) => c !== null);
    const { lookupAncestry } = await import('../hub/lookup.js');
    const result = await lookupAncestry(loaded, { hubUrl: io.hub.hubUrl, token: io.hub.token });
    hub = result.facts;
    notes.push(...result.notes);
  }
  for (const file of cards) say(await initCard(file, hub));
  for (const readme of readmes) {
    const where = report(io.cwd, readme);
    const siblings = await Promise.all(SIBLINGS.map((s) => exists(path.join(path.dirname(readme), s))));
    if (siblings.some(Boolean)) {
      say(`${where}: a model-card file already sits beside it; nothing to add.`);
      continue;
    }
    const stats = await lstat(readme).catch(() => undefined);
    if (!stats?.isFile()) continue;
    const target = path.join(path.dirname(readme), 'model-card.yaml');
    // `wx`: never replace a file that appeared meanwhile.
    await writeFile(target, newCardText(await readFile(readme, 'utf8')), { encoding: 'utf8', flag: 'wx' });
    say(`${report(io.cwd, target)}: written beside ${where}, which has no front matter; fill in its TODO placeholders.`);
  }
  for (const note of notes) say(`note: ${note}`);
  return 0;
}

/** Adds what the card lacks, one edit at a time (each edit moves the lines the next is placed by). */
async function initCard(file: CardFile, hub?: HubFacts): Promise<string> {
  let edits = 0;
  for (; edits < MAX_EDITS; edits++) {
    const card = await loadCard(path.dirname(file.absolute), file, newReadBudget());
    if (!card || card.data === undefined)
      return `${file.reportPath}: its metadata does not parse; run \`model-release-gate check\` to see why.`;
    if (card.format === 'json') return `${file.reportPath}: a JSON card; add the \`release\` block by hand.`;
    const fix = initFix(card, undefined, hub);
    if (!fix) break;
    const raw = card.source === undefined ? undefined : await storedText(file.absolute, card.source);
    if (raw === undefined) return `${file.reportPath}: changed while it was read; not touched.`;
    const result = applyFixes(raw, [fix]);
    if (parseCard(file.reportPath, result.text, card.format).problems.length > 0)
      return `${file.reportPath}: no safe place for the release block was found; add it by hand.`;
    await writeFile(file.absolute, result.text, 'utf8');
  }
  if (edits === 0) return `${file.reportPath}: already has a release block with access and the required artefacts; nothing to add.`;
  return `${file.reportPath}: release block added; fill in its TODO placeholders (\`model-release-gate check\` lists them).`;
}
