import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import {
  HUB_IDS,
  LICENCES,
  isOpenForMof,
  isOsiApproved,
  lookupLicence,
  lookupLicenseName,
  parseLicenceExpression,
  parseRailName,
  resolveLicence,
  suggestLicence,
  lookalikes
} from '../../src/licences/knowledge.js';

const schema = JSON.parse(readFileSync('schemas/licence-knowledge.schema.json', 'utf8'));
const data = JSON.parse(readFileSync('src/licences/licences.json', 'utf8'));

describe('licence knowledge data', () => {
  it('validates against its JSON schema', () => {
    const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ allErrors: true });
    const validate = ajv.compile(schema);
    const ok = validate(data);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('has one entry per Hub id of the reference, and every entry links a source', () => {
    expect(HUB_IDS.size).toBeGreaterThanOrEqual(82);
    for (const id of HUB_IDS) expect(LICENCES.filter((e) => e.hubId === id)).toHaveLength(1);
    for (const e of LICENCES) expect(e.source).toMatch(/^https:\/\//);
    const ids = LICENCES.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('holds the custom licences reached through other + license_name', () => {
    for (const name of [
      'llama-2-community-license',
      'llama-license',
      'gemma-terms-of-use',
      'mrl',
      'qwen',
      'qwen-research',
      'tongyi-qianwen-license-agreement',
      'tongyi-qianwen-research',
      'stabilityai-ai-community',
      'deepseek',
      'opt-175b',
      'glm-130b',
      'falcon-llm-license',
      'falcon-180b-tii'
    ]) {
      expect(lookupLicenseName(name)).toBeDefined();
    }
    expect(lookupLicenseName('llama-2-community-license')!.id).toBe('llama2');
    expect(lookupLicenseName('gemma-terms-of-use')!.id).toBe('gemma');
    expect(lookupLicenseName('qwen')!.verified).toBe(false);
  });

  it('aliases no two entries the same way', () => {
    const seen = new Map<string, string>();
    for (const e of LICENCES)
      for (const a of e.aliases) {
        expect([a, seen.get(a)]).toEqual([a, undefined]);
        seen.set(a, e.id);
      }
  });
});

describe('lookups', () => {
  it('finds Hub ids, SPDX ids in any case, aliases and LicenseRefs', () => {
    expect(lookupLicence('apache-2.0')!.id).toBe('apache-2.0');
    expect(lookupLicence('APACHE-2.0')!.id).toBe('apache-2.0');
    expect(lookupLicence('GPL-3.0-or-later')!.id).toBe('gpl-3.0');
    expect(lookupLicence('LicenseRef-llama3.1')!.id).toBe('llama3.1');
    expect(lookupLicence('other:mrl')!.researchOnly).toBe(true);
    expect(lookupLicence('ODC-By-1.0')!.id).toBe('odc-by');
    expect(lookupLicence('no-such-licence')).toBeUndefined();
  });

  it('parses SPDX expressions: OR lets the user pick the most permissive, AND binds all', () => {
    const or = resolveLicence({ license: 'CC-BY-NC-4.0 OR MIT' })!;
    expect(or.kind).toBe('spdx');
    expect(or.chosen.map((t) => t.id)).toEqual(['MIT']);
    const and = resolveLicence({ license: 'mit AND cc-by-nc-4.0' })!;
    expect(and.chosen.map((t) => t.id)).toEqual(['MIT', 'CC-BY-NC-4.0']);
    expect(resolveLicence({ license: 'GPL-2.0-or-later WITH Classpath-exception-2.0' })!.chosen[0].exception).toBe(
      'Classpath-exception-2.0'
    );
    expect(parseLicenceExpression('mit AND llama3.1')).toMatchObject({ valid: false, parsed: true });
    expect(parseLicenceExpression('Apache 2.0').parsed).toBe(false);
    expect(parseLicenceExpression('(MIT OR').parsed).toBe(false);
  });

  it('resolves other + license_name, lists, and odd shapes without throwing', () => {
    expect(resolveLicence({ license: 'other', license_name: 'gemma-terms-of-use' })!.chosen[0].entry!.id).toBe('gemma');
    expect(resolveLicence({ license: ['mit', 'llama2'] })!.chosen.map((t) => t.entry?.id)).toEqual(['mit', 'llama2']);
    for (const license of [7, null, {}, [], [1, null], '', true]) expect(() => resolveLicence({ license })).not.toThrow();
  });

  it('reads RAIL names by their suffixes', () => {
    expect(parseRailName('RESEARCH-ONLY RAIL-AMS')).toEqual({ open: false, researchOnly: true, artefacts: ['A', 'M', 'S'] });
    expect(parseRailName('OpenRAIL-M')).toEqual({ open: true, researchOnly: false, artefacts: ['M'] });
    expect(parseRailName('RAIL-DAMS')).toEqual({ open: false, researchOnly: false, artefacts: ['D', 'A', 'M', 'S'] });
    expect(parseRailName('apache')).toBeUndefined();
    const e = lookupLicenseName('research-only-rail-ams')!;
    expect(e.families).toEqual(expect.arrayContaining(['rail', 'research-only']));
    expect(e.commercial.status).toBe('no');
  });

  it('answers OSI and MOF questions', () => {
    expect(isOsiApproved('apache-2.0')).toBe(true);
    expect(isOsiApproved('MIT')).toBe(true);
    expect(isOsiApproved('cc-by-4.0')).toBe(false);
    expect(isOsiApproved('llama3.1')).toBe(false);
    expect(isOsiApproved('CC-BY-NC-4.0 OR Apache-2.0')).toBe(true);
    expect(isOpenForMof('Apache-2.0')).toEqual({ open: true, types: ['code', 'document'] });
    expect(isOpenForMof('cdla-permissive-2.0')).toEqual({ open: true, types: ['data'] });
    expect(isOpenForMof('openmdw-1.0')).toEqual({ open: true, types: ['code', 'data', 'document'] });
    expect(isOpenForMof('cc-by-4.0')).toEqual({ open: true, types: ['document'] });
    expect(isOpenForMof('llama3.1')).toEqual({ open: false, types: [] });
    expect(isOpenForMof('gemma').open).toBe(false);
    expect(isOpenForMof('c-uda').open).toBe(false);
  });
});

describe('look-alikes and near misses', () => {
  it.each([
    ['apache2.0', 'apache-2.0'],
    ['Apache 2.0', 'apache-2.0'],
    ['llama-3.1', 'llama3.1'],
    ['cc-by-nc', 'cc-by-nc-4.0'],
    ['gpl3', 'gpl-3.0'],
    ['Llama2', 'llama2'],
    ['apache-2.O', 'apache-2.0'],
    ['\u0430pache-2.0', 'apache-2.0'],
    ['mi\u200Bt', 'mit'],
    ['\uFF4D\uFF49\uFF54', 'mit'],
    ['ll\u0430ma3.1', 'llama3.1'],
    ['gemma\u2010terms-of-use', 'gemma'],
    ['mistral-research-license', 'other + license_name: mrl']
  ])('%j → %s', (input, expected) => {
    expect(suggestLicence(input)).toBe(expected);
  });

  it('names the look-alike characters by code point', () => {
    expect(lookalikes('\u0430pache').findings[0]).toContain('U+0430');
    expect(lookalikes('m\u200Bit').findings[0]).toContain('U+200B');
    expect(lookalikes('apache-2.0').findings).toEqual([]);
  });
});
