/**
 * Cards written from the public facts of real releases (shared/reference/licences.md §6–§7), classified
 * by the Model Openness Tool's rules (§2.3–2.4), and checked by the access rules for spurious findings.
 */
import { readFileSync } from 'node:fs';
import { parseCard } from '../../src/card/parse.js';
import { check } from '../../src/engine.js';
import { classifyOpenness } from '../../src/openness.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { ruleById } from '../../src/rules/index.js';
import type { Rule } from '../../src/types.js';
import { textOf } from '../helpers/rule-harness.js';

const read = (name: string): string => readFileSync(new URL(`../fixtures/policy/mot/${name}.md`, import.meta.url), 'utf8');
const classOf = (name: string) => classifyOpenness(parseCard(`${name}.md`, read(name)).data!);
const rules = (...ids: string[]): Rule[] => ids.map((id) => ruleById(id)!);
const findings = (name: string, text: string, ids: string[]) =>
  check({
    cards: [parseCard(`models/${name}/README.md`, text)],
    policy: defaultPolicy(),
    bases: new Map(),
    rules: rules(...ids),
    today: '2026-11-24'
  }).cards[0].findings;

const DATA_LICENCE =
  'open but not a data licence (MOF recommends an open data licence such as CDLA-Permissive-2.0, CC0-1.0 or OpenMDW-1.0)';

describe('MOF classes of real releases', () => {
  it('puts Pythia-12b in Class I, with its Apache/MIT weights and data as conditional passes', () => {
    const result = classOf('pythia-12b');
    expect(result.class).toBe('I');
    expect(result.missingForNext).toEqual([]);
    expect(result.conditional).toEqual([
      `Model parameters (Final): \`weights\` is under \`apache-2.0\`, ${DATA_LICENCE}`,
      `Evaluation data: \`evaluation_data\` is under \`MIT\`, ${DATA_LICENCE}`,
      `Datasets: \`training_data\` is under \`MIT\`, ${DATA_LICENCE}`,
      `Model parameters (Intermediate): \`intermediate_checkpoints\` is under \`apache-2.0\`, ${DATA_LICENCE}`
    ]);
  });

  it('puts OLMo-7B (Dolma under ODC-BY) and Amber in Class I', () => {
    const olmo = classOf('olmo-7b');
    expect(olmo.class).toBe('I');
    // ODC-By-1.0 is in the MOT's open-data list but not in its type-appropriate data licences.
    expect(olmo.conditional).toContain(`Datasets: \`training_data\` is under \`odc-by\`, ${DATA_LICENCE}`);
    expect(classOf('amber').class).toBe('I');
  });

  it('drops OLMo-7B to Class II under the 2023 launch terms of Dolma (ImpACT), and says why', () => {
    const text = read('olmo-7b').replace('licence: odc-by,', 'licence: AI2 ImpACT License - Low Risk Artifacts,');
    const result = classifyOpenness(parseCard('olmo.md', text).data!);
    expect(result.class).toBe('II');
    expect(result.missingForNext).toEqual([
      'Datasets: `training_data` is under `AI2 ImpACT License - Low Risk Artifacts`, which the MOF does not count as open (use an open data licence such as CDLA-Permissive-2.0, CC0-1.0 or OpenMDW-1.0)'
    ]);
  });

  it('gives BLOOM no class: RAIL weights are not open, whatever else is', () => {
    const result = classOf('bloom');
    expect(result.class).toBe('none');
    expect(result.missingForNext).toEqual([
      'Model parameters (Final): `weights` is under `bigscience-bloom-rail-1.0`, which the MOF does not count as open (use an open data licence such as CDLA-Permissive-2.0, CC0-1.0 or OpenMDW-1.0)',
      'Model card: the model card is under `bigscience-bloom-rail-1.0`, which the MOF does not count as open (use a documentation licence such as CC-BY-4.0)'
    ]);
  });

  it('gives Llama-2-7b and an API-only release no class', () => {
    expect(classOf('llama-2-7b').class).toBe('none');
    const api = classOf('gpt-4');
    expect(api.class).toBe('none');
    expect(api.missingForNext.slice(0, 2)).toEqual([
      'Model architecture: `architecture` is not stated and `inference_code` is withheld',
      'Model parameters (Final): `weights` is withheld'
    ]);
  });

  it('gives Mistral-7B no class: Class III needs a data card, which the release does not publish', () => {
    const result = classOf('mistral-7b');
    expect(result.class).toBe('none');
    expect(result.missingForNext).toEqual(['Data card: `data_documentation` is not stated']);
    // With a data card (or the card's own data section declared as one) it would be Class III.
    const withDataCard = read('mistral-7b').replace(
      '  artefacts:\n',
      '  artefacts:\n    data_documentation: { status: released, licence: CC-BY-4.0, location: README.md }\n'
    );
    expect(classifyOpenness(parseCard('m.md', withDataCard).data!).class).toBe('III');
  });

  it('puts Falcon-40B in Class III and names what Class II needs', () => {
    const result = classOf('falcon-40b');
    expect(result.class).toBe('III');
    expect(result.missingForNext).toEqual([
      'Training code: `training_code` is withheld',
      'Evaluation code: `evaluation_code` is not stated',
      'Evaluation data: `evaluation_data` is not stated'
    ]);
  });

  it('says in the openness-class message exactly what the next class needs', () => {
    const [finding] = findings('falcon-40b', read('falcon-40b'), ['openness-class']);
    expect([finding.rule, finding.line, finding.column]).toEqual(['openness-class', 7, 3]);
    expect(textOf(finding)).toContain(
      'Model Openness Framework: Class III – Open Model; 3 items must be released openly for Class II.\nFor Class II, release under an open licence: Training code: `training_code` is withheld; Evaluation code: `evaluation_code` is not stated; Evaluation data: `evaluation_data` is not stated.'
    );
  });
});

describe('access tiers of real releases (§6)', () => {
  const tiers: Record<string, string[]> = {
    'gemma-7b (gated, automatic)': [
      'license: gemma',
      'extra_gated_heading: Access Gemma on Hugging Face',
      'extra_gated_button_content: Acknowledge license',
      'release:',
      '  access: gated',
      '  access_details: { approval: automatic, conditions: Log in and acknowledge the Gemma Terms of Use. }',
      '  artefacts:',
      '    weights: { status: released, licence: gemma, location: https://huggingface.co/google/gemma-7b }'
    ],
    'llama (gated, manual form)': [
      'license: llama3.1',
      'extra_gated_fields: { First Name: text, Country: country, Geo: ip_location }',
      'release:',
      '  access: gated',
      '  access_details: { approval: manual, conditions: Fill in the form; Meta reviews each request. }',
      '  artefacts:',
      '    weights: { status: released, licence: llama3.1, location: https://huggingface.co/meta-llama/Llama-3.1-8B }'
    ],
    'gpt-2 (staged)': [
      'license: mit',
      'release:',
      '  access: staged',
      '  access_details:',
      '    approval: automatic',
      '    conditions: Download from the GitHub repository.',
      '    stages:',
      '      - { date: 2019-02-14, what: 124M weights }',
      '      - { date: 2019-05-03, what: 355M weights }',
      '      - { date: 2019-08-20, what: 774M weights }',
      '      - { date: 2019-11-05, what: 1.5B weights }',
      '  artefacts:',
      '    weights: { status: released, licence: mit, location: https://github.com/openai/gpt-2 }'
    ],
    'opt-175b (research-only)': [
      'license: other',
      'license_name: OPT-175B License',
      'license_link: https://github.com/facebookresearch/metaseq/blob/main/projects/OPT/MODEL_LICENSE.md',
      'commercial: false',
      'release:',
      '  access: research-only',
      '  access_details: { approval: manual, conditions: Apply with the request form; approved researchers get a download link by e-mail. }',
      '  artefacts:',
      '    weights: { status: released, licence: other, location: https://github.com/facebookresearch/metaseq }'
    ],
    'gpt-4 (api-only)': [
      'license: other',
      'license_name: OpenAI Terms of Use',
      'license_link: https://openai.com/policies/terms-of-use',
      'release:',
      '  access: api-only',
      '  access_details: { approval: automatic, conditions: Accept the terms of use. }',
      '  artefacts:',
      '    weights: { status: withheld, reason: Served through the API only. }'
    ],
    'chinchilla (closed)': [
      'license: other',
      'license_name: Proprietary',
      'license_link: https://deepmind.google',
      'release:',
      '  access: closed',
      '  artefacts:',
      '    weights: { status: withheld, reason: Not released. }'
    ]
  };
  const card = (lines: string[]): string => ['---', ...lines, '---', ''].join('\n');

  it.each(Object.entries(tiers))('finds nothing inconsistent in a faithful card of %s', (name, lines) => {
    expect(findings(name, card(lines), ['access-undeclared', 'access-inconsistent', 'access-policy'])).toEqual([]);
  });

  it('reports a contradictory version of each', () => {
    const swap = (lines: string[], from: string, to: string): string[] => lines.map((l) => l.replace(from, to));
    const cases: [string[], number, number][] = [
      [
        swap(
          tiers['gemma-7b (gated, automatic)'],
          '{ status: released, licence: gemma, location: https://huggingface.co/google/gemma-7b }',
          '{ status: withheld, reason: API only. }'
        ),
        9,
        24
      ],
      [swap(tiers['gpt-2 (staged)'], '    stages:', '    notes:'), 5, 3],
      [
        swap(
          tiers['gpt-4 (api-only)'],
          '{ status: withheld, reason: Served through the API only. }',
          '{ status: released, licence: mit, location: x }'
        ),
        9,
        24
      ],
      [
        swap(
          tiers['chinchilla (closed)'],
          '{ status: withheld, reason: Not released. }',
          '{ status: released, licence: mit, location: x }'
        ),
        8,
        24
      ],
      [swap(tiers['llama (gated, manual form)'], 'access: gated', 'access: open'), 3, 1]
    ];
    for (const [lines, line, column] of cases) {
      const found = findings('x', card(lines), ['access-inconsistent']);
      expect(found.map((f) => [f.rule, f.line, f.column])).toContainEqual(['access-inconsistent', line, column]);
    }
  });

  it('says a non-mapping access_details is not a mapping rather than missing', () => {
    const lines = [
      'license: gemma',
      'release:',
      '  access: gated',
      '  access_details: Log in and accept.',
      '  artefacts:',
      '    weights: { status: released, licence: gemma, location: x }'
    ];
    const found = findings('x', card(lines), ['access-inconsistent']);
    expect(found.map((f) => [f.rule, f.line, f.column])).toEqual([['access-inconsistent', 5, 19]]);
    expect(textOf(found[0])).toContain('`release.access_details` is not a mapping');
  });
});
