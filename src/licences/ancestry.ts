/**
 * Which licences bind a card through its ancestry: base models (followed through Hub facts to the
 * root), datasets the Hub knows, and generators of synthetic training data. Offline: Hub facts are
 * gathered at the edge; where they are missing, a table of well-known publishers fills in.
 */
import publishers from './publishers.json' with { type: 'json' };
import { baseModelsOf, isRecord, releaseOf, str } from '../meta.js';
import type { HubFacts, ModelFacts } from '../types.js';
import { memoise } from './memo.js';
import { resolveDeclaration, resolveLicence, type LicenceEntry, type LicenceTerm, type ResolvedLicence } from './knowledge.js';
import { familyOf, proseBases } from './prose.js';

export interface PublisherEntry {
  match: string;
  licence: string;
  source: string;
  sourceTag: string;
  verified: boolean;
  kind: 'publisher' | 're-upload';
  note?: string;
  /** Ids the pattern must match (as the first match of the table) and near names it must not: checked by a test. */
  examples?: { match: string[]; near: string[] };
}

export const PUBLISHERS: readonly PublisherEntry[] = (publishers as { publishers: PublisherEntry[] }).publishers;
const PATTERNS = PUBLISHERS.map((p) => ({ entry: p, re: new RegExp(p.match, 'i') }));

/** hub / offline-table: facts about the id; prose: named in the card text; name: a family inferred from a name or tag. */
export type AncestorSource = 'hub' | 'offline-table' | 'prose' | 'name' | 'unknown';

export interface Ancestor {
  /** Hub id of the model or dataset. */
  id: string;
  /** How it relates to the card: a base model, a dataset, or a generator of synthetic training data. */
  role: 'base' | 'dataset' | 'generator';
  /** Its licence, when known. */
  licence?: ResolvedLicence;
  /** The ids from the card's direct parent to this one. */
  path: string[];
  /** `base_model_relation` (card) or the Hub's relation, when known. */
  relation?: string;
  source: AncestorSource;
  sourceUrl?: string;
  note?: string;
  /** For generators: the dataset it generated. */
  dataset?: string;
  /** For prose and name sources: the words it was read from, and their line. */
  evidence?: { text: string; line?: number };
}

export interface AncestryOptions {
  maxDepth?: number;
  /** The card's markdown body (and the file line it starts on), for bases named only in prose. */
  card?: { body?: string; bodyLine?: number };
}

/** The offline table's licence for a Hub model id, first match wins. */
export function offlineLicenceOf(modelId: string): PublisherEntry | undefined {
  return offlineMemo(modelId);
}

/** Per model id: the table's patterns are tried in turn, and a corpus names the same few bases again and again. */
const offlineMemo = memoise(offlineOnce);

function offlineOnce(modelId: string): PublisherEntry | undefined {
  const id = modelId.trim();
  if (id === '' || id.length > 200) return undefined;
  return PATTERNS.find((p) => p.re.test(id))?.entry;
}

function factsFor(hub: HubFacts, id: string): ModelFacts | undefined {
  const direct = hub.get(id);
  if (direct) return direct;
  const lower = id.toLowerCase();
  for (const [key, value] of hub) if (key.toLowerCase() === lower) return value;
  return undefined;
}

function knownLicence(resolved: ResolvedLicence | undefined): boolean {
  return (
    resolved !== undefined &&
    resolved.kind !== 'invalid' &&
    resolved.chosen.length > 0 &&
    resolved.chosen.every((t) => t.entry && t.entry.id !== 'unknown' && t.entry.id !== 'other')
  );
}

/** The licence of one model: Hub facts first, the offline table where the Hub says nothing useful. */
function licenceOfModel(
  hub: HubFacts,
  id: string
): { licence?: ResolvedLicence; source: AncestorSource; sourceUrl?: string; note?: string; facts?: ModelFacts } {
  const facts = factsFor(hub, id);
  const fromHub =
    facts && !facts.error && typeof facts.license === 'string' && facts.license.trim() !== ''
      ? resolveDeclaration(facts.license, facts.licenseName)
      : undefined;
  if (fromHub && knownLicence(fromHub))
    return {
      licence: fromHub,
      source: facts!.source === 'offline-table' ? 'offline-table' : 'hub',
      sourceUrl: `https://huggingface.co/${id}`,
      facts
    };
  const offline = offlineLicenceOf(id);
  if (offline)
    return { licence: resolveDeclaration(offline.licence), source: 'offline-table', sourceUrl: offline.source, note: offline.note, facts };
  if (fromHub) return { licence: fromHub, source: 'hub', sourceUrl: `https://huggingface.co/${id}`, facts };
  return { source: 'unknown', facts };
}

/** Base models, followed to the root (depth limit, loop-safe), then Hub-known datasets and synthetic-data generators. */
export function ancestorsOf(meta: Record<string, unknown>, hub: HubFacts, options: AncestryOptions = {}): Ancestor[] {
  const maxDepth = options.maxDepth ?? 8;
  const out: Ancestor[] = [];
  if (!isRecord(meta)) return out;
  const relation = str(meta.base_model_relation);
  const seen = new Set<string>();
  const queue: { id: string; path: string[]; relation?: string }[] = [];
  for (const id of baseModelsOf(meta)
    .map((s) => s.trim())
    .filter((s) => s !== ''))
    queue.push({ id, path: [id], relation });
  while (queue.length > 0) {
    const next = queue.shift()!;
    const key = next.id.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const found = licenceOfModel(hub, next.id);
    out.push({
      id: next.id,
      role: 'base',
      licence: found.licence,
      path: next.path,
      relation: next.relation,
      source: found.source,
      sourceUrl: found.sourceUrl,
      note: found.note
    });
    if (next.path.length >= maxDepth) continue;
    for (const parent of found.facts?.baseModels ?? []) {
      if (typeof parent === 'string' && parent.trim() !== '' && !seen.has(parent.toLowerCase())) {
        queue.push({ id: parent.trim(), path: [...next.path, parent.trim()], relation: found.facts?.relation });
      }
    }
  }
  if (out.length > 0) {
    for (const a of out) if (a.source === 'unknown') inferFromName(a);
  } else {
    out.push(...implicitBases(meta, options.card, hub));
  }
  for (const dataset of datasetsOf(meta)) {
    const facts = factsFor(hub, `datasets/${dataset}`);
    if (!facts || facts.error || typeof facts.license !== 'string') continue;
    out.push({
      id: dataset,
      role: 'dataset',
      licence: resolveDeclaration(facts.license, facts.licenseName),
      path: [dataset],
      source: 'hub',
      sourceUrl: `https://huggingface.co/datasets/${dataset}`
    });
  }
  for (const { dataset, generator } of syntheticDataOf(meta)) {
    const found = licenceOfModel(hub, generator);
    out.push({
      id: generator,
      role: 'generator',
      licence: found.licence,
      path: [generator],
      source: found.source,
      sourceUrl: found.sourceUrl,
      note: found.note,
      dataset
    });
  }
  return out;
}

/** A base the Hub and the table know nothing of binds like the family its id names, marked as inferred. */
function inferFromName(a: Ancestor): void {
  const match = familyOf(a.id);
  if (!match) return;
  a.licence = resolveDeclaration(match.family.licence);
  a.source = 'name';
  a.evidence = { text: a.id };
  a.note = `Inferred from the name: \`${a.id}\` names ${match.family.label}.`;
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Names a reviewer reads a card's family from: its tags, model name, model-index names and first heading. */
function namesOf(meta: Record<string, unknown>, body: string): string[] {
  const names = [...stringList(meta.tags).slice(0, 50), ...stringList(meta.model_name)];
  const index = meta['model-index'];
  if (Array.isArray(index)) for (const m of index.slice(0, 5)) if (isRecord(m) && typeof m.name === 'string') names.push(m.name);
  const heading = /^\s{0,3}#\s+(.{1,200})$/m.exec(body.slice(0, 5_000));
  if (heading) names.push(heading[1]);
  return names;
}

/** With no `base_model`: bases named in the prose, else a family named by the card's tags or names. */
function implicitBases(meta: Record<string, unknown>, card: AncestryOptions['card'], hub: HubFacts): Ancestor[] {
  const body = typeof card?.body === 'string' ? card.body : '';
  const fromProse = proseBases(body, card?.bodyLine ?? 1).flatMap((b): Ancestor[] => {
    const offline = b.kind === 'model-id' ? offlineLicenceOf(b.id) : undefined;
    // An id only the Hub may know binds when the lookup brought its licence back.
    const fromHub = b.licence === '' ? licenceOfModel(hub, b.id) : undefined;
    if (b.licence === '' && !fromHub?.licence) return [];
    return [
      {
        id: b.id,
        role: 'base',
        licence: fromHub?.licence ?? resolveDeclaration(b.licence),
        path: [b.id],
        source: 'prose',
        sourceUrl: offline?.source ?? fromHub?.sourceUrl,
        evidence: { text: b.sentence, line: b.line },
        note: `Named in the card text (line ${b.line}): "${b.sentence}"`
      }
    ];
  });
  const own = ownFamilies(meta);
  // A family read from words is weak evidence: a card already under a licence of that family keeps it.
  const kept = (licence: string) => resolveDeclaration(licence).chosen.some((t) => t.entry && own.has(familyKey(t.entry)));
  if (fromProse.length > 0) return fromProse.filter((a) => a.id.includes('/') || !a.licence || !kept(a.licence.declared));
  const matches = namesOf(meta, body).flatMap((name) => {
    const match = familyOf(name);
    return match ? [{ name, match }] : [];
  });
  if (matches.some((m) => kept(m.match.family.licence))) return [];
  for (const { name, match } of matches) {
    const shown = name.trim().slice(0, 80);
    return [
      {
        id: shown,
        role: 'base',
        licence: resolveDeclaration(match.family.licence),
        path: [shown],
        source: 'name',
        evidence: { text: shown },
        note: `Inferred from the name: \`${shown}\` names ${match.family.label}.`
      }
    ];
  }
  return [];
}

/** The words a prose or name ancestor was read from, for a finding's detail; undefined for Hub and table facts. */
export function evidenceDetail(a: Ancestor): string | undefined {
  if (a.source === 'prose')
    return `The base model was read from the card text (line ${a.evidence?.line ?? 1}): "${a.evidence?.text ?? a.id}". Declare it in \`base_model\` so the Hub and the gate see it.`;
  if (a.source === 'name')
    return `No \`base_model\` is declared; the family was inferred from the name or tag \`${a.evidence?.text ?? a.id}\`. Declare the base in \`base_model\` if it is another model.`;
  return undefined;
}

/** The licence family an entry belongs to for this purpose: its publisher family (llama, gemma, stability…) or its own id. */
function familyKey(entry: LicenceEntry): string {
  return (
    entry.families.find(
      (f) =>
        ![
          'custom',
          'non-commercial',
          'research-only',
          'rail',
          'permissive',
          'osi',
          'copyleft',
          'weak-copyleft',
          'cc',
          'data',
          'public-domain'
        ].includes(f)
    ) ?? entry.id
  );
}

function ownFamilies(meta: Record<string, unknown>): Set<string> {
  const own = resolveLicence(meta);
  return new Set((own?.terms ?? []).flatMap((t) => (t.entry ? [familyKey(t.entry)] : [])));
}

/** Where an ancestor's licence comes from, for messages: "according to the Hub", "inferred from the name", … */
export function sourcePhrase(a: Ancestor): string {
  switch (a.source) {
    case 'hub':
      return 'according to the Hub';
    case 'offline-table':
      return "according to the gate's table of known publishers";
    case 'prose':
      return `named in the card text at line ${a.evidence?.line ?? 1}`;
    case 'name':
      return 'inferred from the name';
    default:
      return '';
  }
}

function datasetsOf(meta: Record<string, unknown>): string[] {
  const value = meta.datasets;
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  return list.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
}

/** `release.synthetic_data` entries that name a generator. */
export function syntheticDataOf(meta: Record<string, unknown>): { dataset: string; generator: string }[] {
  const list = releaseOf(meta)?.synthetic_data;
  if (!Array.isArray(list)) return [];
  const out: { dataset: string; generator: string }[] = [];
  for (const item of list) {
    if (!isRecord(item)) continue;
    const generator = str(item.generator)?.trim();
    if (generator) out.push({ dataset: str(item.dataset)?.trim() ?? '(unnamed dataset)', generator });
  }
  return out;
}

/** A licence term that binds the card through an ancestor. */
export interface BindingTerm {
  ancestor: Ancestor;
  term: LicenceTerm;
  entry: LicenceEntry;
  /** Why it binds: derivative terms, or a rule about training on the generator's outputs. */
  via: 'derivative' | 'synthetic-derivative' | 'output-training-ban';
}

/**
 * The ancestors' licences that bind the card. A base model's licence binds unless it asks nothing
 * of derivatives; a generator's binds when its licence makes models trained on its outputs
 * derivatives (Gemma, RAIL family) or forbids training other models on them.
 */
export function bindingTerms(ancestors: Ancestor[]): BindingTerm[] {
  const out: BindingTerm[] = [];
  for (const ancestor of ancestors) {
    if (!ancestor.licence) continue;
    for (const term of ancestor.licence.chosen) {
      const entry = term.entry;
      if (!entry) continue;
      if (ancestor.role === 'generator') {
        if (entry.outputs.syntheticDataIsDerivative) out.push({ ancestor, term, entry, via: 'synthetic-derivative' });
        else if (entry.outputs.trainingOtherModels === 'forbidden') out.push({ ancestor, term, entry, via: 'output-training-ban' });
        continue;
      }
      if (entry.derivatives.inherit.some((i) => i !== 'none' && i !== 'unknown')) out.push({ ancestor, term, entry, via: 'derivative' });
    }
  }
  return out;
}

/** "meta-llama/Llama-3.1-8B" or "a → b → c" when reached through a chain. */
export function describePath(ancestor: Ancestor): string {
  const ids = ancestor.path.map((id) => `\`${id}\``);
  return ids.length > 1 ? `${ids[ids.length - 1]} (through ${ids.slice(0, -1).join(' → ')})` : ids[0];
}
