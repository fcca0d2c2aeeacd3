/**
 * Ancestry the way a reviewer reads it: model families recognised by name (in base ids, tags, titles)
 * and base models named only in the card's prose ("a LoRA fine-tune of meta-llama/Llama-2-7b-hf",
 * "based on LLaMA"). Hand-written: no library reads model lineage out of prose. Every scan is bounded
 * (capped body, line and window lengths) and linear: lines are split once, phrases found with
 * indexOf, and the family patterns have no nested quantifiers.
 */
import families from './families.json' with { type: 'json' };
import { offlineLicenceOf } from './ancestry.js';
import { proseFilter } from './markdown.js';

export interface FamilyEntry {
  match: string;
  licence: string;
  label: string;
  proseOnly?: boolean;
  examples?: { match: string[]; near: string[] };
}

export const FAMILIES: readonly FamilyEntry[] = (families as { families: FamilyEntry[] }).families;
const FAMILY_RES = FAMILIES.map((f) => ({ entry: f, re: new RegExp(f.match) }));

const MAX_NAME = 300;
const MAX_BODY = 30_000;
const MAX_LINE = 2_000;
const WINDOW = 120;
const MAX_BASES = 4;

/** Lower case, spaces and underscores read as hyphens: "Llama 3.1" and "llama_3.1" are "llama-3.1". */
function normalise(name: string): string {
  return name
    .slice(0, MAX_NAME)
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

export interface FamilyMatch {
  family: FamilyEntry;
  /** Where in the normalised text it was found. */
  index: number;
}

/** The first family (in table order) a name names; `prose` admits the families too ambiguous in a bare tag. */
export function familyOf(name: string, prose = false): FamilyMatch | undefined {
  const text = normalise(name);
  for (const { entry, re } of FAMILY_RES) {
    if (entry.proseOnly && !prose) continue;
    const m = re.exec(text);
    if (m) return { family: entry, index: m.index };
  }
  return undefined;
}

/**
 * Phrases after which a reviewer reads the model's parent. Longest first is not needed: the earliest
 * phrase in a sentence wins, and each is followed by a bounded window.
 */
const TRIGGERS = [
  'fine-tuned from',
  'finetuned from',
  'fine tuned from',
  'fine-tuned version of',
  'finetuned version of',
  'fine-tune of',
  'finetune of',
  'fine-tuned on top of',
  'by fine-tuning',
  'by finetuning',
  'fine-tuning of',
  'tuning of',
  'instruction-tuned version of',
  'based on',
  'built on top of',
  'built on',
  'built upon',
  'on top of',
  'derived from',
  'adapted from',
  'adaptation of',
  'adapter for',
  'adapter of',
  'adapters for',
  'lora for',
  'lora of',
  'lora fine-tune of',
  'quantized from',
  'quantised from',
  'quantized version of',
  'quantised version of',
  'quantization of',
  'quantisation of',
  'quantizations of',
  'quantisations of',
  'quants of',
  'gguf format model files for',
  'model files for',
  'conversion of',
  'converted from',
  'merge of',
  'merged from',
  'distilled from',
  'distillation of',
  'initialized from',
  'initialised from',
  'initialized with the weights of',
  'continued pre-training of',
  'continued pretraining of',
  'further trained from',
  'trained from',
  'version of',
  'finetuned from model',
  'fine-tuned from model',
  'base model:',
  'base model is',
  'original model:',
  'original model is',
  'format from',
  'quant of',
  'weights for',
  'continued from'
];

/** Words before the family ("based on the same data as Llama 2") or right after it ("the Llama tokenizer") that make it no parent. */
const NOT_A_PARENT_BEFORE =
  /\b(?:tokeni[sz]er|architecture|template|format|prompt|dataset|data|recipe|paper|method|approach|benchmark|style|same)\b/;
const NOT_A_PARENT_AFTER = /^\S*\s+(?:\S+\s+)?(?:tokeni[sz]er|architecture|chat template|template|prompt format|format)\b/;

export interface ProseBase {
  /** A Hub id named in the sentence, or the family's label. */
  id: string;
  /** The licence expression it binds with (from the offline table or the family); '' when only the Hub may know. */
  licence: string;
  /** 'model-id' when the sentence names a Hub id the table knows; 'family' when it names a family. */
  kind: 'model-id' | 'family';
  /** The sentence, trimmed to at most 200 characters. */
  sentence: string;
  /** 1-based line of the card file. */
  line: number;
}

const HUB_URL = /https?:\/\/(?:www\.)?huggingface\.co\/(?!datasets\/|spaces\/|docs\/|blog\/)/gi;
const URL = /https?:\/\/\S+/g;
/** A model id worth asking the Hub about: the name carries a digit or a hyphen ("and/or" and "input/output" do not), and is no file. */
const LOOKS_LIKE_MODEL = /^[A-Za-z0-9][\w.-]{1,60}\/(?=[\w.-]*[0-9-])(?![\w.-]*\.(?:py|md|json|txt|git|ipynb|yaml|yml|sh)$)[\w.-]{3,95}$/;

/** `org/name` as the Hub spells ids; bounded lengths keep it linear. */
const HUB_ID = /(?<![\w./-])([A-Za-z0-9][\w.-]{1,60})\/([A-Za-z0-9][\w.-]{1,95})/g;

/** Hub ids and families named in the window after a trigger; ids the table knows come first. */
function basesInWindow(window: string): { id: string; licence: string; kind: ProseBase['kind'] }[] {
  const out: { id: string; licence: string; kind: ProseBase['kind'] }[] = [];
  const text = window.replace(HUB_URL, ' ').replace(URL, ' ');
  let lookup: string | undefined;
  for (const m of text.matchAll(HUB_ID)) {
    const id = `${m[1]}/${m[2].replace(/[.-]+$/, '')}`;
    const known = offlineLicenceOf(id);
    const family = known ? undefined : familyOf(id);
    if (known || family) return [{ id, licence: known?.licence ?? family!.family.licence, kind: 'model-id' }];
    // An id the table does not know, right after the phrase, is kept without a licence: the Hub lookup may know it.
    if (!lookup && m.index !== undefined && m.index <= 8 && LOOKS_LIKE_MODEL.test(id)) lookup = id;
  }
  const family = familyOf(text, true);
  if (family && family.index <= 40) {
    // "based on the Llama architecture" or "on the same data as Llama 2" names a design or a neighbour, not a parent.
    const flat = normalise(text).replace(/-/g, ' ');
    const before = flat.slice(0, family.index);
    const after = flat.slice(family.index, family.index + 60);
    if (!NOT_A_PARENT_BEFORE.test(before) && !NOT_A_PARENT_AFTER.test(after))
      out.push({ id: family.family.label, licence: family.family.licence, kind: 'family' });
  }
  if (out.length === 0 && lookup) out.push({ id: lookup, licence: '', kind: 'model-id' });
  return out;
}

/**
 * The triggers as one alternation in table order: a regular expression reports the leftmost match
 * and, at that offset, the first alternative that matches — the earliest phrase, ties to the table's
 * order, as one indexOf per phrase did, in one pass instead of sixty (plain phrases: linear).
 */
const TRIGGER_RE = new RegExp(TRIGGERS.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
/** The same phrases in any case: lines without one are not split into sentences at all. */
const TRIGGER_ANY_CASE = new RegExp(TRIGGER_RE.source, 'i');

function firstTrigger(lower: string): { at: number; end: number } | undefined {
  const m = TRIGGER_RE.exec(lower);
  return m ? { at: m.index, end: m.index + m[0].length } : undefined;
}

/** Base models named in the card's prose: at most a few, each with the sentence it came from. */
export function proseBases(body: string, bodyLine: number): ProseBase[] {
  const out: ProseBase[] = [];
  const seen = new Set<string>();
  const lines = body.slice(0, MAX_BODY).split('\n');
  const hidden = proseFilter();
  for (let i = 0; i < lines.length && out.length < MAX_BASES; i++) {
    const line = lines[i].slice(0, MAX_LINE);
    if (hidden.skip(line) || !TRIGGER_ANY_CASE.test(line)) continue;
    for (const sentence of line.split(/(?<=[.!?])\s+(?=[A-Z*#[(])/)) {
      const lower = sentence.toLowerCase();
      const trigger = firstTrigger(lower);
      if (!trigger) continue;
      // toLowerCase keeps ASCII offsets; the window is cut from the original so ids keep their case.
      const window = (lower.length === sentence.length ? sentence : lower).slice(trigger.end, trigger.end + WINDOW);
      for (const base of basesInWindow(window)) {
        const key = base.licence || base.id.toLowerCase();
        if (seen.has(key)) continue;
        seen.add(key);
        const trimmed = sentence.trim();
        out.push({ ...base, sentence: trimmed.length > 200 ? `${trimmed.slice(0, 197)}…` : trimmed, line: bodyLine + i });
      }
      if (out.length >= MAX_BASES) break;
    }
  }
  return out;
}
