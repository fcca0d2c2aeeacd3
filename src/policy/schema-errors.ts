/**
 * ajv's errors for the policy, in the words a policy author needs: the bad value, what was expected
 * and, for a near miss, "did you mean". The wording comes from the schema (enums, properties) plus a
 * few nouns per schema location; positions are found by the caller from each error's path.
 */
import type { ErrorObject } from 'ajv';
import schema from '../../schemas/policy.schema.json' with { type: 'json' };
import { closest } from '../suggest.js';

/** One schema problem: where (instance path segments) and what to say. */
export interface SchemaProblem {
  path: (string | number)[];
  /** Point at the key of the last segment rather than its value (unknown keys). */
  atKey: boolean;
  message: string;
}

/** The noun for a value checked by a schema location, found by the end of its schemaPath. */
const NOUNS: [RegExp, string][] = [
  [/\/\$defs\/artefactKey\//, 'an artefact key'],
  [/\/\$defs\/accessTier\//, 'an access tier'],
  [/\/properties\/rules\/additionalProperties\//, 'a severity']
];

/** What a list or text is expected to hold, by the instance path. */
function expectedAt(path: (string | number)[]): string {
  const at = path.filter((s) => typeof s === 'string').join('.');
  const item = typeof path[path.length - 1] === 'number';
  if ((at === 'licences.allow' || at === 'licences.deny') && item) return 'a licence id or family';
  if (at === 'licences.allow' || at === 'licences.deny') return 'a list of licences: Hub ids, SPDX ids or families';
  if (at.startsWith('artefacts.')) return `a list of artefact keys (${schema.$defs.artefactKey.enum.join(', ')})`;
  if (at === 'access.allowed' || at.startsWith('access.by_risk.'))
    return `a list of access tiers (${schema.$defs.accessTier.enum.join(', ')})`;
  if (at === 'waivers') return 'a list of waivers, each `{ rule, path, reason, expires? }`';
  if (at === 'waivers.rule') return 'a rule id';
  if (at === 'waivers.path') return 'a card path or glob such as `models/**/README.md`';
  if (at === 'waivers.reason') return 'a sentence saying why the finding is accepted';
  return 'a value';
}

/** The schema object at a JSON pointer such as `#/properties/licences` (for its properties). */
function schemaAt(pointer: string): Record<string, unknown> | undefined {
  let node: unknown = schema;
  for (const raw of pointer.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  }
  return typeof node === 'object' && node !== null ? (node as Record<string, unknown>) : undefined;
}

/** A value as quoted in messages: strings in JSON quotes, cut at 60 characters. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `\`${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)}\``;
  return typeof value === 'number' || typeof value === 'boolean' ? `\`${value}\`` : 'this value';
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let node = root;
  for (const s of path) node = typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>)[s] : undefined;
  return node;
}

function segmentsOf(instancePath: string): (string | number)[] {
  return instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** The message for one ajv error, or undefined for an error another one already explains. */
function explain(error: ErrorObject, root: unknown): SchemaProblem | undefined {
  const path = segmentsOf(error.instancePath);
  const value = valueAt(root, path);
  const shown = describeValue(value);
  const named = path.filter((s) => typeof s === 'string');
  const last = named[named.length - 1];
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String((error.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys(
        (schemaAt(error.schemaPath.replace(/\/additionalProperties$/, ''))?.properties as object | undefined) ?? {}
      );
      const near = closest(name, allowed) ?? (name === 'licenses' ? 'licences' : undefined);
      return {
        path: [...path, name],
        atKey: true,
        message: `\`${name}\` is not a known key here${near ? ` (did you mean \`${near}\`?)` : ''}; expected one of ${allowed.join(', ')}.`
      };
    }
    case 'required': {
      const name = (error.params as { missingProperty: string }).missingProperty;
      return {
        path: [...path, name],
        atKey: false,
        message: `the waiver has no \`${name}\`; every waiver needs \`rule\`, \`path\` and \`reason\`.`
      };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: string[] }).allowedValues;
      const noun = NOUNS.find(([re]) => re.test(error.schemaPath))?.[1] ?? 'allowed here';
      const near = typeof value === 'string' ? closest(value, allowed) : undefined;
      return {
        path,
        atKey: false,
        message: `${shown} is not ${noun}${near ? ` (did you mean \`${near}\`?)` : ''}; expected one of ${allowed.join(', ')}.`
      };
    }
    case 'const':
      return { path, atKey: false, message: `${shown} is not a supported policy version; expected 1 (or leave it out).` };
    case 'minItems':
      if (last === 'allow')
        return {
          path,
          atKey: false,
          message:
            'an empty allow list would forbid every licence; expected at least one licence or family (or leave `allow` out to allow any licence that is not denied).'
        };
      return {
        path,
        atKey: false,
        message: 'an empty list would forbid every release; expected at least one access tier (or leave `allowed` out to allow every tier).'
      };
    case 'type': {
      const type = String((error.params as { type: string | string[] }).type);
      if (path.length === 0)
        return {
          path,
          atKey: false,
          message: `the policy must be a mapping of sections (${Object.keys(schema.properties).slice(1).join(', ')}), not ${shown}.`
        };
      if (type.startsWith('object') && last === 'waivers')
        return {
          path,
          atKey: false,
          message: `${shown} is not a waiver; expected a mapping with \`rule\`, \`path\`, \`reason\` and optionally \`expires\`.`
        };
      if (type.startsWith('object'))
        return { path, atKey: false, message: `${shown} is not a mapping; expected the keys of \`${named.join('.')}\` indented under it.` };
      if (type.startsWith('array'))
        return { path, atKey: false, message: `${shown} is not a list; expected ${expectedAt(path)}, e.g. \`[a, b]\`.` };
      if (type === 'boolean') return { path, atKey: false, message: `${shown} is not a boolean; expected true or false.` };
      return { path, atKey: false, message: `${shown} is not usable here; expected ${expectedAt(path)}.` };
    }
    case 'pattern':
    case 'minLength':
      if (last === 'expires') return { path, atKey: false, message: dateMessage(shown) };
      if (last === 'rule')
        return { path, atKey: false, message: `${shown} is not a rule id; expected one of the rules listed in docs/rules/.` };
      return { path, atKey: false, message: `${shown} is not usable here; expected ${expectedAt(path)}.` };
    case 'propertyNames': {
      const name = String((error.params as { propertyName: string }).propertyName);
      return {
        path: [...path, name],
        atKey: true,
        message: `\`${name}\` is not a rule id; expected one of the rules listed in docs/rules/.`
      };
    }
    default:
      return { path, atKey: false, message: `${shown} breaks the policy schema: ${error.message ?? error.keyword}.` };
  }
}

/** The message for a date that is not one. */
export function dateMessage(shown: string): string {
  return `${shown} is not a date; expected a calendar date written YYYY-MM-DD, e.g. 2027-03-31 (the waiver applies up to and including that day).`;
}

/** One problem per offending value: ajv may give several errors for one (a pattern and its propertyNames wrapper). */
export function explainSchemaErrors(errors: readonly ErrorObject[], root: unknown): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword === 'pattern' && error.propertyName !== undefined) continue;
    const problem = explain(error, root);
    if (!problem) continue;
    const key = JSON.stringify(problem.path);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(problem);
  }
  return out;
}
