import { readFileSync } from 'node:fs';
import { parseCard } from '../../src/card/parse.js';
import { assessComponents, classifyOpenness, MOF_COMPONENTS } from '../../src/openness.js';

const fixture = (name: string): Record<string, unknown> =>
  parseCard(name, readFileSync(new URL(`../fixtures/policy/${name}`, import.meta.url), 'utf8')).data!;

type Art = Record<string, string>;
const meta = (licence: string, artefacts: Record<string, Art>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  license: licence,
  ...extra,
  release: { access: 'open', artefacts }
});
const rel = (licence?: string): Art => (licence ? { status: 'released', licence, location: 'x' } : { status: 'released', location: 'x' });
const withheld: Art = { status: 'withheld', reason: 'r' };

/** Class III: architecture, final parameters, technical report, evaluation results, model card, data card. */
const classThree = (): Record<string, Art> => ({
  weights: rel('CDLA-Permissive-2.0'),
  architecture: rel('Apache-2.0'),
  technical_report: rel('CC-BY-4.0'),
  data_documentation: rel('CC-BY-4.0')
});
const classTwo = (): Record<string, Art> => ({
  ...classThree(),
  training_code: rel('Apache-2.0'),
  inference_code: rel('MIT'),
  evaluation_code: rel('Apache-2.0'),
  evaluation_data: rel('CC0-1.0')
});

describe('classifyOpenness', () => {
  it('puts a fully open Pythia-like release in Class I, with Apache-2.0 weights as a conditional pass', () => {
    const result = classifyOpenness(fixture('pythia-like.md'));
    expect(result.class).toBe('I');
    expect(result.missingForNext).toEqual([]);
    expect(result.conditional.some((c) => c.startsWith('Model parameters (Final): `weights` is under `apache-2.0`'))).toBe(true);
    expect(result.conditional.some((c) => c.startsWith('Datasets: `training_data` is under `MIT`'))).toBe(true);
  });

  it('gives a weights-only release under a custom licence (Llama 2 style) no class', () => {
    const result = classifyOpenness(fixture('llama2-like.md'));
    expect(result.class).toBe('none');
    expect(result.missingForNext).toEqual([
      'Model architecture: `architecture` is under `llama2`, which the MOF does not count as open (use an OSI-approved code licence such as Apache-2.0 or MIT)',
      'Model parameters (Final): `weights` is under `llama2`, which the MOF does not count as open (use an open data licence such as CDLA-Permissive-2.0, CC0-1.0 or OpenMDW-1.0)',
      'Technical report: `technical_report` is under `arXiv-nonexclusive`, which the MOF does not count as open (use a documentation licence such as CC-BY-4.0)',
      'Evaluation results: `technical_report` is under `arXiv-nonexclusive`, which the MOF does not count as open (use a documentation licence such as CC-BY-4.0)',
      'Model card: the model card is under `llama2`, which the MOF does not count as open (use a documentation licence such as CC-BY-4.0)',
      'Data card: `data_documentation` is not stated'
    ]);
  });

  it('reaches Class III exactly when the six Class III components are open', () => {
    const three = classifyOpenness(meta('cc-by-4.0', classThree(), { 'model-index': [{ name: 'm', results: [] }] }));
    expect(three.class).toBe('III');
    expect(three.conditional).toEqual([]);
    expect(three.missingForNext).toEqual([
      'Training code: `training_code` is not stated',
      'Inference code: `inference_code` is not stated',
      'Evaluation code: `evaluation_code` is not stated',
      'Evaluation data: `evaluation_data` is not stated'
    ]);
    const noDataCard = classThree();
    noDataCard.data_documentation = withheld;
    const none = classifyOpenness(meta('cc-by-4.0', noDataCard));
    expect(none.class).toBe('none');
    expect(none.missingForNext).toEqual(['Data card: `data_documentation` is withheld']);
  });

  it('counts evaluation results from model-index or the technical report, whichever is open, and needs one of them', () => {
    const closedReport = { ...classThree(), technical_report: rel('cc-by-nc-4.0') };
    const fromCard = assessComponents(
      meta('cc-by-4.0', closedReport, {
        'model-index': [{ name: 'm', results: [{ task: { type: 'text-generation' }, metrics: [{ type: 'accuracy', value: 0.5 }] }] }]
      })
    );
    expect(fromCard.find((r) => r.spec.name === 'Evaluation results')!.verdict).toEqual({
      status: 'pass',
      licence: 'cc-by-4.0',
      source: '`model-index` in the model card'
    });
    const noReport = classThree();
    delete noReport.technical_report;
    const result = classifyOpenness(meta('cc-by-4.0', noReport));
    expect(result.missingForNext).toEqual([
      'Technical report: `technical_report` is not stated',
      'Evaluation results: no `model-index` results in the card and no released `technical_report`'
    ]);
    const withIndex = classifyOpenness(
      meta('cc-by-4.0', noReport, {
        'model-index': [{ name: 'm', results: [{ task: { type: 'text-generation' }, metrics: [{ type: 'accuracy', value: 0.5 }] }] }]
      })
    );
    expect(withIndex.missingForNext).toEqual(['Technical report: `technical_report` is not stated']);
    // A model-index without results (the Llama 2 card has \`results: []\`) holds no evaluation results.
    for (const empty of [[{ name: 'm' }], [{ name: 'm', results: [] }], ['m'], { name: 'm' }]) {
      const emptyIndex = classifyOpenness(meta('cc-by-4.0', noReport, { 'model-index': empty }));
      expect(emptyIndex.missingForNext).toContain(
        'Evaluation results: no `model-index` results in the card and no released `technical_report`'
      );
    }
  });

  it('reaches Class II with the tooling, and names what Class I still needs', () => {
    const arts = { ...classTwo(), training_data: withheld };
    const result = classifyOpenness(meta('cc-by-4.0', arts));
    expect(result.class).toBe('II');
    expect(result.missingForNext).toEqual([
      'Datasets: `training_data` is withheld',
      'Data preprocessing code: `data_preprocessing` is not stated',
      'Model parameters (Intermediate): `intermediate_checkpoints` is not stated'
    ]);
    // Classes are cumulative: the Class I components alone do not make a class.
    const topOnly = classifyOpenness(
      meta('cc-by-4.0', {
        ...classTwo(),
        weights: withheld,
        training_data: rel('CC0-1.0'),
        data_preprocessing: rel('MIT'),
        intermediate_checkpoints: rel('CC0-1.0')
      })
    );
    expect(topOnly.class).toBe('none');
  });

  it('falls back to the card licence, treats an unlicensed component as missing and non-open licences as not counting', () => {
    const arts = classTwo();
    arts.evaluation_data = rel();
    expect(classifyOpenness(meta('cc0-1.0', arts)).class).toBe('II');
    const unlicensed = classifyOpenness({ release: { artefacts: arts } });
    expect(unlicensed.class).toBe('none');
    expect(unlicensed.missingForNext).toEqual(['Model card: the model card has no licence']);
    const verdicts = assessComponents({ release: { artefacts: arts } });
    expect(verdicts.find((v) => v.spec.name === 'Evaluation data')!.verdict).toEqual({ status: 'unlicensed', source: '`evaluation_data`' });
    arts.training_code = rel('cc-by-nc-4.0');
    expect(classifyOpenness(meta('cc0-1.0', arts)).class).toBe('III');
  });

  it('uses the inference code for the architecture when the card does not state it apart', () => {
    const arts = classTwo();
    delete arts.architecture;
    expect(classifyOpenness(meta('cc-by-4.0', arts)).class).toBe('II');
    arts.architecture = withheld;
    expect(classifyOpenness(meta('cc-by-4.0', arts)).class).toBe('none');
  });

  it('maps every MOF class requirement and tolerates odd shapes', () => {
    expect(MOF_COMPONENTS.filter((c) => c.cls === 'III')).toHaveLength(6);
    expect(MOF_COMPONENTS.filter((c) => c.cls !== 'I')).toHaveLength(10);
    expect(MOF_COMPONENTS).toHaveLength(14);
    for (const odd of [
      {},
      { release: 3 },
      { release: { artefacts: [1, 2] } },
      { license: 5, release: { artefacts: { weights: { status: 'released', licence: ['MIT', 3] } } } }
    ]) {
      expect(() => classifyOpenness(odd as Record<string, unknown>)).not.toThrow();
      expect(assessComponents(odd as Record<string, unknown>)).toHaveLength(14);
    }
  });
});

describe('the docs example', () => {
  it('reaches Class III as docs/rules/openness-class.md says', () => {
    const result = classifyOpenness(
      meta(
        'cdla-permissive-2.0',
        {
          weights: rel('cdla-permissive-2.0'),
          architecture: rel('Apache-2.0'),
          technical_report: rel('CC-BY-4.0'),
          data_documentation: rel('CC-BY-4.0')
        },
        { 'model-index': [{ name: 'm', results: [] }] }
      )
    );
    expect(result.class).toBe('III');
    expect(result.conditional).toEqual([
      'Model card: the model card is under `cdla-permissive-2.0`, open but not a document licence (MOF recommends a documentation licence such as CC-BY-4.0)'
    ]);
  });
});
