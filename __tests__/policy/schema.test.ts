/** The published policy schema (as precompiled by scripts/build-validators.mjs) agrees with the loader. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parsePolicy } from '../../src/policy/load.js';
import { validate } from '../../src/schema/generated/policy.js';
import { ACCESS_TIERS, ARTEFACT_KEYS } from '../../src/types.js';

const schema = JSON.parse(readFileSync(new URL('../../schemas/policy.schema.json', import.meta.url), 'utf8'));
const example = readFileSync(new URL('../../examples/model-release-policy.yml', import.meta.url), 'utf8');

const loaderAccepts = (text: string): boolean => {
  try {
    parsePolicy(text, 'p.yml');
    return true;
  } catch {
    return false;
  }
};

describe('policy.schema.json', () => {
  it('uses the vocabulary of the types', () => {
    expect(schema.$defs.artefactKey.enum).toEqual([...ARTEFACT_KEYS]);
    expect(schema.$defs.accessTier.enum).toEqual([...ACCESS_TIERS]);
  });

  it('accepts the shipped example and the empty policy', () => {
    expect(validate(parse(example))).toBe(true);
    expect(validate(parse(''))).toBe(true);
    expect(validate({})).toBe(true);
  });

  it.each([
    ['unknown section', 'colour: blue\n'],
    ['unknown tier', 'access:\n  allowed: [public]\n'],
    ['empty allowed tiers', 'access:\n  allowed: []\n'],
    ['unknown risk level', 'access:\n  by_risk:\n    extreme: [closed]\n'],
    ['bad severity', 'rules:\n  card-schema: fatal\n'],
    ['unknown artefact', 'artefacts:\n  required: [model_card]\n'],
    ['flag not boolean', 'licences:\n  osi_only: "yes"\n'],
    ['empty allow list', 'licences:\n  allow: []\n'],
    ['waiver without reason', 'waivers:\n  - { rule: card-schema, path: a.md }\n'],
    ['waiver with a bad date', 'waivers:\n  - { rule: card-schema, path: a.md, reason: r, expires: 31/12/2026 }\n'],
    ['wrong version', 'version: 2\n']
  ])('rejects, like the loader, a policy with %s', (_name, text) => {
    expect(validate(parse(text))).toBe(false);
    expect(loaderAccepts(text)).toBe(false);
  });
});
