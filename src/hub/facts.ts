/**
 * Turns a Hub answer for `/api/models/{id}` (or `/api/datasets/{id}`) into ModelFacts. The card metadata the Hub returns
 * (`cardData`) wins; the tags the Hub derives from it (`license:<id>`, `base_model:<relation>:<id>`)
 * fill in what `cardData` lacks. Any shape is tolerated.
 */
import { isRecord } from '../meta.js';
import type { ModelFacts } from '../types.js';

const RELATIONS = new Set(['adapter', 'merge', 'quantized', 'finetune']);
const MAX_BASES = 50;

function firstString(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (Array.isArray(value)) return value.find((v): v is string => typeof v === 'string' && v.trim() !== '')?.trim();
  return undefined;
}

function stringList(value: unknown): string[] {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  return list
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim())
    .filter((v) => v !== '' && v.length <= 200);
}

/** The Hub's `gated` field: false, 'auto' or 'manual'; undefined for anything else. */
export function gatedOf(value: unknown): ModelFacts['gated'] {
  if (value === false) return false;
  if (value === 'auto' || value === 'manual') return value;
  return undefined;
}

/** Licence and base models from the Hub's tags. */
export function factsFromTags(tags: unknown): { license?: string; baseModels: string[]; relation?: string } {
  const out: { license?: string; baseModels: string[]; relation?: string } = { baseModels: [] };
  if (!Array.isArray(tags)) return out;
  for (const tag of tags) {
    if (typeof tag !== 'string' || tag.length > 300) continue;
    if (tag.startsWith('license:') && out.license === undefined) {
      const id = tag.slice('license:'.length).trim();
      if (id) out.license = id;
    } else if (tag.startsWith('base_model:')) {
      // `base_model:<id>` and `base_model:<relation>:<id>` both occur; ids hold no colon.
      const rest = tag.slice('base_model:'.length);
      const colon = rest.indexOf(':');
      const relation = colon >= 0 ? rest.slice(0, colon) : undefined;
      if (relation !== undefined && !RELATIONS.has(relation)) continue;
      const id = (colon >= 0 ? rest.slice(colon + 1) : rest).trim();
      if (!id) continue;
      if (relation && out.relation === undefined) out.relation = relation;
      if (!out.baseModels.some((b) => b.toLowerCase() === id.toLowerCase())) out.baseModels.push(id);
    }
  }
  return out;
}

/** Facts from a parsed 2xx body, or an error when the body is not a JSON object. */
export function factsFromDocument(id: string, doc: unknown): ModelFacts {
  if (!isRecord(doc)) return { id, source: 'hub', error: "the Hub's answer is not a JSON object" };
  const card = isRecord(doc.cardData) ? doc.cardData : {};
  const tags = factsFromTags(doc.tags);
  const facts: ModelFacts = { id, source: 'hub' };
  const license = firstString(card.license) ?? tags.license;
  if (license) facts.license = license;
  const licenseName = firstString(card.license_name);
  if (licenseName) facts.licenseName = licenseName;
  const gated = gatedOf(doc.gated);
  if (gated !== undefined) facts.gated = gated;
  const fromCard = stringList(card.base_model);
  const bases = (fromCard.length > 0 ? fromCard : tags.baseModels).slice(0, MAX_BASES);
  if (bases.length > 0) facts.baseModels = bases;
  const relation = firstString(card.base_model_relation) ?? (fromCard.length > 0 ? undefined : tags.relation);
  if (relation) facts.relation = relation;
  return facts;
}

/** Parses a body as JSON and reads it; malformed JSON is an error, never a throw. */
export function factsFromBody(id: string, body: string): ModelFacts {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return { id, source: 'hub', error: 'the Hub answered with something that is not JSON' };
  }
  return factsFromDocument(id, doc);
}

/** Facts for a definite non-success status (404, 401, 403, other 4xx). */
export function factsFromStatus(id: string, status: number, body: string, headers: Headers): ModelFacts {
  let doc: unknown;
  try {
    doc = body ? JSON.parse(body) : undefined;
  } catch {
    doc = undefined;
  }
  const code = headers.get('x-error-code') ?? '';
  if (status === 404 || code === 'RepoNotFound') {
    // Without a token the Hub answers 401 for a private model as for a missing one.
    return {
      id,
      source: 'hub',
      error: status === 404 ? 'not found on the Hub' : 'not found on the Hub (or private: a token with access is needed to see it)'
    };
  }
  if (status === 401 || status === 403) {
    const facts: ModelFacts = {
      id,
      source: 'hub',
      error: 'gated on the Hub: its licence can only be read with a token that has access to it (set HF_TOKEN)'
    };
    const gated = isRecord(doc) ? gatedOf(doc.gated) : undefined;
    // `X-Error-Code: GatedRepo` says it is gated but not whether approval is automatic or manual.
    if (gated !== undefined) facts.gated = gated;
    return facts;
  }
  return { id, source: 'hub', error: `the Hub answered HTTP ${status}` };
}

/** Hub licence ids and SPDX ids: joining only such plain tokens keeps the expression parseable. */
const PLAIN_LICENCE = /^[A-Za-z0-9][A-Za-z0-9.+-]{0,63}$/;
/** Words that are not licences on their own, or that would change the expression's meaning. */
const NOT_PLAIN = new Set(['other', 'unknown', 'and', 'or', 'with']);

/**
 * Facts about a dataset (`/api/datasets/{id}`), kept under `datasets/<id>`: licence, licence name and
 * gating only; datasets are not followed further. A dataset card may list several licences (parts of
 * the data under different terms); all of them bind, so plain ids are joined with AND.
 */
export function datasetFactsFromBody(key: string, body: string): ModelFacts {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return { id: key, source: 'hub', error: 'the Hub answered with something that is not JSON' };
  }
  const facts = factsFromDocument(key, doc);
  delete facts.baseModels;
  delete facts.relation;
  if (facts.error || !isRecord(doc) || !isRecord(doc.cardData)) return facts;
  const listed = stringList(doc.cardData.license);
  const unique = listed.filter((l, i) => listed.findIndex((x) => x.toLowerCase() === l.toLowerCase()) === i);
  if (unique.length > 1 && unique.length <= 8 && unique.every((l) => PLAIN_LICENCE.test(l) && !NOT_PLAIN.has(l.toLowerCase()))) {
    facts.license = unique.join(' AND ');
  }
  return facts;
}
