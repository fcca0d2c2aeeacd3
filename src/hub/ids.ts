/**
 * Which Hub model and dataset ids a card depends on, and whether an id is safe to put into a Hub API
 * URL. An id is only ever requested after it passed `parseModelId` or `parseDatasetId`; anything else
 * is skipped.
 */
import { proseBases } from '../licences/prose.js';
import { isRecord, releaseOf, strList } from '../meta.js';
import type { ParsedCard } from '../types.js';

export interface ModelId {
  owner: string;
  name: string;
  /** `owner/name` as written (trimmed). */
  id: string;
}

/** A Hub dataset id: `owner/name`, or a legacy canonical dataset's bare `name` (`squad`, `imdb`). */
export interface DatasetId {
  owner?: string;
  name: string;
  /** As written (trimmed). */
  id: string;
}

/**
 * Namespaces the Hub keeps for its own pages (`huggingface.co/datasets/…`, `/spaces/…`): no user or
 * organisation has them, and refusing them keeps a model's facts apart from the `datasets/<id>` keys.
 */
const RESERVED_OWNERS = new Set(['datasets', 'spaces']);

/** Where a card names a model it depends on. */
export interface DependencyRef {
  id: string;
  via: 'base_model' | 'release.synthetic_data';
}

/**
 * One segment of a Hub repository id, following the Hub's own rules: ASCII letters, digits, `_`,
 * `-` and `.`; it starts and ends with a letter, digit or `_`; no `--` or `..`; at most 96 characters.
 * Being this strict keeps `..`, `%`, `/`, `?`, `#` and whitespace out of request paths.
 */
const SEGMENT = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,94}[A-Za-z0-9_])?$/;

function validSegment(s: string): boolean {
  return SEGMENT.test(s) && !s.includes('--') && !s.includes('..');
}

/** `owner/name` when the value is a well-formed Hub model id, else undefined. */
export function parseModelId(raw: unknown): ModelId | undefined {
  if (typeof raw !== 'string') return undefined;
  const id = raw.trim();
  if (id.length === 0 || id.length > 200) return undefined;
  const parts = id.split('/');
  if (parts.length !== 2) return undefined;
  const [owner, name] = parts;
  if (!validSegment(owner) || !validSegment(name)) return undefined;
  if (name.toLowerCase().endsWith('.git') || RESERVED_OWNERS.has(owner.toLowerCase())) return undefined;
  return { owner, name, id };
}

/**
 * A well-formed Hub dataset id, else undefined. Besides `owner/name`, a single name is allowed: the
 * Hub's canonical datasets (`squad`, `glue`, `imdb`) had no owner, cards still name them so, and the
 * Hub redirects such a name to the dataset's current repository. Both forms obey the segment rules.
 */
export function parseDatasetId(raw: unknown): DatasetId | undefined {
  if (typeof raw !== 'string') return undefined;
  const id = raw.trim();
  if (id.length === 0 || id.length > 200) return undefined;
  const parts = id.split('/');
  if (parts.length === 1) {
    if (!validSegment(id) || id.toLowerCase().endsWith('.git')) return undefined;
    return { name: id, id };
  }
  const model = parseModelId(id);
  return model ? { owner: model.owner, name: model.name, id } : undefined;
}

/** The dataset ids a card names in `datasets` (a string or a list), as written. */
export function datasetRefsOf(card: ParsedCard): string[] {
  const meta = card.data;
  return isRecord(meta) ? strList(meta.datasets) : [];
}

/** The model ids a card depends on: `base_model` (string or list) and `release.synthetic_data[].generator`. */
export function dependenciesOf(card: ParsedCard): DependencyRef[] {
  const meta = card.data;
  if (!isRecord(meta)) return [];
  const out: DependencyRef[] = [];
  const bases = strList(meta.base_model);
  for (const id of bases) out.push({ id, via: 'base_model' });
  // With no base_model, the Hub ids the card's prose names as its parent ("a fine-tune of org/model").
  if (bases.length === 0 && typeof card.body === 'string') {
    for (const b of proseBases(card.body, card.bodyLine)) if (b.kind === 'model-id') out.push({ id: b.id, via: 'base_model' });
  }
  const synthetic = releaseOf(meta)?.synthetic_data;
  if (Array.isArray(synthetic)) {
    for (const item of synthetic) {
      if (isRecord(item) && typeof item.generator === 'string') out.push({ id: item.generator, via: 'release.synthetic_data' });
    }
  }
  return out;
}

/**
 * A value from a card or a Hub answer, made fit for a plain-text note: control and bidi characters
 * dropped, length capped. Markdown escaping is the caller's job.
 */
export function displayId(raw: string, max = 100): string {
  const clean = raw.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '').trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
