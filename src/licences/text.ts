/**
 * Licence statements in a card's markdown body: "License: …" lines and the first paragraph of a
 * "License" section, and which licences such a statement names.
 */
import { entryById, LICENCES, lookupLicence, type LicenceEntry } from './knowledge.js';
import { memoise } from './memo.js';

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

/** Finds licence statements in the body; `bodyLine` is the file line where the body starts. */
export function licenceStatements(body: string, bodyLine: number): LicenceStatement[] {
  const lines = body.split('\n');
  const out: LicenceStatement[] = [];
  let inFence = false;
  let inComment = false;
  for (let i = 0; i < lines.length && out.length < 20; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (FENCE.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    if (inComment) {
      if (line.includes('-->')) inComment = false;
      continue;
    }
    if (line.includes('<!--') && !line.includes('-->')) {
      inComment = true;
      continue;
    }
    const m = LINE.exec(line);
    if (m) {
      const value = (m[1] ?? '').replace(/\|\s*$/, '').replace(/^(\*\*|__)\s*$/, '').trim();
      if (value !== '') {
        out.push({ line: bodyLine + i, column: line.length - line.trimStart().length + 1, text: value, kind: 'value' });
        continue;
      }
      // "**License:**" alone on its line: the value is the next non-empty line.
      let j = i + 1;
      while (j < lines.length && lines[j].trim() === '') j++;
      if (j < lines.length && !ANY_HEADING.test(lines[j])) {
        const next = lines[j].replace(/\r$/, '');
        out.push({ line: bodyLine + j, column: next.length - next.trimStart().length + 1, text: next.trim(), kind: 'value' });
        i = j;
      }
      continue;
    }
    if (HEADING.test(line)) {
      // The section's first paragraph states the licence.
      let j = i + 1;
      while (j < lines.length && lines[j].trim() === '') j++;
      const start = j;
      const para: string[] = [];
      while (j < lines.length && lines[j].trim() !== '' && !ANY_HEADING.test(lines[j]) && !FENCE.test(lines[j]) && para.length < 6) {
        para.push(lines[j].trim());
        j++;
      }
      if (para.length > 0) {
        const first = lines[start].replace(/\r$/, '');
        const text = para.join(' ');
        // A section whose paragraph is a few words ("Gemma", "Apache 2.0") states the licence as a value.
        const kind = text.split(/\s+/).length <= 4 && !/[.!?;:]\s/.test(text) ? 'value' : 'prose';
        out.push({ line: bodyLine + start, column: first.length - first.trimStart().length + 1, text, kind });
      }
      i = j - 1;
    }
  }
  return out;
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
  prose: new Set([...SKIP_ALWAYS, 'cc', 'bsd', 'gpl', 'lgpl', 'qwen', 'deepseek', 'gemma', 'mrl', 'expat'])
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
  { re: /mistral\.ai\/licenses\/mrl/i, id: 'other:mrl' }
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

function licencesInTextOnce(text: string, kind: 'value' | 'prose'): TextLicences {
  const found: LicenceEntry[] = [];
  for (const { re, id } of URLS) {
    const m = re.exec(text);
    if (!m) continue;
    const entry = lookupLicence(id.replace('$1', m[1] ?? '').replace('$2', m[2] ?? '').toLowerCase());
    if (entry && !found.includes(entry)) found.push(entry);
  }
  let hay = words(text.replace(/\]\([^)]*\)/g, '] ').replace(/https?:\/\/\S+/g, ' '));
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
