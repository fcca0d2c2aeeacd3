/**
 * Reads and validates the policy file (`.github/model-release-policy.yml` by default).
 *
 * The published schema (schemas/policy.schema.json, precompiled by ajv) checks the structure; each of
 * its errors is mapped back to the YAML node it concerns, so that every problem names the file, line
 * and column, the key as a dotted path, the bad value and the form that was expected. Only what a
 * schema cannot express is checked in code. All problems of a file are collected and thrown together.
 */
import { lstat, readFile } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { isInside } from '../gather.js';
import { suggestLicence } from '../licences/knowledge.js';
import { FAMILY_SELECTORS, isLicenceSelector } from '../licences/select.js';
import { RULE_IDS } from '../rules/index.js';
import { validate as validateSchema } from '../schema/generated/policy.js';
import { DEFAULT_REQUIRED_ARTEFACTS, type AccessTier, type Policy, type RiskLevel, type SeveritySetting, type Waiver } from '../types.js';
import { allowedAndDenied, globProblem } from './bounds.js';
import { defaultPolicy } from './defaults.js';
import { closest } from '../suggest.js';
import { dateMessage, describeValue, explainSchemaErrors } from './schema-errors.js';

/** A policy bigger than this is not a policy; refuse it rather than parse it. */
export const MAX_POLICY_BYTES = 1024 * 1024;
const MAX_ALIASES = 100;

export interface PolicyProblem {
  line: number;
  column: number;
  /** Dotted path of the key, e.g. `access.by_risk.high[1]`; `(file)` for problems of the whole file. */
  key: string;
  message: string;
}

export class PolicyError extends Error {
  readonly file: string;
  readonly problems: PolicyProblem[];
  constructor(file: string, unsorted: PolicyProblem[]) {
    const problems = [...unsorted].sort((a, b) => a.line - b.line || a.column - b.column);
    const lines = problems.map((p) => `${file}:${p.line}:${p.column}: ${p.key === '(file)' ? '' : `\`${p.key}\`: `}${p.message}`);
    super(
      problems.length === 1
        ? `Invalid policy file ${lines[0]}`
        : `Invalid policy file ${file} (${problems.length} problems):\n${lines.map((l) => `  ${l}`).join('\n')}`
    );
    this.name = 'PolicyError';
    this.file = file;
    this.problems = problems;
  }
}

/** Reads the policy: the named file, else the default path if it exists, else the built-in defaults. */
export async function loadPolicy(file: string | undefined, defaultPath: string): Promise<Policy> {
  const path = displayPath(file ?? defaultPath);
  let info;
  try {
    info = await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (file === undefined && (code === 'ENOENT' || code === 'ENOTDIR')) return defaultPolicy();
    throw new PolicyError(path, [
      {
        line: 1,
        column: 1,
        key: '(file)',
        message:
          code === 'ENOENT'
            ? 'the policy file does not exist. Check the path, or leave the policy unset to use the defaults.'
            : `the policy file cannot be read (${code ?? (error as Error).message}).`
      }
    ]);
  }
  // A link could point anywhere on the runner, and error messages quote the file's values.
  if (info.isSymbolicLink())
    throw new PolicyError(path, [
      {
        line: 1,
        column: 1,
        key: '(file)',
        message: 'the policy file is a symbolic link; links are not followed. Point the policy input at the file itself.'
      }
    ]);
  if (!info.isFile())
    throw new PolicyError(path, [{ line: 1, column: 1, key: '(file)', message: 'the policy path is not a regular file.' }]);
  if (info.size > MAX_POLICY_BYTES)
    throw new PolicyError(path, [
      { line: 1, column: 1, key: '(file)', message: `the policy file is ${info.size} bytes; the limit is ${MAX_POLICY_BYTES}.` }
    ]);
  const text = await readFile(path, 'utf8');
  return parsePolicy(text, path);
}

/** The path as reports show it: relative to the working directory when inside it, with `/`. */
function displayPath(file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(process.cwd(), file);
  return rel !== '' && isInside(process.cwd(), file) ? rel.split(sep).join('/') : file;
}

/** Parses and validates policy text; throws a PolicyError listing every problem. */
export function parsePolicy(text: string, source: string): Policy {
  if (text.length > MAX_POLICY_BYTES)
    throw new PolicyError(source, [
      { line: 1, column: 1, key: '(file)', message: `the policy is ${text.length} characters long; the limit is ${MAX_POLICY_BYTES}.` }
    ]);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lineCounter = new LineCounter();
  // `merge`: a policy may reuse a mapping with `<<: *anchor`, as YAML 1.1 (and most CI YAML) allows.
  const doc = parseDocument(body, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, merge: true });
  const nodes = new Nodes(doc, lineCounter);
  const problems: PolicyProblem[] = [];
  for (const error of doc.errors) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    if (error.code === 'DUPLICATE_KEY') {
      const key = body
        .slice(error.pos[0])
        .split(/\r?\n/)[0]
        .replace(/:(\s.*)?$/, '')
        .trim()
        .slice(0, 80);
      problems.push({ line, column: col, key: key || '(file)', message: 'this key appears twice in the same mapping; keep one of them.' });
    } else {
      problems.push({
        line,
        column: col,
        key: '(file)',
        message: `the YAML does not parse: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+.*$/, '')}.`
      });
    }
  }
  problems.push(...nodes.badMergeKeys());
  if (problems.length > 0) throw new PolicyError(source, problems);

  let value: unknown;
  try {
    value = jsonDates(doc.toJS({ maxAliasCount: MAX_ALIASES }));
  } catch {
    throw new PolicyError(source, [
      { line: 1, column: 1, key: '(file)', message: `the policy uses more than ${MAX_ALIASES} aliases; expected a plain file.` }
    ]);
  }
  // The published schema does the structural checks; its errors are told at their YAML positions.
  if (!validateSchema(value)) {
    for (const p of explainSchemaErrors(validateSchema.errors ?? [], value)) problems.push(nodes.problem(p.path, p.atKey, p.message));
  }
  // Also when the schema failed, so that one run tells every problem.
  problems.push(...beyondSchema(value, nodes));
  if (problems.length > 0) throw new PolicyError(source, problems);
  const raw = (value ?? {}) as RawPolicy;
  const policy = build(raw, nodes);
  policy.source = source;
  return policy;
}

/** The policy as the schema admits it (after validation). */
interface RawPolicy {
  version?: 1;
  licences?: { allow?: string[]; deny?: string[]; osi_only?: boolean; commercial_use_required?: boolean } | null;
  artefacts?: { required?: string[]; also_required?: string[] } | null;
  access?: { allowed?: string[]; by_risk?: Partial<Record<RiskLevel, string[]>> | null } | null;
  rules?: Record<string, SeveritySetting> | null;
  waivers?: { rule: string; path: string; reason: string; expires?: string }[] | null;
}

/**
 * What a schema cannot express: licence selectors against the licence knowledge, rule ids against
 * the registry, real calendar dates, a licence both allowed and denied.
 */
function beyondSchema(value: unknown, nodes: Nodes): PolicyProblem[] {
  // The value may still break the schema here: every read is guarded.
  const problems: PolicyProblem[] = [];
  const record = (v: unknown): Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const strings = (v: unknown): (string | undefined)[] => (Array.isArray(v) ? v.map((s) => (typeof s === 'string' ? s : undefined)) : []);
  const raw = record(value);
  const licences = record(raw.licences);
  for (const list of ['allow', 'deny'] as const) {
    strings(licences[list]).forEach((selector, index) => {
      if (selector === undefined || selector.trim() === '' || isLicenceSelector(selector)) return;
      const near = suggestLicence(selector) ?? closest(selector.toLowerCase(), FAMILY_SELECTORS);
      problems.push(
        nodes.problem(
          ['licences', list, index],
          false,
          `\`${selector}\` is not a known licence${near ? ` (did you mean \`${near}\`?)` : ''}; expected a Hub licence id (apache-2.0, llama3.1), an SPDX id (Apache-2.0) or a family (${FAMILY_SELECTORS.join(', ')}).`
        )
      );
    });
  }
  // Linear in both lists (src/policy/bounds.ts): tens of thousands of ids must not take quadratic time.
  const trimmed = (list: unknown): string[] => strings(list).flatMap((x) => (x === undefined ? [] : [x.trim()]));
  for (const selector of allowedAndDenied(trimmed(licences.allow), trimmed(licences.deny))) {
    problems.push(
      nodes.problem(
        ['licences'],
        false,
        `\`${selector}\` is both allowed and denied; expected it in one list only (a denial always wins, so remove it from \`allow\`).`
      )
    );
  }
  const notRule = (id: string): string => {
    const near = closest(id, RULE_IDS);
    return `\`${id}\` is not a rule id${near ? ` (did you mean \`${near}\`?)` : ''}; expected one of the rules listed in docs/rules/.`;
  };
  for (const id of Object.keys(record(raw.rules)))
    if (RULE_ID_FORM.test(id) && !RULE_IDS.includes(id)) problems.push(nodes.problem(['rules', id], true, notRule(id)));
  (Array.isArray(raw.waivers) ? raw.waivers : []).forEach((item, index) => {
    const waiver = record(item);
    if (typeof waiver.rule === 'string' && RULE_ID_FORM.test(waiver.rule) && !RULE_IDS.includes(waiver.rule))
      problems.push(nodes.problem(['waivers', index, 'rule'], false, notRule(waiver.rule)));
    // Glob complexity is bounded (src/policy/bounds.ts) so that a typo cannot hang the gate.
    const tooComplex = typeof waiver.path === 'string' ? globProblem(waiver.path.replace(/\\/g, '/').replace(/^\.\//, '')) : undefined;
    if (tooComplex) problems.push(nodes.problem(['waivers', index, 'path'], false, `${tooComplex}.`));
    if (typeof waiver.expires === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(waiver.expires) && !isCalendarDate(waiver.expires)) {
      problems.push(nodes.problem(['waivers', index, 'expires'], false, dateMessage(describeValue(waiver.expires))));
    }
  });
  return problems;
}

/** The form of a rule id the schema already checks; ids of that form are then looked up in the registry. */
const RULE_ID_FORM = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** A list without repeats, in first-seen order. */
function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** The Policy of a valid policy file. */
function build(raw: RawPolicy, nodes: Nodes): Policy {
  const policy = defaultPolicy();
  const licences = raw.licences ?? {};
  if (licences.allow) policy.licences.allow = licences.allow.map((s) => s.trim());
  if (licences.deny) policy.licences.deny = licences.deny.map((s) => s.trim());
  if (licences.osi_only !== undefined) policy.licences.osiOnly = licences.osi_only;
  if (licences.commercial_use_required !== undefined) policy.licences.commercialUseRequired = licences.commercial_use_required;
  const artefacts = raw.artefacts ?? {};
  policy.artefacts.required = unique([...(artefacts.required ?? DEFAULT_REQUIRED_ARTEFACTS), ...(artefacts.also_required ?? [])]);
  const access = raw.access ?? {};
  if (access.allowed) policy.access.allowed = unique(access.allowed) as AccessTier[];
  for (const [level, tiers] of Object.entries(access.by_risk ?? {}))
    if (tiers) policy.access.byRisk[level as RiskLevel] = unique(tiers) as AccessTier[];
  for (const [id, setting] of Object.entries(raw.rules ?? {})) policy.rules[id] = setting;
  (raw.waivers ?? []).forEach((w, index) => {
    const waiver: Waiver = {
      rule: w.rule.trim(),
      path: w.path.trim().replace(/\\/g, '/').replace(/^\.\//, ''),
      reason: w.reason.trim(),
      line: nodes.position(['waivers', index], false).line
    };
    if (w.expires !== undefined) waiver.expires = w.expires;
    policy.waivers.push(waiver);
  });
  return policy;
}

// ---------------------------------------------------------------------------------------------

/** Finds the YAML node of a value path, following aliases and `<<` merge keys, for positions. */
class Nodes {
  constructor(
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter
  ) {}

  /** A problem at the node of `path` (its key when `atKey`), or at the nearest node found on the way. */
  problem(path: (string | number)[], atKey: boolean, message: string): PolicyProblem {
    const key = path.reduce<string>((acc, s) => (typeof s === 'number' ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '') || '(file)';
    return { ...this.position(path, atKey), key, message };
  }

  position(path: (string | number)[], atKey: boolean): { line: number; column: number } {
    let node: Node | null = this.deref(this.doc.contents);
    let target: Node | null = node;
    for (const segment of path) {
      const found = this.child(node, segment);
      if (!found) break;
      node = this.deref(found.value);
      target = atKey && segment === path[path.length - 1] && found.key ? found.key : (found.value ?? found.key);
    }
    const offset = target?.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  private child(node: Node | null, segment: string | number): { key: Node | null; value: Node | null } | undefined {
    if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      return item === undefined ? undefined : { key: null, value: item };
    }
    if (!isMap(node)) return undefined;
    const own = node.items.find((p) => !isMergeKey(p.key) && plainKey(p.key) === String(segment));
    if (own) return { key: own.key as Node, value: own.value as Node | null };
    // Keys written in the mapping win over merged ones; among merged mappings the first listed wins.
    for (const pair of node.items.filter((p) => isMergeKey(p.key))) {
      const value = this.deref(pair.value as Node | null);
      for (const source of isSeq(value) ? value.items.map((i) => this.deref(i as Node | null)) : [value]) {
        const found = this.child(source, segment);
        if (found) return found;
      }
    }
    return undefined;
  }

  private deref(node: Node | null | undefined): Node | null {
    if (node === undefined || node === null) return null;
    return isAlias(node) ? ((node.resolve(this.doc) as Node | undefined) ?? null) : node;
  }

  /** `<<` keys that point at something other than a mapping (toJS would throw on them). */
  badMergeKeys(): PolicyProblem[] {
    const problems: PolicyProblem[] = [];
    visit(this.doc, {
      Pair: (_key, pair) => {
        if (!isMergeKey(pair.key)) return;
        const value = this.deref(pair.value as Node | null);
        const sources = isSeq(value) ? value.items.map((i) => this.deref(i as Node | null)) : [value];
        for (const source of sources) {
          if (isMap(source)) continue;
          const { line, col } = this.lines.linePos((source ?? (pair.key as Node)).range?.[0] ?? 0);
          problems.push({
            line,
            column: col,
            key: '(file)',
            message: `the merge key \`<<\` must point at a mapping (e.g. \`<<: *defaults\`), not ${describeNode(source)}.`
          });
        }
      }
    });
    return problems;
  }
}

function describeNode(node: Node | null): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  return describeValue(isScalar(node) ? node.value : null);
}

/** True for the `<<` merge key (the parser gives it a symbol value when `merge` is on). */
function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const value = key.value;
  return (typeof value === 'symbol' && value.description === '<<') || (value === '<<' && key.type === 'PLAIN');
}

function plainKey(key: unknown): string | undefined {
  return isScalar(key) && (typeof key.value === 'string' || typeof key.value === 'number') ? String(key.value) : undefined;
}

/** YAML 1.1 timestamps become YYYY-MM-DD strings before the schema sees them. */
function jsonDates(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString().slice(0, 10);
  if (Array.isArray(value)) return value.map(jsonDates);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonDates(v)]));
  return value;
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
