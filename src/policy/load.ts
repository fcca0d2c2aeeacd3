/**
 * Reads and validates the policy file (`.github/model-release-policy.yml` by default).
 *
 * The checks walk the YAML node tree rather than the plain value, so that every problem names the
 * file, line and column of the offending key or value, the key as a dotted path, the bad value and
 * the form that was expected. All problems of a file are collected and thrown together.
 */
import { lstat, readFile } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { suggestLicence } from '../licences/knowledge.js';
import { FAMILY_SELECTORS, isLicenceSelector } from '../licences/select.js';
import { RULE_IDS } from '../rules/index.js';
import { validate as validateSchema } from '../schema/generated/policy.js';
import { ACCESS_TIERS, ARTEFACT_KEYS, DEFAULT_REQUIRED_ARTEFACTS, RISK_LEVELS, type AccessTier, type Policy, type RiskLevel, type SeveritySetting, type Waiver } from '../types.js';
import { allowedAndDenied, globProblem } from './bounds.js';
import { defaultPolicy } from './defaults.js';

/** A policy bigger than this is not a policy; refuse it rather than parse it. */
export const MAX_POLICY_BYTES = 1024 * 1024;
const MAX_ALIASES = 100;
const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'notice', 'off'];

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
    throw new PolicyError(path, [{ line: 1, column: 1, key: '(file)', message: code === 'ENOENT' ? 'the policy file does not exist. Check the path, or leave the policy unset to use the defaults.' : `the policy file cannot be read (${code ?? (error as Error).message}).` }]);
  }
  // A link could point anywhere on the runner, and error messages quote the file's values.
  if (info.isSymbolicLink()) throw new PolicyError(path, [{ line: 1, column: 1, key: '(file)', message: 'the policy file is a symbolic link; links are not followed. Point the policy input at the file itself.' }]);
  if (!info.isFile()) throw new PolicyError(path, [{ line: 1, column: 1, key: '(file)', message: 'the policy path is not a regular file.' }]);
  if (info.size > MAX_POLICY_BYTES) throw new PolicyError(path, [{ line: 1, column: 1, key: '(file)', message: `the policy file is ${info.size} bytes; the limit is ${MAX_POLICY_BYTES}.` }]);
  const text = await readFile(path, 'utf8');
  return parsePolicy(text, path);
}

/** The path as reports show it: relative to the working directory when inside it, with `/`. */
function displayPath(file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(process.cwd(), file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : file;
}

/** Parses and validates policy text; throws a PolicyError listing every problem. */
export function parsePolicy(text: string, source: string): Policy {
  if (text.length > MAX_POLICY_BYTES) throw new PolicyError(source, [{ line: 1, column: 1, key: '(file)', message: `the policy is ${text.length} characters long; the limit is ${MAX_POLICY_BYTES}.` }]);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lineCounter = new LineCounter();
  // `merge`: a policy may reuse a mapping with `<<: *anchor`, as YAML 1.1 (and most CI YAML) allows.
  const doc = parseDocument(body, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, merge: true });
  const v = new Validator(doc, lineCounter);
  for (const error of doc.errors) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    if (error.code === 'DUPLICATE_KEY') {
      const key = body.slice(error.pos[0]).split(/\r?\n/)[0].replace(/:(\s.*)?$/, '').trim().slice(0, 80);
      v.problems.push({ line, column: col, key: key || '(file)', message: 'this key appears twice in the same mapping; keep one of them.' });
    } else {
      v.problems.push({ line, column: col, key: '(file)', message: `the YAML does not parse: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+.*$/, '')}.` });
    }
  }
  if (v.problems.length > 0) throw new PolicyError(source, v.problems);
  const policy = v.policy(doc.contents as Node | null);
  // The published schema, precompiled, as a second net: the walk above gives the precise messages, and
  // anything the schema forbids that the walk let through is still refused.
  if (v.problems.length === 0) v.schema(validateSchema);
  if (v.problems.length > 0) throw new PolicyError(source, v.problems);
  policy.source = source;
  return policy;
}

// ---------------------------------------------------------------------------------------------

type Checked<T> = T | undefined;

class Validator {
  readonly problems: PolicyProblem[] = [];
  private aliases = 0;

  private readonly doc: Document.Parsed;
  private readonly lines: LineCounter;

  constructor(doc: Document.Parsed, lines: LineCounter) {
    this.doc = doc;
    this.lines = lines;
  }

  policy(root: Node | null): Policy {
    const policy = defaultPolicy();
    const top = this.deref(root);
    if (top === null || (isScalar(top) && top.value === null)) return policy;
    if (!isMap(top)) {
      this.fail(top, '(file)', `the policy must be a mapping of sections (licences, artefacts, access, rules, waivers), not ${this.describe(top)}.`);
      return policy;
    }
    const sections = this.entries(top, '', ['version', 'licences', 'artefacts', 'access', 'rules', 'waivers']);
    for (const [name, node, pair] of sections) {
      if (name === 'version') {
        if (!(isScalar(node) && node.value === 1)) this.fail(node ?? pair, 'version', `${this.describe(node)} is not a supported policy version; expected 1 (or leave it out).`);
      } else if (name === 'licences') this.licences(node, policy);
      else if (name === 'artefacts') this.artefacts(node, policy);
      else if (name === 'access') this.access(node, policy);
      else if (name === 'rules') this.rules(node, policy);
      else if (name === 'waivers') this.waivers(node, policy);
    }
    return policy;
  }

  private licences(node: Node | null, policy: Policy): void {
    const map = this.mapping(node, 'licences');
    if (!map) return;
    for (const [name, value] of this.entries(map, 'licences', ['allow', 'deny', 'osi_only', 'commercial_use_required'])) {
      const key = `licences.${name}`;
      if (name === 'allow' || name === 'deny') {
        const list = this.selectors(value, key);
        if (!list) continue;
        if (name === 'allow') {
          if (list.length === 0) this.fail(value, key, 'an empty allow list would forbid every licence; expected at least one licence or family (or leave `allow` out to allow any licence that is not denied).');
          else policy.licences.allow = list;
        } else policy.licences.deny = list;
      } else {
        const flag = this.boolean(value, key);
        if (flag === undefined) continue;
        if (name === 'osi_only') policy.licences.osiOnly = flag;
        else policy.licences.commercialUseRequired = flag;
      }
    }
    const both = allowedAndDenied(policy.licences.allow ?? [], policy.licences.deny);
    for (const selector of both) {
      this.fail(map, 'licences', `\`${selector}\` is both allowed and denied; expected it in one list only (a denial always wins, so remove it from \`allow\`).`);
    }
  }

  private artefacts(node: Node | null, policy: Policy): void {
    const map = this.mapping(node, 'artefacts');
    if (!map) return;
    let required: string[] | undefined;
    let also: string[] = [];
    for (const [name, value] of this.entries(map, 'artefacts', ['required', 'also_required'])) {
      const list = this.enumList(value, `artefacts.${name}`, ARTEFACT_KEYS, 'an artefact key');
      if (!list) continue;
      if (name === 'required') required = list;
      else also = list;
    }
    const merged = [...(required ?? DEFAULT_REQUIRED_ARTEFACTS)];
    for (const key of also) if (!merged.includes(key)) merged.push(key);
    policy.artefacts.required = merged;
  }

  private access(node: Node | null, policy: Policy): void {
    const map = this.mapping(node, 'access');
    if (!map) return;
    for (const [name, value] of this.entries(map, 'access', ['allowed', 'by_risk'])) {
      if (name === 'allowed') {
        const list = this.enumList(value, 'access.allowed', ACCESS_TIERS, 'an access tier');
        if (!list) continue;
        if (list.length === 0) this.fail(value, 'access.allowed', 'an empty list would forbid every release; expected at least one access tier (or leave `allowed` out to allow every tier).');
        else policy.access.allowed = list as AccessTier[];
        continue;
      }
      const byRisk = this.mapping(value, 'access.by_risk');
      if (!byRisk) continue;
      for (const [level, tiers] of this.entries(byRisk, 'access.by_risk', RISK_LEVELS)) {
        const list = this.enumList(tiers, `access.by_risk.${level}`, ACCESS_TIERS, 'an access tier');
        if (list) policy.access.byRisk[level as RiskLevel] = list as AccessTier[];
      }
    }
  }

  private rules(node: Node | null, policy: Policy): void {
    const map = this.mapping(node, 'rules');
    if (!map) return;
    for (const pair of this.pairs(map, 'rules')) {
      const id = this.keyName(pair, 'rules');
      if (id === undefined) continue;
      const key = `rules.${id}`;
      if (!RULE_IDS.includes(id)) {
        const near = closest(id, RULE_IDS);
        this.fail(pair.key as Node, key, `\`${id}\` is not a rule id${near ? ` (did you mean \`${near}\`?)` : ''}; expected one of the rules listed in docs/rules/.`);
        continue;
      }
      const value = this.deref(pair.value as Node | null);
      const setting = isScalar(value) ? value.value : undefined;
      if (typeof setting !== 'string' || !SEVERITY_SETTINGS.includes(setting as SeveritySetting)) {
        this.fail(value ?? (pair.key as Node), key, `${this.describe(value)} is not a severity; expected one of error, warning, notice, off.`);
        continue;
      }
      policy.rules[id] = setting as SeveritySetting;
    }
  }

  private waivers(node: Node | null, policy: Policy): void {
    const value = this.deref(node);
    if (value === null || (isScalar(value) && value.value === null)) return;
    if (!isSeq(value)) {
      this.fail(value, 'waivers', `${this.describe(value)} is not a list; expected a list of waivers, each \`{ rule, path, reason, expires? }\`.`);
      return;
    }
    value.items.forEach((raw, index) => {
      const key = `waivers[${index}]`;
      const item = this.deref(raw as Node | null);
      if (!isMap(item)) {
        this.fail(item ?? value, key, `${this.describe(item)} is not a waiver; expected a mapping with \`rule\`, \`path\`, \`reason\` and optionally \`expires\`.`);
        return;
      }
      const waiver: Partial<Waiver> = { line: this.pos(item).line };
      for (const [name, field] of this.entries(item, key, ['rule', 'path', 'reason', 'expires'])) {
        const fieldKey = `${key}.${name}`;
        if (name === 'expires') {
          const date = this.date(field, fieldKey);
          if (date) waiver.expires = date;
          continue;
        }
        const text = this.text(field, fieldKey, name === 'rule' ? 'a rule id' : name === 'path' ? 'a card path or glob such as `models/**/README.md`' : 'a sentence saying why the finding is accepted');
        if (text === undefined) continue;
        if (name === 'rule' && !RULE_IDS.includes(text)) {
          const near = closest(text, RULE_IDS);
          this.fail(field, fieldKey, `\`${text}\` is not a rule id${near ? ` (did you mean \`${near}\`?)` : ''}; expected one of the rules listed in docs/rules/.`);
          continue;
        }
        if (name === 'path') {
          waiver.path = text.replace(/\\/g, '/').replace(/^\.\//, '');
          const tooComplex = globProblem(waiver.path);
          if (tooComplex) this.fail(field, fieldKey, `${tooComplex}.`);
        } else waiver[name as 'rule' | 'reason'] = text;
      }
      for (const required of ['rule', 'path', 'reason'] as const) {
        if (!this.pairs(item, key, false).some((p) => isScalar(p.key) && p.key.value === required)) {
          this.fail(item, `${key}.${required}`, `the waiver has no \`${required}\`; every waiver needs \`rule\`, \`path\` and \`reason\`.`);
        }
      }
      if (waiver.rule && waiver.path && waiver.reason) policy.waivers.push(waiver as Waiver);
    });
  }

  /** Reports every schema violation at the position of the value it concerns. */
  schema(check: typeof validateSchema): void {
    const value = jsonDates(this.doc.toJS({ maxAliasCount: MAX_ALIASES }));
    if (check(value ?? {})) return;
    for (const error of check.errors ?? []) {
      const segments = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      const extra = typeof error.params?.additionalProperty === 'string' ? error.params.additionalProperty : undefined;
      const path = extra ? [...segments, extra] : segments;
      const node = this.doc.getIn(path.map((s) => (/^\d+$/.test(s) ? Number(s) : s)), true) as Node | undefined;
      const key = path.reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '') || '(file)';
      this.fail(node ?? (this.doc.contents as Node | null), key, `${this.describe(node ?? null)} breaks the policy schema: ${error.message ?? error.keyword}.`);
    }
  }

  // --- value readers: each reports its own problem and returns undefined when the value is bad ---

  private selectors(node: Node | null, key: string): Checked<string[]> {
    const items = this.list(node, key, 'a list of licences: Hub ids, SPDX ids or families');
    if (!items) return undefined;
    const out: string[] = [];
    let ok = true;
    items.forEach((item, index) => {
      const text = this.text(item, `${key}[${index}]`, 'a licence id or family');
      if (text === undefined) {
        ok = false;
        return;
      }
      if (!isLicenceSelector(text)) {
        const near = suggestLicence(text) ?? closest(text.toLowerCase(), FAMILY_SELECTORS);
        this.fail(item, `${key}[${index}]`, `\`${text}\` is not a known licence${near ? ` (did you mean \`${near}\`?)` : ''}; expected a Hub licence id (apache-2.0, llama3.1), an SPDX id (Apache-2.0) or a family (${FAMILY_SELECTORS.join(', ')}).`);
        ok = false;
        return;
      }
      out.push(text.trim());
    });
    return ok ? out : undefined;
  }

  private enumList(node: Node | null, key: string, allowed: readonly string[], what: string): Checked<string[]> {
    const items = this.list(node, key, `a list of ${what}s (${allowed.join(', ')})`);
    if (!items) return undefined;
    const out: string[] = [];
    let ok = true;
    items.forEach((item, index) => {
      const value = isScalar(item) ? item.value : undefined;
      if (typeof value !== 'string' || !allowed.includes(value)) {
        const near = typeof value === 'string' ? closest(value, allowed) : undefined;
        this.fail(item ?? node, `${key}[${index}]`, `${this.describe(item)} is not ${what}${near ? ` (did you mean \`${near}\`?)` : ''}; expected one of ${allowed.join(', ')}.`);
        ok = false;
      } else if (!out.includes(value)) out.push(value);
    });
    return ok ? out : undefined;
  }

  private list(node: Node | null, key: string, expected: string): Checked<(Node | null)[]> {
    const value = this.deref(node);
    if (!isSeq(value)) {
      this.fail(value ?? node, key, `${this.describe(value)} is not a list; expected ${expected}, e.g. \`[a, b]\`.`);
      return undefined;
    }
    return value.items.map((item) => this.deref(item as Node | null));
  }

  private mapping(node: Node | null, key: string): YAMLMap | undefined {
    const value = this.deref(node);
    // An empty section (`access:` with nothing under it) means "the defaults".
    if (value === null || (isScalar(value) && value.value === null)) return undefined;
    if (!isMap(value)) {
      this.fail(value, key, `${this.describe(value)} is not a mapping; expected the keys of \`${key}\` indented under it.`);
      return undefined;
    }
    return value;
  }

  private boolean(node: Node | null, key: string): Checked<boolean> {
    const value = this.deref(node);
    if (isScalar(value) && typeof value.value === 'boolean') return value.value;
    if (isScalar(value) && value.value === null) return undefined;
    this.fail(value ?? node, key, `${this.describe(value)} is not a boolean; expected true or false.`);
    return undefined;
  }

  private text(node: Node | null, key: string, expected: string): Checked<string> {
    const value = this.deref(node);
    if (isScalar(value) && typeof value.value === 'string' && value.value.trim() !== '') return value.value.trim();
    this.fail(value ?? node, key, `${this.describe(value)} is not usable here; expected ${expected}.`);
    return undefined;
  }

  private date(node: Node | null, key: string): Checked<string> {
    const value = this.deref(node);
    let text: string | undefined;
    if (isScalar(value) && value.value instanceof Date && !Number.isNaN(value.value.getTime())) text = value.value.toISOString().slice(0, 10);
    else if (isScalar(value) && typeof value.value === 'string') text = value.value.trim();
    if (text !== undefined && isCalendarDate(text)) return text;
    this.fail(value ?? node, key, `${this.describe(value)} is not a date; expected a calendar date written YYYY-MM-DD, e.g. 2027-03-31 (the waiver applies up to and including that day).`);
    return undefined;
  }

  /** The pairs of a mapping whose key is allowed; unknown keys are problems. */
  private entries(map: YAMLMap, prefix: string, allowed: readonly string[]): [string, Node | null, Pair][] {
    const out: [string, Node | null, Pair][] = [];
    for (const pair of this.pairs(map, prefix || '(top level)')) {
      const name = this.keyName(pair, prefix || '(top level)');
      if (name === undefined) continue;
      const key = prefix ? `${prefix}.${name}` : name;
      if (!allowed.includes(name)) {
        const near = closest(name, allowed) ?? (name === 'licenses' ? 'licences' : undefined);
        this.fail(pair.key as Node, key, `\`${name}\` is not a known key here${near ? ` (did you mean \`${near}\`?)` : ''}; expected one of ${allowed.join(', ')}.`);
        continue;
      }
      out.push([name, pair.value as Node | null, pair]);
    }
    return out;
  }

  /**
   * The pairs of a mapping with `<<` merge keys expanded: keys written in the mapping win over merged
   * ones, and among merged mappings the first listed wins (YAML 1.1 merge semantics, as toJS applies them).
   */
  private pairs(map: YAMLMap, where: string, report = true): Pair[] {
    const own: Pair[] = [];
    const merged: Pair[] = [];
    for (const pair of map.items) {
      if (!isMergeKey(pair.key)) {
        own.push(pair);
        continue;
      }
      const value = this.deref(pair.value as Node | null);
      const sources = isSeq(value) ? value.items.map((item) => this.deref(item as Node | null)) : [value];
      for (const source of sources) {
        if (isMap(source)) merged.push(...this.pairs(source, where, report));
        else if (report) this.fail(source ?? (pair.key as Node), where, `the merge key \`<<\` must point at a mapping (e.g. \`<<: *defaults\`), not ${this.describe(source)}.`);
      }
    }
    const seen = new Set(own.map((p) => plainKey(p.key)));
    const out = [...own];
    for (const pair of merged) {
      const key = plainKey(pair.key);
      if (key !== undefined && seen.has(key)) continue;
      if (key !== undefined) seen.add(key);
      out.push(pair);
    }
    return out;
  }

  private keyName(pair: Pair, where: string): string | undefined {
    const keyNode = pair.key as Node | null;
    if (isScalar(keyNode) && (typeof keyNode.value === 'string' || typeof keyNode.value === 'number')) return String(keyNode.value);
    this.fail(keyNode ?? (pair.value as Node | null), where, `a key must be plain text, not ${this.describe(keyNode)}.`);
    return undefined;
  }

  /** Follows an alias (anchors let a policy reuse a tier list), with a bound on how many. */
  private deref(node: Node | null | undefined): Node | null {
    if (node === undefined || node === null) return null;
    if (!isAlias(node)) return node;
    if (++this.aliases > MAX_ALIASES) {
      this.fail(node, '(file)', `the policy uses more than ${MAX_ALIASES} aliases; expected a plain file.`);
      return null;
    }
    return (node.resolve(this.doc) as Node | undefined) ?? null;
  }

  private pos(node: Node | Pair | null | undefined): { line: number; column: number } {
    const target = isPair(node) ? (node.key as Node) : node;
    const offset = target && 'range' in target && target.range ? target.range[0] : 0;
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  private fail(node: Node | Pair | null | undefined, key: string, message: string): void {
    this.problems.push({ ...this.pos(node), key, message });
  }

  private describe(node: Node | null | undefined): string {
    if (node === null || node === undefined || (isScalar(node) && node.value === null)) return 'an empty value';
    if (isMap(node)) return 'a mapping';
    if (isSeq(node)) return 'a list';
    if (isScalar(node)) {
      const v = node.value;
      const shown = typeof v === 'string' ? JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v) : String(v instanceof Date ? v.toISOString().slice(0, 10) : v);
      return `\`${shown}\``;
    }
    return 'this value';
  }
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

/** YAML 1.1 timestamps become YYYY-MM-DD strings, as the walk reads them, before the schema sees them. */
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

/** The nearest candidate within a small edit distance, for "did you mean". */
function closest(value: string, candidates: readonly string[]): string | undefined {
  let best: { c: string; d: number } | undefined;
  const max = Math.max(1, Math.floor(value.length / 4));
  for (const c of candidates) {
    const d = distance(value.toLowerCase(), c.toLowerCase());
    if (d <= max && (!best || d < best.d)) best = { c, d };
  }
  return best?.c;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
