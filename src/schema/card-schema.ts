/**
 * Checks card metadata against schemas/model-card.schema.json with the precompiled validator and turns
 * ajv's errors into one plain-English message per violation, each with the metadata path to point at.
 */
import type { ErrorObject } from 'ajv';
import schema from '../../schemas/model-card.schema.json' with { type: 'json' };
import type { PathSegment } from '../types.js';
import { validate } from './generated/model-card.js';
import { editDistance } from '../suggest.js';

export interface SchemaViolation {
  /** Metadata path of the offending key or value (empty: the metadata as a whole). */
  path: PathSegment[];
  /** Type and enum errors point at the value, unknown keys and missing keys at the key. */
  part: 'key' | 'value';
  message: string;
  /** The JSON Schema keyword that failed (type, enum, required, additionalProperties, ...). */
  keyword: string;
}

/** More findings than this for one card would bury the rest of the report. */
export const MAX_VIOLATIONS = 50;

/** What a value must be, by schema location (JSON pointer without the failing keyword). */
const EXPECTED: Record<string, string> = {
  '#/properties/language': 'a language code or a list of language codes',
  '#/properties/language/items': 'a language code',
  '#/properties/license': 'a licence id or a list of licence ids',
  '#/properties/license/items': 'a licence id',
  '#/properties/datasets': 'a dataset id or a list of dataset ids',
  '#/properties/datasets/items': 'a dataset id',
  '#/properties/metrics': 'a metric id or a list of metric ids',
  '#/properties/metrics/items': 'a metric id',
  '#/properties/base_model': 'a model id or a list of model ids',
  '#/properties/base_model/items': 'a model id',
  '#/properties/new_version': 'a model id',
  '#/properties/tags': 'a list of tags',
  '#/properties/tags/items': 'a tag (text)',
  '#/properties/model-index': 'a list of `{name, results}` entries',
  '#/$defs/modelIndexEntry': 'a mapping with `name` and `results`',
  '#/$defs/evalResult': 'a mapping with `task`, `dataset` and `metrics`',
  '#/properties/co2_eq_emissions': 'a number of grams of CO2 or a mapping with `emissions`',
  '#/properties/widget': 'a list of example mappings (`text`, `src`, `example_title`, ...)',
  '#/properties/widget/items': 'a mapping such as `{text: ..., example_title: ...}`',
  '#/properties/inference': '`true`, `false` or a mapping with `parameters`',
  '#/properties/extra_gated_fields': 'a mapping from form labels to field types',
  '#/$defs/gateField': 'a field type (text, checkbox, date_picker, country, ip_location) or a mapping `{type, options}`',
  '#/properties/release': 'a mapping with `access`, `artefacts` and the other release keys',
  '#/properties/release/properties/access_details': 'a mapping with `approval`, `conditions` and `stages`',
  '#/properties/release/properties/artefacts': 'a mapping from artefact names (weights, training_code, ...) to `{status, ...}`',
  '#/$defs/artefact': 'a mapping such as `{status: released, licence: ..., location: ...}`',
  '#/properties/release/properties/use_restrictions': 'a URL or a list of restrictions',
  '#/properties/release/properties/use_restrictions/items': 'a restriction (text)',
  '#/properties/release/properties/risk': 'a mapping with `dual_use` and `assessment`',
  '#/properties/release/properties/synthetic_data': 'a list of `{dataset, generator}` entries',
  '#/$defs/syntheticData': 'a mapping `{dataset, generator}`',
  '#/$defs/syntheticData/properties/generator': 'a Hub model id such as `org/model`',
  '#/$defs/syntheticData/properties/dataset': 'a Hub dataset id such as `org/dataset`'
};

/** What an enumerated value is, by schema location. */
const NOUNS: Record<string, string> = {
  '#/properties/pipeline_tag': 'a Hub pipeline tag',
  '#/properties/base_model_relation': 'a base-model relation',
  '#/properties/gated': 'a gate setting',
  '#/properties/release/properties/access': 'an access tier',
  '#/properties/release/properties/access_details/properties/approval': 'an approval mode',
  '#/properties/release/properties/risk/properties/dual_use': 'a dual-use risk level',
  '#/$defs/artefact/properties/status': 'an artefact status',
  '#/$defs/gateField/then': 'a gate form field type',
  '#/$defs/gateField/properties/type': 'a gate form field type'
};

/** Enums longer than this are named by example instead of listed in full. */
const MAX_LISTED = 12;

export function expectedPhrases(): Readonly<Record<string, string>> {
  return EXPECTED;
}

export function enumNouns(): Readonly<Record<string, string>> {
  return NOUNS;
}

/** Validates metadata; returns one violation per real problem, in ajv's order. */
export function checkCardSchema(meta: Record<string, unknown>): SchemaViolation[] {
  if (validate(meta)) return [];
  return describeSchemaErrors(validate.errors ?? [], meta);
}

/** Turns ajv errors into violations: branch noise collapsed, duplicates dropped, capped at MAX_VIOLATIONS. */
export function describeSchemaErrors(errors: readonly ErrorObject[], data: unknown): SchemaViolation[] {
  const kept = dropMisspeltRequired(
    collapseBranches(errors).filter((e) => e.keyword !== 'if'),
    data
  );
  const out: SchemaViolation[] = [];
  const seen = new Set<string>();
  let hidden = 0;
  for (const error of kept) {
    const path = pointerToPath(error.instancePath, data);
    const value = valueAt(data, path);
    if (ownedElsewhere(error, path, value)) continue;
    // Past the cap only count: a hostile card may carry a hundred thousand wrong items.
    if (out.length >= MAX_VIOLATIONS) {
      hidden++;
      continue;
    }
    const violation = describe(error, path, value);
    const key = `${violation.part}\u0000${violation.path.join('\u0000')}\u0000${violation.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(violation);
  }
  if (hidden > 0) {
    out.push({
      path: [],
      part: 'key',
      keyword: 'limit',
      message: `${hidden} more schema violation${hidden === 1 ? '' : 's'} not shown: mend the ones above and run the check again.`
    });
  }
  return out;
}

/**
 * anyOf/oneOf failures come with one error per failed branch; only the summary about the value is a
 * real violation, so branch errors under it are dropped.
 */
function collapseBranches(errors: readonly ErrorObject[]): ErrorObject[] {
  const groups = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  if (groups.length === 0) return [...errors];
  return errors.filter(
    (e) =>
      !groups.some(
        (g) =>
          g !== e &&
          e.schemaPath.startsWith(`${g.schemaPath}/`) &&
          (e.instancePath === g.instancePath || e.instancePath.startsWith(`${g.instancePath}/`))
      )
  );
}

/**
 * `{stat: released}` is one mistake, not two: when an unknown key is a misspelling of a missing required
 * key, the unknown-key message (with its "did you mean") is enough.
 */
function dropMisspeltRequired(errors: ErrorObject[], data: unknown): ErrorObject[] {
  const misspelt = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') continue;
    const known = Object.keys(propertiesAt(pointerToPath(e.instancePath, data)));
    const guess = closest(String((e.params as Record<string, unknown>).additionalProperty), known);
    if (guess) misspelt.add(`${e.instancePath}\u0000${guess}`);
  }
  if (misspelt.size === 0) return errors;
  return errors.filter(
    (e) =>
      !(e.keyword === 'required' && misspelt.has(`${e.instancePath}\u0000${String((e.params as Record<string, unknown>).missingProperty)}`))
  );
}

/**
 * Violations another rule already reports with a more specific message, so one mistake gives one finding:
 * an empty `release.access` (access-undeclared) and a `license` that is not text or a list of text
 * (licence-unknown reports every such shape).
 */
function ownedElsewhere(error: ErrorObject, path: PathSegment[], value: unknown): boolean {
  if (path[0] === 'license' && error.keyword === 'type') return true;
  return path.length === 2 && path[0] === 'release' && path[1] === 'access' && typeof value === 'string' && value.trim() === '';
}

function describe(error: ErrorObject, path: PathSegment[], value: unknown): SchemaViolation {
  const at = displayPath(path);
  const where = schemaLocation(error, path);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return {
        path,
        part: 'value',
        keyword: 'type',
        message: `${at} must be ${EXPECTED[where] ?? typePhrase(params.type)}, not ${kindOf(value)}.`
      };
    case 'enum':
    case 'const': {
      const allowed = (error.keyword === 'enum' ? (params.allowedValues as unknown[]) : [params.allowedValue]).filter((v) => v !== null);
      const noun = NOUNS[where] ?? 'an allowed value';
      const names = allowed.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
      const listed =
        names.length > MAX_LISTED
          ? `one of the ${names.length} values the Hub knows, such as ${names.slice(0, 4).join(', ')}`
          : `one of ${names.join(', ')}`;
      const guess = typeof value === 'string' ? closest(value, names) : undefined;
      return {
        path,
        part: 'value',
        keyword: error.keyword,
        message: `${at} is ${show(value)}, which is not ${noun}; expected ${listed}${guess ? ` (did you mean \`${guess}\`?)` : ''}.`
      };
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const known = Object.keys(propertiesAt(path));
      const guess = closest(extra, known);
      const keyPath = [...path, extra];
      return {
        path: keyPath,
        part: 'key',
        keyword: 'additionalProperties',
        message:
          `${path.length === 0 ? 'The metadata' : at} has an unknown key ${code(extra)}` +
          (guess ? ` (did you mean \`${guess}\`?)` : '') +
          (known.length > 0 ? `; the keys it may have are ${listWords(known)}.` : '.')
      };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      const property = propertiesAt(path)[missing];
      const hint = isObject(property) && typeof property.description === 'string' ? ` (${lowerFirst(trimStop(property.description))})` : '';
      return {
        path,
        part: 'key',
        keyword: 'required',
        message: `${path.length === 0 ? 'The metadata' : at} is missing \`${missing}\`: add it${hint}.`
      };
    }
    case 'pattern':
      return {
        path,
        part: 'value',
        keyword: 'pattern',
        message:
          `${at} is ${show(value)}, which is not ${EXPECTED[where] ?? 'in the expected form'}.` +
          (path[0] === 'base_model' && typeof value === 'string' && value.includes(',')
            ? ' Write several parents as a list (`base_model: [org/a, org/b]`), not a comma-separated string.'
            : '')
      };
    case 'anyOf':
    case 'oneOf':
      return {
        path,
        part: 'value',
        keyword: error.keyword,
        message:
          error.keyword === 'oneOf' && params.passingSchemas != null
            ? `${at} matches more than one accepted form; make it match exactly one (${EXPECTED[where] ?? 'see the schema'}).`
            : `${at} must be ${EXPECTED[where] ?? 'one of the accepted forms'}, not ${kindOf(value)}.`
      };
    default:
      // Keywords the card schema does not use today; say what ajv found, in its words, at the value.
      return {
        path,
        part: 'value',
        keyword: error.keyword,
        message: `${at} is not valid here: it ${error.message ?? 'breaks the schema'}.`
      };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface SchemaNode {
  /** Canonical JSON pointer of the subschema (`$ref`s followed), e.g. `#/$defs/artefact`. */
  pointer: string;
  node: Record<string, unknown>;
}

function deref(at: SchemaNode): SchemaNode {
  let current = at;
  for (let hops = 0; hops < 8 && typeof current.node.$ref === 'string' && current.node.$ref.startsWith('#/'); hops++) {
    const target = walk(current.node.$ref);
    if (!target) break;
    current = { pointer: current.node.$ref, node: target };
  }
  return current;
}

function walk(pointer: string): Record<string, unknown> | undefined {
  let node: unknown = schema;
  for (const raw of pointer.replace(/^#\/?/, '').split('/')) {
    if (raw === '') continue;
    node = isObject(node) ? node[raw.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return isObject(node) ? node : undefined;
}

/**
 * The subschema that governs the value at a metadata path, found by walking the schema along the path.
 * (ajv's own schemaPath is relative to whichever function it compiled a `$ref` into, so it is ambiguous.)
 */
function schemaAt(path: PathSegment[]): SchemaNode | undefined {
  let at: SchemaNode = { pointer: '#', node: schema };
  for (const segment of path) {
    at = deref(at);
    const { node, pointer } = at;
    if (typeof segment === 'number') {
      if (!isObject(node.items)) return undefined;
      at = { pointer: `${pointer}/items`, node: node.items };
    } else if (isObject(node.properties) && isObject(node.properties[segment])) {
      at = { pointer: `${pointer}/properties/${segment.replace(/~/g, '~0').replace(/\//g, '~1')}`, node: node.properties[segment] };
    } else if (isObject(node.additionalProperties)) {
      at = { pointer: `${pointer}/additionalProperties`, node: node.additionalProperties };
    } else {
      return undefined;
    }
  }
  return deref(at);
}

/** The table key for an error: the governing subschema, plus `/then` for a conditional's errors. */
function schemaLocation(error: ErrorObject, path: PathSegment[]): string {
  const at = schemaAt(path);
  if (!at) return '';
  return /\/then\/[^/]+$/.test(error.schemaPath) ? `${at.pointer}/then` : at.pointer;
}

/** The `properties` of the subschema governing the object at a metadata path. */
function propertiesAt(path: PathSegment[]): Record<string, unknown> {
  const at = schemaAt(path);
  return at && isObject(at.node.properties) ? at.node.properties : {};
}

function typePhrase(types: unknown): string {
  const list = (Array.isArray(types) ? types : [types]).filter((t) => t !== 'null').map(String);
  const words = list.map((t) => {
    switch (t) {
      case 'string':
        return 'text';
      case 'array':
        return 'a list';
      case 'object':
        return 'a mapping (`key: value` lines)';
      case 'number':
        return 'a number';
      case 'integer':
        return 'a whole number';
      case 'boolean':
        return '`true` or `false`';
      default:
        return t;
    }
  });
  return words.length === 0 ? 'empty' : words.join(' or ');
}

/** How a wrongly typed value is named: "not a number". */
function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `text (${show(value)})`;
    case 'number':
      return 'a number';
    case 'boolean':
      return `\`${value}\``;
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

/** A value as it appears in a message: short, on one line, inside a code span. */
function show(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  // Objects and arrays were described above: what is left is a primitive.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return code(String(value));
}

function code(text: string): string {
  // Card text is untrusted: no backticks (they would end the span), no line breaks or control characters.
  let clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069`]/g, ' ').trim();
  if (clean.length > 60) clean = `${clean.slice(0, 57)}...`;
  return `\`${clean}\``;
}

function lowerFirst(text: string): string {
  return /^[A-Z](?![A-Z])/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function trimStop(text: string): string {
  return text.trim().replace(/\.$/, '');
}

function listWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** Metadata path as a reader writes it: `release.artefacts.weights`, `model-index[0].name`. */
export function displayPath(path: PathSegment[]): string {
  if (path.length === 0) return 'The metadata';
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else {
      const label = segment.length > 40 ? `${segment.slice(0, 37)}...` : segment;
      out += `[${JSON.stringify(label).replace(/`/g, "'")}]`;
    }
  }
  return `\`${out.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')}\``;
}

/** JSON pointer (`/release/artefacts/0`) to path segments; list indices become numbers. */
export function pointerToPath(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(segment);
      path.push(index);
      node = node[index];
    } else {
      path.push(segment);
      node = isObject(node) ? node[segment] : undefined;
    }
  }
  return path;
}

function valueAt(data: unknown, path: PathSegment[]): unknown {
  let node = data;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
    else if (isObject(node)) node = node[String(segment)];
    else return undefined;
  }
  return node;
}

/** The candidate a misspelling most likely meant, or undefined when none is close. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  if (typeof input !== 'string') return closestOnce(input, candidates);
  // Memoised per candidate list and input: a corpus repeats the same few mistakes (a pipeline tag the
  // schema does not list), and each one costs an edit distance against every candidate.
  const listKey = candidates.join('\u0000');
  let table = CLOSEST.get(listKey);
  if (!table) {
    if (CLOSEST.size >= 256) CLOSEST.clear();
    table = new Map();
    CLOSEST.set(listKey, table);
  }
  if (table.has(input)) return table.get(input);
  const guess = closestOnce(input, candidates);
  if (table.size >= 4096) table.clear();
  table.set(input, guess);
  return guess;
}

const CLOSEST = new Map<string, Map<string, string | undefined>>();

function closestOnce(input: string, candidates: readonly string[]): string | undefined {
  const needle = input.trim().toLowerCase();
  if (needle === '') return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    if (c === needle) return candidate;
    const d = typoDistance(needle, c);
    const limit = Math.max(1, Math.floor(c.length / 3));
    if (d <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Edit distance, only between strings short and close enough in length to be typos. */
function typoDistance(a: string, b: string): number {
  return Math.abs(a.length - b.length) > 3 ? Infinity : editDistance(a, b, 64);
}
