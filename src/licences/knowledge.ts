/**
 * Lookups over the licence knowledge (licences.json): Hub ids, SPDX ids and expressions, `other` +
 * `license_name`, aliases, and the "did you mean" help for ids that only look right.
 */
import parseSpdx, { type SpdxNode } from 'spdx-expression-parse';
import { TEXT_LIMITS } from '../text-limits.js';
import spdxIds from 'spdx-license-ids/index.json' with { type: 'json' };
import spdxDeprecated from 'spdx-license-ids/deprecated.json' with { type: 'json' };
import spdxExceptions from 'spdx-exceptions/index.json' with { type: 'json' };
import data from './licences.json' with { type: 'json' };
import { isRecord, str } from '../meta.js';
import { memoise } from './memo.js';
import { editDistance } from '../suggest.js';

export type ContentType = 'code' | 'data' | 'document';
export type Inherit = 'none' | 'same-terms' | 'use-restrictions' | 'share-alike' | 'non-commercial' | 'no-derivatives' | 'unknown';
export type CommercialStatus = 'yes' | 'no' | 'conditional' | 'unknown';

export interface LicenceEntry {
  id: string;
  name: string;
  hubId: string | null;
  spdx: string[];
  aliases: string[];
  families: string[];
  familyOnly: boolean;
  osi: boolean;
  commercial: {
    status: CommercialStatus;
    condition?: string;
    cap?: { kind: 'mau' | 'revenue' | 'hosting'; threshold?: number; currency?: string };
  };
  useRestrictions: { present: boolean; what?: string; policy?: string };
  derivatives: {
    inherit: Inherit[];
    text: string;
    notice?: string;
    attribution?: string;
    naming?: { prefix?: string; display?: string[] };
    includesSyntheticData?: boolean;
    shareAlikeGroup?: string;
    weak?: boolean;
    /** Licences whose derivative terms this one keeps (a stricter text of the same publisher). */
    carriesTermsOf?: string[];
  };
  outputs: {
    restricted: boolean;
    text: string;
    trainingOtherModels: 'allowed' | 'allowed-with-duties' | 'allowed-as-derivative' | 'forbidden' | 'unknown';
    syntheticDataIsDerivative: boolean;
  };
  remoteRestriction: boolean;
  remoteText?: string;
  terminateAtWill: boolean;
  researchOnly: boolean;
  euExclusion: string | null;
  mof: { open: boolean; types: ContentType[] };
  source: string;
  sourceTag: string;
  checked: string;
  verified: boolean;
  unverified?: string[];
  notes?: string;
  /** Verbatim clauses behind the facts (licence-knowledge schema `quote`). */
  quotes?: LicenceQuote[];
}

export type QuotedFact =
  'commercial' | 'cap' | 'use-restrictions' | 'derivatives' | 'outputs' | 'remote' | 'notice' | 'naming' | 'eu' | 'research-only';

export interface LicenceQuote {
  fact: QuotedFact;
  text: string;
  section: string;
  url: string;
  read: string;
}

/** One licence named in a card: as written, and what the knowledge knows of it (if anything). */
export interface LicenceTerm {
  /** The id as written (canonical SPDX case where it is an SPDX id), or `other:<license_name>`. */
  id: string;
  entry?: LicenceEntry;
  exception?: string;
}

export interface ResolvedLicence {
  /** The declaration as written (`other:<name>` for `other` + `license_name`). */
  declared: string;
  /** hub: a Hub id; spdx: a valid SPDX expression; other: `other` + name; lenient: an expression that mixes in Hub ids; invalid: none of these. */
  kind: 'hub' | 'spdx' | 'other' | 'lenient' | 'invalid';
  /** Every licence named. */
  terms: LicenceTerm[];
  /** The alternatives an OR offers, each a set of licences that all bind (AND). */
  choices: LicenceTerm[][];
  /** The alternative a downstream user will pick: the most permissive one. */
  chosen: LicenceTerm[];
  licenseName?: string;
  licenseLink?: string;
}

interface KnowledgeFile {
  snapshot: string;
  hubIds: string[];
  licences: LicenceEntry[];
}

const KNOWLEDGE = data as unknown as KnowledgeFile;
export const LICENCES: readonly LicenceEntry[] = KNOWLEDGE.licences;
export const KNOWLEDGE_SNAPSHOT = KNOWLEDGE.snapshot;
/** Every `license` id the Hub accepts (exact, lower-case). */
export const HUB_IDS: ReadonlySet<string> = new Set(KNOWLEDGE.hubIds);

const SPDX_CANON = new Map<string, string>();
for (const id of [...spdxIds, ...spdxDeprecated]) SPDX_CANON.set(id.toLowerCase(), id);
const EXCEPTION_CANON = new Map<string, string>();
for (const id of spdxExceptions) EXCEPTION_CANON.set(id.toLowerCase(), id);

const BY_ID = new Map<string, LicenceEntry>();
const BY_HUB = new Map<string, LicenceEntry>();
const BY_SPDX = new Map<string, LicenceEntry>();
const BY_ALIAS = new Map<string, LicenceEntry>();

/** Folds case, spacing and separators so that `Llama 2 Community License` finds `llama-2-community-license`. */
export function aliasKey(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/licence/g, 'license')
    .replace(/[\s_\-–—,"'()]+/g, ' ')
    .trim();
}

for (const entry of LICENCES) {
  BY_ID.set(entry.id, entry);
  if (entry.hubId) BY_HUB.set(entry.hubId, entry);
  for (const id of entry.spdx) BY_SPDX.set(id.toLowerCase(), entry);
}
for (const entry of LICENCES) {
  for (const alias of [entry.id, entry.name, ...entry.aliases]) {
    const key = aliasKey(alias);
    if (!BY_ALIAS.has(key)) BY_ALIAS.set(key, entry);
  }
}

export function isHubId(id: string): boolean {
  return HUB_IDS.has(id);
}

/** The canonical SPDX licence id for `id` (case-insensitive), or undefined. */
export function canonicalSpdxId(id: string): string | undefined {
  return SPDX_CANON.get(id.toLowerCase());
}

export function entryById(id: string): LicenceEntry | undefined {
  return BY_ID.get(id);
}

/**
 * The knowledge entry for an id or name: Hub id, SPDX id (any case), knowledge id, `LicenseRef-<id>`,
 * `other:<name>`, or an alias such as a `license_name`.
 */
export function lookupLicence(idOrName: string): LicenceEntry | undefined {
  return lookupLicenceMemo(idOrName);
}

/** A result that is the table's own entry (or nothing): RAIL names build a fresh entry per call, which is not shared. */
function isTableEntry(entry: LicenceEntry | undefined): boolean {
  return entry === undefined || BY_ID.get(entry.id) === entry;
}

function termsShareable(terms: LicenceTerm[][]): boolean {
  return terms.every((choice) => choice.every((t) => isTableEntry(t.entry)));
}

const lookupLicenceMemo = memoise(lookupLicenceOnce, isTableEntry);

function lookupLicenceOnce(idOrName: string): LicenceEntry | undefined {
  const raw = idOrName.trim();
  // No licence id or name is this long: refuse it before any pattern runs (linear time on card text).
  if (raw === '' || raw.length > TEXT_LIMITS.licenceChars) return undefined;
  if (raw.toLowerCase().startsWith('other:')) return lookupLicenseName(raw.slice(6));
  const hub = BY_HUB.get(raw);
  if (hub) return hub;
  const bare = raw.replace(/\+$/, '');
  const spdx = BY_SPDX.get(bare.toLowerCase());
  if (spdx) return spdx;
  const ref = /^licenseref-(?:scancode-)?(.+)$/i.exec(raw);
  if (ref) return lookupLicenseName(ref[1]);
  return BY_ID.get(raw.toLowerCase()) ?? BY_HUB.get(raw.toLowerCase()) ?? BY_ALIAS.get(aliasKey(raw));
}

/** The licence a `license_name` (under `license: other`) names, including RAIL names read by their suffixes. */
export function lookupLicenseName(name: string): LicenceEntry | undefined {
  const key = name.trim();
  if (key === '' || key.length > TEXT_LIMITS.licenceChars || key.toLowerCase() === 'other' || key.toLowerCase() === 'unknown')
    return undefined;
  return (
    BY_ID.get(key.toLowerCase()) ??
    BY_HUB.get(key.toLowerCase()) ??
    BY_ALIAS.get(aliasKey(key)) ??
    BY_SPDX.get(key.toLowerCase()) ??
    railEntry(key)
  );
}

// ---------------------------------------------------------------------------------------------
// RAIL names: "OpenRAIL-M", "RAIL-DAMS", "RESEARCH-ONLY RAIL-AMS" (licenses.ai naming convention, S26).

export interface RailName {
  open: boolean;
  researchOnly: boolean;
  /** D data, A application, M model, S source code. */
  artefacts: ('D' | 'A' | 'M' | 'S')[];
}

/** Reads a RAIL licence name by its parts, or returns undefined when it is not one. */
export function parseRailName(name: string): RailName | undefined {
  const trimmed = name.trim();
  if (trimmed.length > TEXT_LIMITS.licenceChars) return undefined;
  // Separator runs are folded to one character first, so that no two adjacent `[\s_-]*` can split a
  // long run between them (the pattern once took minutes on a RAIL name followed by dashes).
  const m = /^(research[\s_-]?only[\s_-])?(open[\s_-]?)?rail(?:[\s_-]?\+\+)?[\s_-]?([dams]{1,4})?(?:[\s_-]?v?[0-9.]+)?$/i.exec(
    trimmed.replace(/[\s_-]+/g, (run) => run[0])
  );
  if (!m) return undefined;
  const letters = (m[3] ?? '').toUpperCase();
  if (new Set(letters).size !== letters.length) return undefined;
  const order = ['D', 'A', 'M', 'S'] as const;
  return { open: Boolean(m[2]), researchOnly: Boolean(m[1]), artefacts: order.filter((l) => letters.includes(l)) };
}

const RAIL_LETTERS: Record<string, string> = { D: 'data', A: 'applications', M: 'the model', S: 'source code' };

function railEntry(name: string): LicenceEntry | undefined {
  const rail = parseRailName(name);
  if (!rail) return undefined;
  const family = BY_ID.get('openrail')!;
  const scope = rail.artefacts.length > 0 ? rail.artefacts.map((l) => RAIL_LETTERS[l]).join(', ') : 'the licensed artefacts';
  return {
    ...family,
    id: aliasKey(name).replace(/ /g, '-'),
    name: `${name.trim()} (a RAIL licence on ${scope})`,
    hubId: null,
    aliases: [],
    familyOnly: false,
    families: ['rail', ...(rail.open ? ['openrail'] : []), 'custom', ...(rail.researchOnly ? ['research-only', 'non-commercial'] : [])],
    commercial: rail.researchOnly
      ? { status: 'no', condition: 'A research-only RAIL licence.' }
      : rail.open
        ? { status: 'yes' }
        : { status: 'unknown', condition: 'A RAIL licence need not allow commercial use; only OpenRAIL ones must.' },
    researchOnly: rail.researchOnly,
    derivatives: { ...family.derivatives, inherit: rail.researchOnly ? ['use-restrictions', 'non-commercial'] : ['use-restrictions'] },
    verified: false,
    unverified: ['read from the licence name only (RAIL naming convention); the text was not checked']
  };
}

// ---------------------------------------------------------------------------------------------
// Expressions

interface ParsedExpression {
  /** Strictly valid: a single Hub id or a valid SPDX expression. */
  valid: boolean;
  /** Parsed at all (possibly with Hub ids or known names inside). */
  parsed: boolean;
  choices: LicenceTerm[][];
  error?: string;
}

const MAX_CHOICES = 64;

/** Parses a `license` value: a Hub id or an SPDX expression (ids matched in any case). */
export function parseLicenceExpression(text: string): ParsedExpression {
  return parseExpressionMemo(text);
}

const parseExpressionMemo = memoise(parseExpressionOnce, (parsed) => termsShareable(parsed.choices));

function parseExpressionOnce(text: string): ParsedExpression {
  const value = text.trim();
  if (value === '') return { valid: false, parsed: false, choices: [], error: 'empty' };
  // Refused before spdx-expression-parse (recursive, super-linear on long inputs) ever sees it.
  if (value.length > TEXT_LIMITS.expressionChars)
    return { valid: false, parsed: false, choices: [], error: `the expression is longer than ${TEXT_LIMITS.expressionChars} characters` };
  if (HUB_IDS.has(value)) return { valid: true, parsed: true, choices: [[{ id: value, entry: BY_HUB.get(value) }]] };
  const placeholders = new Map<string, LicenceTerm>();
  let strict = true;
  const tokens = value.split(/(\s+|\(|\))/).filter((t) => t !== '' && !/^\s+$/.test(t));
  const terms = tokens.filter((t) => t !== '(' && t !== ')' && !/^(?:and|or|with)$/i.test(t)).length;
  if (terms > TEXT_LIMITS.expressionTerms)
    return {
      valid: false,
      parsed: false,
      choices: [],
      error: `the expression has ${terms} licence terms; at most ${TEXT_LIMITS.expressionTerms} are read`
    };
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const upper = token.toUpperCase();
    if (token === '(' || token === ')' || upper === 'AND' || upper === 'OR' || upper === 'WITH') {
      out.push(token === '(' || token === ')' ? token : upper);
      continue;
    }
    if (i > 0 && tokens[i - 1].toUpperCase() === 'WITH') {
      const exception = EXCEPTION_CANON.get(token.toLowerCase());
      if (exception) {
        out.push(exception);
        continue;
      }
      return { valid: false, parsed: false, choices: [], error: `\`${token}\` is not an SPDX licence exception` };
    }
    const plus = token.endsWith('+') && !HUB_IDS.has(token);
    const base = plus ? token.slice(0, -1) : token;
    const spdx = SPDX_CANON.get(base.toLowerCase());
    if (spdx && /^[A-Za-z0-9.-]+$/.test(base)) {
      out.push(spdx + (plus ? '+' : ''));
      continue;
    }
    if (/^(LicenseRef|DocumentRef)-[A-Za-z0-9.-]+(:LicenseRef-[A-Za-z0-9.-]+)?$/i.test(token)) {
      const canon = token
        .replace(/^licenseref-/i, 'LicenseRef-')
        .replace(/^documentref-/i, 'DocumentRef-')
        .replace(/:licenseref-/i, ':LicenseRef-');
      out.push(canon);
      continue;
    }
    // Not SPDX: a Hub id or a known name inside an expression is understood, but is not valid SPDX.
    strict = false;
    const key = `LicenseRef-mrg${placeholders.size}`;
    placeholders.set(key, { id: token, entry: lookupLicence(token) });
    out.push(key);
  }
  let tree: SpdxNode;
  try {
    tree = parseSpdx(out.join(' ').replace(/\( /g, '(').replace(/ \)/g, ')'));
  } catch (error) {
    return { valid: false, parsed: false, choices: [], error: (error as Error).message };
  }
  const unknownIds = [...placeholders.values()].filter((t) => !t.entry).map((t) => t.id);
  if (unknownIds.length > 0)
    return { valid: false, parsed: false, choices: [], error: `unknown licence ${unknownIds.map((id) => `\`${id}\``).join(', ')}` };
  return { valid: strict, parsed: true, choices: toChoices(tree, placeholders) };
}

function toChoices(node: SpdxNode, placeholders: Map<string, LicenceTerm>): LicenceTerm[][] {
  if ('license' in node) {
    const held = placeholders.get(node.license);
    if (held) return [[held]];
    const id = node.license + (node.plus ? '+' : '');
    const term: LicenceTerm = { id, entry: lookupLicence(node.license) };
    if (node.exception) term.exception = node.exception;
    return [[term]];
  }
  const left = toChoices(node.left, placeholders);
  const right = toChoices(node.right, placeholders);
  if (node.conjunction === 'or') return [...left, ...right].slice(0, MAX_CHOICES);
  const product: LicenceTerm[][] = [];
  for (const a of left) for (const b of right) if (product.length < MAX_CHOICES) product.push([...a, ...b]);
  return product;
}

// ---------------------------------------------------------------------------------------------
// Permissiveness: used to pick what an OR lets a user choose and which parent binds hardest.

/** 0 (unknown or most restrictive) … 100 (public domain). */
export function permissiveness(entry: LicenceEntry | undefined): number {
  if (!entry || entry.id === 'unknown' || entry.id === 'other' || entry.id === 'cc') return 0;
  const inherit = entry.derivatives.inherit;
  if (inherit.includes('no-derivatives')) return entry.commercial.status === 'no' ? 4 : 8;
  if (entry.researchOnly) return 12;
  if (entry.commercial.status === 'no') return 16;
  if (entry.commercial.status === 'unknown') return 20;
  if (entry.commercial.status === 'conditional') return entry.useRestrictions.present ? 36 : 40;
  if (inherit.includes('same-terms')) return 44;
  if (entry.useRestrictions.present || inherit.includes('use-restrictions')) return 50;
  if (inherit.includes('share-alike')) return entry.derivatives.weak ? 70 : 60;
  if (inherit.includes('unknown')) return 30;
  if (entry.families.includes('public-domain')) return 100;
  return entry.osi ? 95 : 90;
}

function choiceScore(choice: LicenceTerm[]): number {
  return Math.min(...choice.map((t) => permissiveness(t.entry)));
}

/** The most permissive alternative (first on ties). */
export function mostPermissive(choices: LicenceTerm[][]): LicenceTerm[] {
  let best: LicenceTerm[] = [];
  let bestScore = -1;
  for (const choice of choices) {
    const score = choiceScore(choice);
    if (score > bestScore) {
      best = choice;
      bestScore = score;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Resolution of a card's declaration

/** Resolves a `license` value (and `license_name` for `other`) as the Hub or an SPDX reader would. */
export function resolveDeclaration(license: string, licenseName?: string, licenseLink?: string): ResolvedLicence {
  return resolveDeclarationMemo(license, licenseName, licenseLink);
}

const resolveDeclarationMemo = memoise(
  resolveDeclarationOnce,
  (resolved) => termsShareable(resolved.choices) && resolved.terms.every((t) => isTableEntry(t.entry))
);

function resolveDeclarationOnce(license: string, licenseName?: string, licenseLink?: string): ResolvedLicence {
  const value = license.trim();
  const base = { licenseName, licenseLink };
  if (value === 'other') {
    const name = licenseName?.trim();
    const term: LicenceTerm = name ? { id: `other:${name}`, entry: lookupLicenseName(name) } : { id: 'other', entry: BY_HUB.get('other') };
    return { declared: name ? `other:${name}` : 'other', kind: 'other', terms: [term], choices: [[term]], chosen: [term], ...base };
  }
  const parsed = parseLicenceExpression(value);
  if (!parsed.parsed) {
    const term: LicenceTerm = { id: value, entry: undefined };
    return { declared: value, kind: 'invalid', terms: [term], choices: [[term]], chosen: [term], ...base };
  }
  const kind = parsed.valid ? (HUB_IDS.has(value) ? 'hub' : 'spdx') : 'lenient';
  const terms = uniqueTerms(parsed.choices.flat());
  return { declared: value, kind, terms, choices: parsed.choices, chosen: mostPermissive(parsed.choices), ...base };
}

/**
 * An artefact's `licence` value, read as the card's `license_name` reads: the card's own custom name, or a
 * custom licence the knowledge knows by name (`mrl`, `qwen`), is `other` with that name.
 */
export function resolveArtefactLicence(value: string, licenseName?: string): ResolvedLicence {
  const v = value.trim();
  const name = licenseName?.trim();
  if (name && v.toLowerCase() === name.toLowerCase()) return resolveDeclaration('other', name);
  if (!HUB_IDS.has(v) && !parseLicenceExpression(v).valid && lookupLicenseName(v)?.hubId === null) return resolveDeclaration('other', v);
  return resolveDeclaration(v);
}

function uniqueTerms(terms: LicenceTerm[]): LicenceTerm[] {
  const seen = new Set<string>();
  return terms.filter((t) => (seen.has(t.id) ? false : (seen.add(t.id), true)));
}

/**
 * The card's licence: `license` (a string, or a list read as all applying), with `license_name` and
 * `license_link` for `other`. Undefined when the card declares none.
 */
export function resolveLicence(meta: Record<string, unknown>): ResolvedLicence | undefined {
  if (!isRecord(meta)) return undefined;
  const name = str(meta.license_name);
  const link = str(meta.license_link);
  const value = meta.license;
  if (typeof value === 'string') return value.trim() === '' ? undefined : resolveDeclaration(value, name, link);
  if (Array.isArray(value)) {
    const parts = value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => resolveDeclaration(v, name, link));
    if (parts.length === 0) return undefined;
    if (parts.length === 1) return parts[0];
    // A list means every licence in it applies: the AND of the parts.
    let choices: LicenceTerm[][] = [[]];
    // Each AND step copies the choices built so far: over a list of tens of thousands that is
    // quadratic, so the combinations come from the first licences only (no real list is longer).
    for (const part of parts.slice(0, TEXT_LIMITS.expressionTerms)) {
      const next: LicenceTerm[][] = [];
      for (const a of choices) for (const b of part.choices) if (next.length < MAX_CHOICES) next.push([...a, ...b]);
      choices = next;
    }
    const kind = parts.some((p) => p.kind === 'invalid')
      ? 'invalid'
      : parts.every((p) => p.kind === 'hub' || p.kind === 'spdx')
        ? 'spdx'
        : 'lenient';
    return {
      declared: parts.map((p) => p.declared).join(' AND '),
      kind,
      terms: uniqueTerms(parts.flatMap((p) => p.terms)),
      choices,
      chosen: mostPermissive(choices),
      licenseName: name,
      licenseLink: link
    };
  }
  return undefined;
}

/** Entries of the terms that the knowledge knows. */
export function knownEntries(terms: LicenceTerm[]): LicenceEntry[] {
  const out: LicenceEntry[] = [];
  for (const term of terms) if (term.entry && !out.includes(term.entry)) out.push(term.entry);
  return out;
}

/** A readable name for a term: "Llama 3.1 Community License Agreement (`llama3.1`)". */
export function describeTerm(term: LicenceTerm): string {
  if (!term.entry) return `\`${term.id}\``;
  const id = term.id.startsWith('other:') ? `other / ${term.id.slice(6)}` : term.id;
  return `${term.entry.name} (\`${id}\`)`;
}

/** How a card should write the entry's licence: its Hub id, else its SPDX id, else `other` + `license_name`. */
export function canonicalDeclaration(entry: LicenceEntry): string {
  if (entry.hubId) return `\`${entry.hubId}\``;
  if (entry.spdx.length > 0) return `\`${entry.spdx[0]}\``;
  return `\`other\` with \`license_name: ${entry.id}\``;
}

/**
 * Whether a card's term names its licence in a form the Hub or SPDX accepts (a Hub id, an SPDX id in any
 * case, `other` + `license_name`, a LicenseRef), rather than being matched loosely (`Llama3.1`, `llama-2`).
 */
export function writtenAsRecognised(term: LicenceTerm): boolean {
  if (!term.entry) return false;
  if (HUB_IDS.has(term.id) || term.id.startsWith('other:') || /^(LicenseRef|DocumentRef)-/i.test(term.id)) return true;
  return canonicalSpdxId(term.id.replace(/\+$/, '')) !== undefined;
}

/**
 * Like describeTerm, for a licence the card itself declares: a loosely matched id says what the gate
 * took it for, so that the other rules agree with licence-unknown, which rejects it as written.
 */
export function describeDeclaredTerm(term: LicenceTerm): string {
  if (!term.entry || writtenAsRecognised(term)) return describeTerm(term);
  return `${term.entry.name} (\`${term.id}\`) treated as ${canonicalDeclaration(term.entry)} (the id is not recognised as written)`;
}

// ---------------------------------------------------------------------------------------------
// OSI and MOF

/** True when the licence (or, for an expression, every licence of some alternative) is OSI-approved. */
export function isOsiApproved(id: string): boolean {
  const entry = lookupLicence(id);
  if (entry) return entry.osi;
  const parsed = parseLicenceExpression(id);
  return parsed.parsed && parsed.choices.some((c) => c.length > 0 && c.every((t) => t.entry?.osi === true));
}

/** Whether the Model Openness Framework counts the licence as open, and for which content types it is meant. */
export function isOpenForMof(spdxOrHubId: string): { open: boolean; types: ContentType[] } {
  const { open, types } = openForMofMemo(spdxOrHubId);
  return { open, types: [...types] };
}

const openForMofMemo = memoise(openForMofOnce);

function openForMofOnce(spdxOrHubId: string): { open: boolean; types: ContentType[] } {
  const entry = lookupLicence(spdxOrHubId);
  if (entry) return { open: entry.mof.open, types: [...entry.mof.types] };
  const parsed = parseLicenceExpression(spdxOrHubId);
  if (!parsed.parsed) return { open: false, types: [] };
  const chosen = mostPermissive(parsed.choices);
  if (chosen.length === 0 || chosen.some((t) => !t.entry?.mof.open)) return { open: false, types: [] };
  const types = (['code', 'data', 'document'] as const).filter((type) => chosen.every((t) => t.entry!.mof.types.includes(type)));
  return { open: true, types };
}

// ---------------------------------------------------------------------------------------------
// Look-alikes and near misses

/** Latin letters that Cyrillic and Greek letters are drawn like. */
const HOMOGLYPHS: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ӏ: 'l',
  һ: 'h',
  ԛ: 'q',
  ԝ: 'w',
  ь: 'b',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  І: 'I',
  Ј: 'J',
  Ѕ: 'S',
  Ү: 'Y',
  α: 'a',
  β: 'b',
  ε: 'e',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  γ: 'y',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X'
};
const INVISIBLE =
  /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/;
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/;

export interface LookalikeReport {
  /** The id with look-alike characters replaced and invisible ones removed. */
  skeleton: string;
  /** What was found, e.g. "U+0430 (Cyrillic letter) at character 1". */
  findings: string[];
}

function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Finds characters that make an id look like another one: homoglyphs, invisible characters, fullwidth forms. */
export function lookalikes(value: string): LookalikeReport {
  const findings: string[] = [];
  let skeleton = '';
  let index = 0;
  // Beyond the longest expression read, nothing can look like an accepted id (linear, bounded output).
  for (const ch of value.slice(0, TEXT_LIMITS.expressionChars)) {
    index++;
    if (INVISIBLE.test(ch)) {
      findings.push(`an invisible character ${codePoint(ch)} at character ${index}`);
      continue;
    }
    if (HOMOGLYPHS[ch]) {
      const script = /[\u0370-\u03FF]/.test(ch) ? 'Greek' : 'Cyrillic';
      findings.push(`the ${script} letter ${codePoint(ch)} (looks like "${HOMOGLYPHS[ch]}") at character ${index}`);
      skeleton += HOMOGLYPHS[ch];
      continue;
    }
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xff01 && cp <= 0xff5e) {
      const ascii = String.fromCodePoint(cp - 0xfee0);
      findings.push(`the fullwidth character ${codePoint(ch)} (looks like "${ascii}") at character ${index}`);
      skeleton += ascii;
      continue;
    }
    if (DASHES.test(ch)) {
      findings.push(`the dash ${codePoint(ch)} (looks like "-") at character ${index}`);
      skeleton += '-';
      continue;
    }
    if (cp > 0x7e) {
      const folded = ch.normalize('NFKC');
      if (folded !== ch && /^[\x20-\x7e]+$/.test(folded)) {
        findings.push(`the character ${codePoint(ch)} (looks like "${folded}") at character ${index}`);
        skeleton += folded;
        continue;
      }
    }
    skeleton += ch;
  }
  return { skeleton, findings };
}

function compact(s: string): string {
  return s
    .toLowerCase()
    .replace(/licen[cs]e|agreement|community|version|the/g, '')
    .replace(/[^a-z0-9+]/g, '');
}

/**
 * Compact forms of every accepted id, for near-miss matching; Hub ids first so they win. Built on the
 * first "did you mean" rather than at start-up: most runs never need it.
 */
let nearTable: { key: string; id: string }[] | undefined;
function nearMisses(): { key: string; id: string }[] {
  if (nearTable) return nearTable;
  const table: { key: string; id: string }[] = [];
  const keys = new Set<string>();
  const addNear = (key: string, id: string): void => {
    if (key !== '' && !keys.has(key)) {
      keys.add(key);
      table.push({ key, id });
    }
  };
  for (const id of HUB_IDS) {
    if (id === 'other' || id === 'unknown' || id === 'cc') continue;
    const c = compact(id);
    addNear(c, id);
    addNear(c.replace(/([0-9])0$/, '$1'), id); // gpl30 → gpl3
    addNear(c.replace(/v([0-9])/g, '$1'), id);
  }
  for (const entry of LICENCES) {
    const target = entry.hubId ?? entry.spdx[0] ?? `other + license_name: ${entry.id}`;
    if (entry.id === 'other' || entry.id === 'unknown' || entry.id === 'cc') continue;
    for (const alias of entry.aliases) addNear(compact(alias), target);
    for (const spdx of entry.spdx) addNear(compact(spdx), target);
  }
  nearTable = table;
  return table;
}

/** Edit distance, max + 1 when the lengths alone rule it out. */
function levenshtein(a: string, b: string, max: number): number {
  return Math.abs(a.length - b.length) > max ? max + 1 : editDistance(a, b);
}

/** A "did you mean" for an id that is not accepted, or undefined when nothing is close. */
export function suggestLicence(value: string): string | undefined {
  return suggestLicenceMemo(value);
}

const suggestLicenceMemo = memoise(suggestLicenceOnce);

/** Distinct "did you mean" fuzzy searches a run may still do (see suggestLicenceOnce). */
let fuzzySearchesLeft = 2000;

function suggestLicenceOnce(value: string): string | undefined {
  const { skeleton, findings } = lookalikes(value);
  const candidate = findings.length > 0 ? skeleton.trim() : value.trim();
  if (findings.length > 0 && (HUB_IDS.has(candidate) || parseLicenceExpression(candidate).valid)) return candidate;
  if (HUB_IDS.has(candidate.toLowerCase())) return candidate.toLowerCase();
  const key = compact(candidate);
  if (key === '') return undefined;
  const NEAR = nearMisses();
  const exact = NEAR.find((n) => n.key === key);
  if (exact) return exact.id;
  // A family without its version (cc-by-nc, gpl): the newest version of exactly that family.
  const versioned = NEAR.filter((n) => n.key.startsWith(key) && /^[0-9.]+$/.test(n.key.slice(key.length)))
    .map((n) => n.id)
    .filter((id) => HUB_IDS.has(id))
    .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
  if (versioned.length > 0) return versioned[0];
  // Each fuzzy search compares with every known key; a card (or policy) listing tens of thousands of
  // distinct unknown ids would make that millions of comparisons, so a run does a bounded number.
  if (key.length > TEXT_LIMITS.licenceChars || fuzzySearchesLeft <= 0) return undefined;
  fuzzySearchesLeft--;
  const max = key.length <= 4 ? 1 : 2;
  let best: { id: string; d: number } | undefined;
  for (const n of NEAR) {
    const d = levenshtein(key, n.key, max);
    if (d <= max && (!best || d < best.d)) best = { id: n.id, d };
  }
  return best?.id;
}
