/**
 * Licence statements in a card's markdown body: "License: …" lines and the first paragraph of a
 * "License" section, and which licences such a statement names.
 */
import { entryById, LICENCES, lookupLicence, type LicenceEntry } from './knowledge.js';
import { proseFilter } from './markdown.js';
import { memoise } from './memo.js';
import { head, TEXT_LIMITS } from '../text-limits.js';

export interface LicenceStatement {
  /** 1-based line in the card file. */
  line: number;
  column: number;
  text: string;
  /**
   * value: the statement is the value of a "License:" line or a short licence section, so a bare
   * licence word such as `gemma` names that licence; prose: a paragraph, where bare words are ambiguous.
   */
  kind: 'value' | 'prose';
}

const LINE = /^\s*(?:[-*+]\s+)?(?:\|\s*)?(?:\*\*|__)?\s*licen[cs]e(?:\s+type)?\s*(?:\*\*|__)?\s*[:：|]\s*(?:\*\*|__)?\s*(\S.*)?$/i;
const HEADING = /^\s{0,3}#{1,6}\s+(?:model\s+)?licen[cs](?:e|es|ing)\b.*$/i;
const ANY_HEADING = /^\s{0,3}#{1,6}\s/;
const FENCE = /^\s*(```|~~~)/;
/** A line that might hold a statement: every pattern below needs one of these words. */
const MENTION = /licen[cs]|\bunder\b/i;

/** Finds licence statements in the body; `bodyLine` is the file line where the body starts. */
export function licenceStatements(body: string, bodyLine: number): LicenceStatement[] {
  // Each line is capped and its whitespace runs folded to one space before any pattern sees it, so
  // that adjacent `\s*` in the patterns can never rescan a long run (linear time on any body).
  // Lines are examined lazily: most name no licence, and folding every line of every card was a large
  // share of a big run's time and garbage.
  const raw = body.split('\n', TEXT_LIMITS.bodyLines);
  const examinedLines: ({ line: string; column: number } | undefined)[] = new Array<undefined>(raw.length);
  const lines = { length: raw.length, at: (k: number) => (examinedLines[k] ??= examined(raw[k])) };
  const out: LicenceStatement[] = [];
  const hidden = proseFilter();
  for (let i = 0; i < lines.length && out.length < 20; i++) {
    const capped = head(raw[i], TEXT_LIMITS.lineChars);
    if (hidden.skip(capped)) continue;
    // Every statement pattern needs "licence"/"license" or the word "under": other lines only move the filter.
    if (!MENTION.test(capped)) continue;
    const { line, column } = lines.at(i);
    const m = LINE.exec(line);
    if (m) {
      const value = (m[1] ?? '')
        .replace(/\|\s*$/, '')
        .replace(/^(\*\*|__)\s*$/, '')
        .trim();
      if (value !== '') {
        out.push({ line: bodyLine + i, column, text: value, kind: 'value' });
        continue;
      }
      // "**License:**" alone on its line: the value is the next non-empty line.
      let j = i + 1;
      while (j < lines.length && lines.at(j).line.trim() === '') j++;
      if (j < lines.length && !ANY_HEADING.test(lines.at(j).line)) {
        out.push({ line: bodyLine + j, column: lines.at(j).column, text: lines.at(j).line.trim(), kind: 'value' });
        i = j;
      }
      continue;
    }
    if (HEADING.test(line)) {
      // The section's first paragraph states the licence.
      let j = i + 1;
      while (j < lines.length && lines.at(j).line.trim() === '') j++;
      const start = j;
      const para: string[] = [];
      while (
        j < lines.length &&
        lines.at(j).line.trim() !== '' &&
        !ANY_HEADING.test(lines.at(j).line) &&
        !FENCE.test(lines.at(j).line) &&
        para.length < 6
      ) {
        para.push(lines.at(j).line.trim());
        j++;
      }
      if (para.length > 0) {
        const text = para.join(' ');
        // A section whose paragraph is a few words ("Gemma", "Apache 2.0") states the licence as a value.
        const kind = text.split(/\s+/).length <= 4 && !/[.!?;:]\s/.test(text) ? 'value' : 'prose';
        out.push({ line: bodyLine + start, column: lines.at(start).column, text, kind });
      }
      i = j - 1;
      continue;
    }
    const stated = badgeOrSentence(line.slice(0, 2_000));
    if (stated) out.push({ line: bodyLine + i, column, ...stated });
  }
  return out;
}

/** A shields.io licence badge: `![License: MIT](…)` or `…/badge/License-Apache_2.0-blue.svg`. */
const BADGE_ALT = /!\[\s*licen[cs]e\s*[:：-]\s*([^\]]{1,60})\]/i;
const BADGE_PATH = /img\.shields\.io\/badge\/licen[cs]e-([^-/)\s]{1,60})-/i;
/** "The weights are released under MIT", "this model is licensed under the Apache 2.0 license". */
const SENTENCE =
  /\b(?:released|licensed|available|distributed|provided|published|shared)\s+under\s+(?:the\s+|an?\s+)?((?:[^.;:()\n]|\.(?=\S)){2,80})/i;
const SUBJECT = /\b(?:model|models|weights|checkpoints?|adapters?|lora)\b/i;
const OTHER_SUBJECT = /\b(?:code|codebase|scripts?|software|dataset|datasets|data|repository|demo|paper|images?|outputs?)\b/i;

/** A licence a badge or a sentence about the model's weights states; undefined when the line has neither. */
function badgeOrSentence(line: string): { text: string; kind: LicenceStatement['kind'] } | undefined {
  const alt = BADGE_ALT.exec(line);
  if (alt) return { text: alt[1].trim(), kind: 'value' };
  const badge = BADGE_PATH.exec(line);
  if (badge) return { text: decodeBadge(badge[1]), kind: 'value' };
  const m = SENTENCE.exec(line);
  if (!m) return undefined;
  // The statement must be about the model (not its code or data): read the words before the verb, in its sentence.
  const before = line.slice(Math.max(0, line.lastIndexOf('. ', m.index) + 1), m.index);
  if (!SUBJECT.test(before) || OTHER_SUBJECT.test(before)) return undefined;
  return { text: m[1].trim(), kind: 'prose' };
}

function decodeBadge(segment: string): string {
  let text = segment.replace(/_/g, ' ').replace(/--/g, '-');
  try {
    text = decodeURIComponent(text);
  } catch {
    // a stray % stays as written
  }
  return text.trim();
}

/** A body line as the patterns see it: without its CR, capped, whitespace runs folded; and its 1-based first column. */
function examined(raw: string): { line: string; column: number } {
  const capped = head(raw, TEXT_LIMITS.lineChars).replace(/\r$/, '');
  const rest = capped.trimStart();
  const indent = capped.length - rest.length;
  // Indentation stays up to four characters (four or more make an indented code block, not a heading).
  const line = capped.slice(0, Math.min(indent, 4)) + rest.replace(/\s+/g, ' ');
  return { line, column: indent + 1 };
}

/** `text` with markdown link targets `](…)` dropped, in one pass (a `\]\([^)]*\)` regex rescans on every unclosed `](`). */
function dropLinkTargets(text: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const open = text.indexOf('](', from);
    if (open < 0) break;
    const close = text.indexOf(')', open + 2);
    // No `)` after this `](`: none after any later one either.
    if (close < 0) break;
    out += text.slice(from, open) + '] ';
    from = close + 1;
  }
  return out + text.slice(from);
}

function words(s: string): string {
  return ` ${s
    .toLowerCase()
    .replace(/licence/g, 'license')
    .replace(/\bv(?=\d)/g, '')
    .replace(/[^a-z0-9.+]+/g, ' ')
    .replace(/(\D)\.(?=\s|$)/g, '$1 ')
    .replace(/\.(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()} `;
}

/**
 * Phrases that name a licence, longest first, built on first use. In prose, bare common words (a model
 * family such as `gemma`, or `gpl` without a version) are left out: "fine-tuned from Gemma" names no
 * licence. As the value of a "License:" line they do name one; only words that name no single licence
 * in any position (`other`, `unknown`, "public domain") are left out there.
 */
type PhraseTable = { phrase: string; entry: LicenceEntry }[];
const phraseTables = new Map<'value' | 'prose', PhraseTable>();
const SKIP_ALWAYS = ['other', 'unknown', 'public domain'];
const SKIP: Record<'value' | 'prose', ReadonlySet<string>> = {
  value: new Set(SKIP_ALWAYS),
  prose: new Set([...SKIP_ALWAYS, 'cc', 'bsd', 'gpl', 'lgpl', 'qwen', 'deepseek', 'gemma', 'mrl', 'expat', 'exaone', 'faipl', 'mnpl'])
};
function phrases(kind: 'value' | 'prose'): PhraseTable {
  const cached = phraseTables.get(kind);
  if (cached) return cached;
  const skip = SKIP[kind];
  const table: { phrase: string; entry: LicenceEntry }[] = [];
  const seen = new Set<string>();
  for (const entry of LICENCES) {
    if (entry.id === 'other' || entry.id === 'unknown') continue;
    const names = [entry.id, entry.name, ...entry.aliases, ...entry.spdx, entry.hubId ?? ''];
    for (const name of names) {
      const phrase = words(name).trim();
      if (phrase.length < 3 || skip.has(phrase) || seen.has(phrase)) continue;
      seen.add(phrase);
      table.push({ phrase, entry });
    }
  }
  // Stable sort: equal lengths keep the table's order, as before.
  table.sort((a, b) => b.phrase.length - a.phrase.length);
  phraseTables.set(kind, table);
  return table;
}

const URLS: { re: RegExp; id: string }[] = [
  { re: /creativecommons\.org\/licenses\/(by(?:-nc)?(?:-nd|-sa)?)\/([0-9.]+)/i, id: 'cc-$1-$2' },
  { re: /creativecommons\.org\/publicdomain\/zero\/1\.0/i, id: 'cc0-1.0' },
  { re: /apache\.org\/licenses\/license-2\.0/i, id: 'apache-2.0' },
  { re: /opensource\.org\/licenses\/([a-z0-9.-]+)/i, id: '$1' },
  { re: /ai\.google\.dev\/gemma\/terms/i, id: 'gemma' },
  { re: /mistral\.ai\/licenses\/mrl/i, id: 'other:mrl' },
  { re: /mistral\.ai\/licenses\/mnpl/i, id: 'other:mnpl' },
  { re: /tongyi(?:%20|[\s_-])qianwen(?:%20|[\s_-])research/i, id: 'other:tongyi-qianwen-research' },
  { re: /tongyi(?:%20|[\s_-])qianwen(?:%20|[\s_-])licen[cs]e/i, id: 'other:tongyi-qianwen' },
  { re: /llama\.(?:meta\.)?com\/llama(3_[1-3]|4)\/licen[cs]e/i, id: 'llama$1' },
  { re: /llama\.(?:meta\.)?com\/llama3\/licen[cs]e/i, id: 'llama3' },
  { re: /ai\.meta\.com\/llama\/licen[cs]e/i, id: 'llama2' },
  { re: /stability\.ai\/(?:community-)?licen[cs]e/i, id: 'other:stabilityai-ai-community' }
];

export interface TextLicences {
  entries: LicenceEntry[];
  /** The statement says non-commercial or research-only in words. */
  nonCommercial: boolean;
}

/** The licences a statement names; `kind` says whether it is a licence value or prose (see LicenceStatement). */
export function licencesInText(text: string, kind: 'value' | 'prose' = 'prose'): TextLicences {
  const { entries, nonCommercial } = licencesInTextMemo(text, kind);
  return { entries: [...entries], nonCommercial };
}

/** Per statement text and kind (both in the key): "License: apache-2.0" recurs across a corpus, and every phrase of the table is tried on it. */
const licencesInTextMemo = memoise(licencesInTextOnce, (r) => r.entries.every((e) => entryById(e.id) === e));

function licencesInTextOnce(full: string, kind: 'value' | 'prose'): TextLicences {
  const text = head(full, TEXT_LIMITS.statementChars);
  const found: LicenceEntry[] = [];
  for (const { re, id } of URLS) {
    const m = re.exec(text);
    if (!m) continue;
    const entry = lookupLicence(
      id
        .replace('$1', (m[1] ?? '').replace('_', '.'))
        .replace('$2', m[2] ?? '')
        .toLowerCase()
    );
    if (entry && !found.includes(entry)) found.push(entry);
  }
  let hay = words(dropLinkTargets(text).replace(/https?:\/\/\S+/g, ' '));
  for (const { phrase, entry } of phrases(kind)) {
    const needle = ` ${phrase} `;
    if (!hay.includes(needle)) continue;
    if (!found.includes(entry)) found.push(entry);
    hay = hay.split(needle).join(' | ');
  }
  const nonCommercial = /\bnon[\s-]?commercial\b|\bresearch[\s-](?:purposes?\s+)?only\b|\bnot\s+for\s+commercial\b/i.test(text);
  return { entries: found, nonCommercial };
}

/** Whether two entries name the same licence, or one is the family the other belongs to (`gpl` / `gpl-3.0`). */
export function sameLicence(a: LicenceEntry, b: LicenceEntry): boolean {
  if (a.id === b.id) return true;
  const [family, member] = a.familyOnly ? [a, b] : b.familyOnly ? [b, a] : [undefined, undefined];
  if (!family || !member) return false;
  if (family.id === 'openrail') return member.families.includes('openrail');
  if (family.id === 'llama-family') return member.families.includes('llama');
  return member.id.startsWith(`${family.id}-`);
}

/** The first licence the card's text states (a "License:" line, a licence section, a badge or a sentence), with its line. */
export function statedLicence(body: string, bodyLine: number): { entry: LicenceEntry; line: number; text: string } | undefined {
  for (const statement of licenceStatements(body, bodyLine)) {
    const [entry] = licencesInText(statement.text, statement.kind).entries;
    if (entry) return { entry, line: statement.line, text: statement.text };
  }
  return undefined;
}

/** "The card text states the MIT licence (line 12): declare it as `license: mit`." or ''. */
export function statedLicenceHint(body: string, bodyLine: number): string {
  const stated = statedLicence(body, bodyLine);
  if (!stated) return '';
  const declaration = stated.entry.hubId
    ? `\`license: ${stated.entry.hubId}\``
    : `\`license: other\` with \`license_name: ${stated.entry.id}\``;
  return ` The card text states the ${stated.entry.name} (line ${stated.line}): declare it as ${declaration}.`;
}
