import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { parseCard } from '../../src/card/parse.js';
import { check } from '../../src/engine.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import cardSchemaRule from '../../src/rules/card-schema.js';
import {
  checkCardSchema,
  closest,
  describeSchemaErrors,
  enumNouns,
  expectedPhrases,
  MAX_VIOLATIONS
} from '../../src/schema/card-schema.js';
import { validate } from '../../src/schema/generated/model-card.js';
import { ARTEFACT_KEYS, type Finding } from '../../src/types.js';

const FIXTURES = '__tests__/fixtures/card-schema/';

function findings(path: string, text: string): Finding[] {
  const card = parseCard(path, text);
  expect(card.problems).toEqual([]);
  const report = check({ cards: [card], policy: defaultPolicy(), rules: [cardSchemaRule], today: '2026-11-24' });
  return report.cards[0].findings;
}

function fixture(name: string): Finding[] {
  return findings(name, readFileSync(FIXTURES + name, 'utf8'));
}

/** `[line, column]` pairs, compact enough to compare whole fixtures. */
function where(found: Finding[]): [number, number][] {
  return found.map((f) => [f.line, f.column]);
}

describe('card-schema', () => {
  it('is an error by default, and every finding carries the rule id', () => {
    expect(cardSchemaRule.id).toBe('card-schema');
    expect(cardSchemaRule.defaultSeverity).toBe('error');
    const found = fixture('wrong-types.md');
    expect(found.every((f) => f.rule === 'card-schema' && f.severity === 'error')).toBe(true);
  });

  it('reports wrong types at the value, one finding per violation', () => {
    const found = fixture('wrong-types.md');
    // `license: 42` is licence-unknown's finding (it reports every non-text licence), not a second one here.
    expect(where(found)).toEqual([
      [4, 3],
      [5, 13],
      [6, 19],
      [7, 7],
      [8, 12],
      [9, 19],
      [13, 21],
      [15, 14],
      [16, 49]
    ]);
    const messages = found.map((f) => f.message);
    expect(messages[0]).toBe('`language` must be a language code or a list of language codes, not a mapping.');
    expect(messages[1]).toBe('`base_model` must be a model id or a list of model ids, not a number.');
    expect(messages[2]).toBe('`datasets[1]` must be a dataset id, not a number.');
    expect(messages[3]).toBe('`tags` must be a list of tags, not text (`nlp`).');
    expect(messages[7]).toContain('`release.artefacts.weights` must be a mapping such as `{status: released');
    expect(messages[8]).toBe('`release.artefacts.training_code.licence` must be text, not a list.');
    // The https thumbnail is fine; no raw ajv wording leaks out.
    expect(messages.join('\n')).not.toMatch(/must be string|instancePath|must NOT|schemaPath/);
  });

  it('reports wrong enum values with the allowed values and a suggestion', () => {
    const found = fixture('wrong-enums.md');
    expect(where(found)).toEqual([
      [3, 15],
      [5, 22],
      [6, 8],
      [8, 11],
      [10, 15],
      [12, 15],
      [14, 24],
      [15, 30],
      [17, 12],
      [19, 11]
    ]);
    const byLine = new Map(found.map((f) => [f.line, f.message]));
    expect(byLine.get(8)).toBe(
      '`release.access` is `opne`, which is not an access tier; expected one of open, gated, staged, api-only, research-only, closed (did you mean `open`?).'
    );
    expect(byLine.get(3)).toContain('`pipeline_tag` is `text-generaton`, which is not a Hub pipeline tag');
    expect(byLine.get(3)).toContain('(did you mean `text-generation`?)');
    expect(byLine.get(5)).toContain('(did you mean `finetune`?)');
    expect(byLine.get(6)).toBe('`gated` is `yes`, which is not a gate setting; expected one of true, false, auto, manual.');
    expect(byLine.get(14)).toContain(
      '`release.artefacts.weights.status` is `releasd`, which is not an artefact status; expected one of released, withheld, not-applicable (did you mean `released`?)'
    );
    expect(byLine.get(15)).toContain('(did you mean `withheld`?)');
    expect(byLine.get(17)).toContain('`extra_gated_fields.Country` is `contry`, which is not a gate form field type');
    expect(byLine.get(19)).toContain('`extra_gated_fields.Use.type` is `dropdown`');
  });

  it('reports misspelt and unknown keys of the release block at the key, and missing status at the artefact', () => {
    const found = fixture('release-keys.md');
    expect(where(found)).toEqual([
      [4, 3],
      [6, 5],
      [8, 5],
      [9, 40],
      [10, 5],
      [11, 26],
      [13, 44],
      [14, 7]
    ]);
    // Over 160 characters: the message keeps the head and the guess, the detail the whole text.
    expect(found[0].message).toBe('`release` has an unknown key `acess` (did you mean `access`?).');
    expect(found[0].detail).toBe(
      '`release` has an unknown key `acess` (did you mean `access`?); the keys it may have are access, access_details, artefacts, use_restrictions, risk and synthetic_data.'
    );
    expect(found[1].message).toContain('`release.access_details` has an unknown key `aproval` (did you mean `approval`?)');
    expect(found[2].message).toContain('`release.artefacts` has an unknown key `weight` (did you mean `weights`?)');
    expect(found[3].message).toContain('unknown key `resaon` (did you mean `reason`?)');
    expect(found[4].message).toBe('`release.artefacts.inference_code` is missing `status`: add it (released, withheld or not-applicable).');
    expect(found[5].message).toContain('unknown key `assesment` (did you mean `assessment`?)');
    expect(found[6].message).toBe(
      '`release.synthetic_data[0].generator` is `not a model id`, which is not a Hub model id such as `org/model`.'
    );
    expect(found[7].message).toContain('`release.synthetic_data[1]` is missing `generator`');
  });

  it('checks the structure of model-index', () => {
    const found = fixture('model-index.md');
    expect(where(found)).toEqual([
      [17, 5],
      [19, 5],
      [22, 7],
      [23, 7],
      [24, 5],
      [26, 3],
      [28, 12]
    ]);
    expect(found.map((f) => f.message)).toEqual([
      '`model-index[0].results[1].task` is missing `type`: add it (a task id, e.g. `text-generation`).',
      '`model-index[0].results[1].dataset` is missing `name`: add it (a readable dataset name).',
      '`model-index[0].results[1].metrics[0]` is missing `value`: add it (the measured value, usually a number).',
      '`model-index[0].results[1].metrics[1]` is missing `type`: add it (a metric id, e.g. `accuracy`).',
      '`model-index[0].results[1].source` is missing `url`: add it (the URL of the source).',
      '`model-index[1]` is missing `name`: add it (the model id).',
      '`model-index[2].results` must be a list, not text (`not a list`).'
    ]);
  });

  it('checks a JSON card with positions from the JSON text', () => {
    const found = fixture('model-card.json');
    expect(where(found)).toEqual([
      [3, 27],
      [4, 19],
      [9, 48]
    ]);
    expect(found[0].message).toBe('`base_model[1]` must be a model id, not a number.');
    expect(found[1].message).toContain('(did you mean `text-generation`?)');
    expect(found[2].message).toContain('unknown key `reson` (did you mean `reason`?)');
  });

  it('checks a standalone YAML card', () => {
    const found = fixture('model-card.yaml');
    expect(where(found)).toEqual([
      [3, 15],
      [9, 13],
      [12, 52]
    ]);
    expect(found.map((f) => f.message)).toEqual([
      '`library_name` must be text, not a list.',
      '`release.access_details.stages` must be a list, not text (`first weights, later code`).',
      '`release.artefacts.hyperparameters.location` must be text, not a number.'
    ]);
  });

  it('keeps the lines and columns of a README with a BOM and CRLF line endings', () => {
    const text = readFileSync(FIXTURES + 'crlf-bom/README.md', 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('\r\n');
    const found = findings('crlf-bom/README.md', text);
    expect(where(found)).toEqual([
      [4, 11],
      [7, 16]
    ]);
    expect(found[0].message).toContain('`release.access` is `gatd`');
    expect(found[0].message).toContain('(did you mean `gated`?)');
    // `stat` for `status` is one mistake: the unknown key, not also a missing status.
    expect(found[1].message).toContain('`release.artefacts.prompts` has an unknown key `stat` (did you mean `status`?)');
  });

  it.each(readdirSync(FIXTURES + 'hub').sort())('finds nothing in the real-world card %s', (name) => {
    expect(fixture(`hub/${name}`)).toEqual([]);
  });

  it('leaves unknown top-level keys (quantized_by, commercial, prompt_template) alone', () => {
    expect(
      findings('m/README.md', '---\nquantized_by: bartowski\ncommercial: false\nprompt_template: "{prompt}"\nmodel_creator: Meta\n---\n')
    ).toEqual([]);
  });

  it('leaves empty release values to the rules that require them (no double findings)', () => {
    const card = [
      '---',
      'license:',
      'base_model:',
      'release:',
      '  access: ""',
      '  access_details:',
      '  artefacts:',
      '    weights:',
      '      status: released',
      '      licence:',
      '      location:',
      '    training_data: { status: withheld, reason: null }',
      '  risk:',
      '---'
    ].join('\n');
    expect(findings('m/README.md', card)).toEqual([]);
    expect(findings('m/README.md', '---\nrelease:\n---\n')).toEqual([]);
    expect(findings('m/README.md', '---\nrelease:\n  access:\n---\n')).toEqual([]);
  });

  it('accepts every artefact key and the US spelling `license` inside an artefact', () => {
    const lines = ARTEFACT_KEYS.map((key) => `    ${key}: { status: not-applicable, reason: Not part of this release. }`);
    lines[0] = '    weights: { status: released, license: apache-2.0, location: https://example.org/w }';
    expect(findings('m/README.md', ['---', 'release:', '  access: closed', '  artefacts:', ...lines, '---'].join('\n'))).toEqual([]);
  });

  it('reports a release block that is not a mapping at its value', () => {
    const found = findings('m/README.md', '---\nlicense: mit\nrelease: open\n---\n');
    expect(found.map((f) => [f.line, f.column, f.message])).toEqual([
      [3, 10, '`release` must be a mapping with `access`, `artefacts` and the other release keys, not text (`open`).']
    ]);
  });

  it('never echoes card text raw: backticks, newlines and long values are neutralised', () => {
    const found = findings('m/README.md', '---\nrelease:\n  access: "a`b\\nc @team ' + 'x'.repeat(100) + '"\n---\n');
    expect(found).toHaveLength(1);
    const value = /is (`[^`]*`)/.exec(found[0].message)?.[1] ?? '';
    expect(value).not.toContain('\n');
    expect(value.length).toBeLessThanOrEqual(62);
  });

  it('caps the findings for a hopeless card', () => {
    const tags = Array.from({ length: 80 }, (_, i) => `  - ${i}`).join('\n');
    const found = findings('m/README.md', `---\ntags:\n${tags}\n---\n`);
    expect(found).toHaveLength(MAX_VIOLATIONS + 1);
    expect(
      found.some((f) => f.message === `30 more schema violations not shown: mend the ones above and run the check again.` && f.line === 1)
    ).toBe(true);
  });

  it('tolerates any shape of metadata without throwing', () => {
    const shapes: unknown[] = [null, 0, 'x', [], {}, [1, [2]], { a: null }, true];
    const keys = ['license', 'base_model', 'model-index', 'release', 'extra_gated_fields', 'co2_eq_emissions', 'inference', 'widget'];
    for (const key of keys) {
      for (const shape of shapes) {
        expect(() => checkCardSchema({ [key]: shape })).not.toThrow();
        expect(() =>
          checkCardSchema({ release: { [key === 'release' ? 'access' : 'artefacts']: shape, risk: shape, synthetic_data: shape } })
        ).not.toThrow();
        expect(() =>
          checkCardSchema({ 'model-index': [{ name: 'x', results: [shape, { task: shape, dataset: shape, metrics: [shape] }] }] })
        ).not.toThrow();
      }
    }
  });
});

describe('card-schema messages', () => {
  it('collapses anyOf/oneOf branch errors into one message about the value', () => {
    const errors = [
      {
        instancePath: '/x',
        schemaPath: '#/properties/x/anyOf/0/type',
        keyword: 'type',
        params: { type: 'string' },
        message: 'must be string'
      },
      {
        instancePath: '/x',
        schemaPath: '#/properties/x/anyOf/1/type',
        keyword: 'type',
        params: { type: 'array' },
        message: 'must be array'
      },
      { instancePath: '/x', schemaPath: '#/properties/x/anyOf', keyword: 'anyOf', params: {}, message: 'must match a schema in anyOf' }
    ];
    const out = describeSchemaErrors(errors, { x: 5 });
    expect(out).toEqual([
      { path: ['x'], part: 'value', keyword: 'anyOf', message: '`x` must be one of the accepted forms, not a number.' }
    ]);
  });

  it('suggests only close matches', () => {
    expect(closest('opne', ['open', 'gated'])).toBe('open');
    expect(closest('acess', ['access', 'artefacts'])).toBe('access');
    expect(closest('OPEN', ['open'])).toBe('open');
    expect(closest('banana', ['open', 'gated', 'closed'])).toBeUndefined();
    expect(closest('', ['open'])).toBeUndefined();
  });

  it('keys every phrase table entry to a place that exists in the schema', () => {
    const schema = JSON.parse(readFileSync('schemas/model-card.schema.json', 'utf8')) as Record<string, unknown>;
    const resolve = (pointer: string): unknown =>
      pointer
        .slice(2)
        .split('/')
        .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), schema);
    for (const pointer of [...Object.keys(expectedPhrases()), ...Object.keys(enumNouns())]) {
      expect([pointer, resolve(pointer) !== undefined]).toEqual([pointer, true]);
    }
  });
});

describe('model-card schema and its generated validators', () => {
  it('compiles in full ajv strict mode (strictRequired included)', () => {
    const schema = JSON.parse(readFileSync('schemas/model-card.schema.json', 'utf8')) as object;
    const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ allErrors: true, strict: true, allowUnionTypes: true });
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it('gives every property a title and a description', () => {
    const schema = JSON.parse(readFileSync('schemas/model-card.schema.json', 'utf8')) as Record<string, unknown>;
    const missing: string[] = [];
    const visit = (node: unknown, at: string): void => {
      if (!node || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      if (record.properties && typeof record.properties === 'object') {
        for (const [key, sub] of Object.entries(record.properties as Record<string, Record<string, unknown>>)) {
          if (typeof sub.title !== 'string' || typeof sub.description !== 'string') missing.push(`${at}/properties/${key}`);
        }
      }
      for (const [key, value] of Object.entries(record)) if (typeof value === 'object') visit(value, `${at}/${key}`);
    };
    visit(schema, '#');
    expect(missing).toEqual([]);
  });

  it('keeps the release block closed and its artefact keys exactly the contract list', () => {
    const schema = JSON.parse(readFileSync('schemas/model-card.schema.json', 'utf8'));
    const release = schema.properties.release;
    expect(release.additionalProperties).toBe(false);
    expect(release.required).toBeUndefined();
    expect(release.properties.artefacts.additionalProperties).toBe(false);
    expect(Object.keys(release.properties.artefacts.properties)).toEqual([...ARTEFACT_KEYS]);
    expect(schema.$defs.artefact.required).toEqual(['status']);
    expect(schema.additionalProperties).toBeUndefined();
  });

  it('are up to date: regenerating gives identical bytes', () => {
    // A fresh process, as CI would run it; exit code 1 means a generated file is stale.
    expect(() => execFileSync(process.execPath, ['scripts/build-validators.mjs', '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('are self-contained ESM: no require(), no run-time compilation', () => {
    const dir = 'src/schema/generated/';
    const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
    expect(files).toEqual(expect.arrayContaining(['model-card.js']));
    for (const file of files) {
      const text = readFileSync(dir + file, 'utf8');
      expect(text).not.toMatch(/\brequire\(|new Function|\beval\(/);
      expect(text).toMatch(/export const validate = /);
      expect(readdirSync(dir)).toContain(file.replace(/\.js$/, '.d.ts'));
    }
  });

  it('accepts a complete release block through the generated validator directly', () => {
    const card = parseCard('m/README.md', readFileSync(FIXTURES + 'hub/full-release.md', 'utf8')).data;
    expect(validate(card)).toBe(true);
    expect(validate.errors).toBeNull();
  });
});
