/**
 * Field by field, on the example cards: each record carries the card's licence (an SPDX id, or a
 * named licence / LicenseRef with its URL, never an invented id), the licences inherited from base
 * models, the artefacts with their licences and locations, the datasets, the base models with their
 * relation, the access tier, the dual-use risk and the openness class.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { parseRecord, REPO, runRecord } from './helpers.js';

type Json = Record<string, any>;

const LLAMA = 'examples/llama-relabelled/README.md';
const GEMMA = 'examples/gated-incomplete/README.md';
const PASSING = 'examples/passing/README.md';
const LORA = 'examples/lora-rail-mit/README.md';
const NO_LICENCE = 'examples/no-licence-no-access/README.md';
const YAML_CARD = 'examples/yaml-card/model-card.yaml';
const LLAMA_URL = 'https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/LICENSE';

describe('CycloneDX', () => {
  let bom: Json;
  const component = (ref: string): Json => bom.components.find((c: Json) => c['bom-ref'] === ref);
  const model = (path: string): Json => component(`model:${path}`);
  const props = (c: Json, name: string): string[] =>
    c.properties.filter((p: Json) => p.name === `model-release-gate:${name}`).map((p: Json) => p.value);
  beforeAll(() => {
    [bom] = parseRecord('cyclonedx', runRecord('cyclonedx', ['examples'], REPO).stdout);
  });

  test('licences: SPDX ids as ids, Hub ids without one as named licences with their URL, loose ids as written', () => {
    expect(model(LLAMA).licenses).toEqual([{ license: { id: 'Apache-2.0', acknowledgement: 'declared' } }]);
    expect(model(GEMMA).licenses).toEqual([
      { license: { name: 'Gemma Terms of Use', acknowledgement: 'declared', url: 'https://ai.google.dev/gemma/terms' } }
    ]);
    expect(model(YAML_CARD).licenses).toEqual([{ license: { name: 'apache2', acknowledgement: 'declared' } }]);
    expect(model(NO_LICENCE).licenses).toBeUndefined();
    expect(JSON.stringify(bom)).not.toMatch(/"id":\s*"(gemma|llama3\.1|creativeml-openrail-m|apache2)"/);
  });

  test('base models: a component with its own (inherited) licence, a dependency edge and the relation', () => {
    const base = component('hf-model:meta-llama/llama-3.1-8b');
    expect(base).toMatchObject({
      type: 'machine-learning-model',
      name: 'meta-llama/Llama-3.1-8B',
      purl: 'pkg:huggingface/meta-llama/Llama-3.1-8B'
    });
    expect(base.licenses).toEqual([
      { license: { name: 'Llama 3.1 Community License Agreement', acknowledgement: 'declared', url: LLAMA_URL } }
    ]);
    expect(bom.dependencies).toContainEqual({ ref: `model:${LLAMA}`, dependsOn: ['hf-model:meta-llama/llama-3.1-8b'] });
    expect(props(model(LLAMA), 'base-model:relation')).toEqual(['finetune']);
    expect(props(model(LLAMA), 'licence:inherited')).toEqual(['llama3.1 from meta-llama/Llama-3.1-8B']);
    expect(model(LLAMA).pedigree.notes).toBe('finetune of meta-llama/Llama-3.1-8B');
    expect(props(model(LORA), 'base-model:relation')).toEqual(['adapter']);
    expect(component('hf-model:stable-diffusion-v1-5/stable-diffusion-v1-5').licenses[0].license.name).toBe('CreativeML OpenRAIL-M');
  });

  test('artefacts: sub-components with status, licence and location; locations as typed external references', () => {
    const parts = model(LORA).components;
    expect(parts.map((c: Json) => c.name)).toEqual(['weights', 'training_code', 'inference_code', 'training_data', 'hyperparameters']);
    const data = parts.find((c: Json) => c.name === 'training_data');
    expect(data).toMatchObject({
      type: 'data',
      licenses: [{ license: { id: 'CC-BY-4.0', acknowledgement: 'declared' } }],
      externalReferences: [{ type: 'distribution', url: 'https://huggingface.co/datasets/example-org/watercolours' }]
    });
    expect(props(data, 'artefact:status')).toEqual(['released']);
    const withheld = model(LLAMA).components.find((c: Json) => c.name === 'training_data');
    expect(props(withheld, 'artefact:status')).toEqual(['withheld']);
    expect(withheld.description).toBe('Customer conversations; they cannot be shared.');
    const refs = model(LORA).externalReferences;
    expect(refs).toContainEqual({ type: 'distribution', url: 'https://huggingface.co/example-org/watercolour-lora', comment: 'weights' });
    expect(refs).toContainEqual({ type: 'vcs', url: 'https://github.com/example-org/watercolour-lora', comment: 'training_code' });
    expect(refs).toContainEqual({
      type: 'configuration',
      url: 'https://github.com/example-org/watercolour-lora/blob/main/train.toml',
      comment: 'hyperparameters'
    });
  });

  test('datasets: data components referenced from the model card, with the task', () => {
    expect(component('hf-dataset:stanfordnlp/imdb')).toMatchObject({
      type: 'data',
      name: 'stanfordnlp/imdb',
      data: [{ type: 'dataset', name: 'stanfordnlp/imdb' }]
    });
    expect(model(PASSING).modelCard.modelParameters).toEqual({
      task: 'text-classification',
      datasets: [{ ref: 'hf-dataset:stanfordnlp/imdb' }, { ref: `model:${PASSING}#training_data` }]
    });
  });

  test('access tier, risk, openness class and verdict as namespaced properties; risk as a consideration', () => {
    expect(model(PASSING)).toMatchObject({ supplier: { name: 'example-org' }, tags: ['sentiment'] });
    expect(props(model(GEMMA), 'access')).toEqual(['gated']);
    expect(props(model(GEMMA), 'hub-gated')).toEqual(['true']);
    expect(props(model(PASSING), 'risk:dual-use')).toEqual(['low']);
    expect(props(model(PASSING), 'openness:class')).toEqual(['III']);
    expect(props(model(GEMMA), 'openness:class')).toEqual(['none']);
    expect(model(PASSING).modelCard.considerations.ethicalConsiderations[0].name).toMatch(/^Dual-use risk: low\. Assessment: /);
    expect(props(model(LLAMA), 'finding').some((f) => f.startsWith('error licence-inherited-conflict (line 2):'))).toBe(true);
    expect(bom.properties).toContainEqual({ name: 'model-release-gate:result', value: 'fail' });
    expect(bom.properties).toContainEqual({ name: 'model-release-gate:cards', value: '6' });
  });
});

describe('SPDX 3.0.1', () => {
  let graph: Json[];
  const byId = (id: string): Json => graph.find((e) => e.spdxId === id)!;
  const pkg = (path: string): Json => graph.find((e) => e.type === 'ai_AIPackage' && e.comment === `Model card: ${path}`)!;
  const rels = (from: string, type: string): Json[] =>
    graph.filter((e) => e.type === 'Relationship' && e.from === from && e.relationshipType === type);
  const licenceOf = (from: string, type = 'hasDeclaredLicense'): Json => byId(rels(from, type)[0].to[0]);
  beforeAll(() => {
    graph = parseRecord('spdx', runRecord('spdx', ['examples'], REPO).stdout)[0]['@graph'] as Json[];
  });

  test('an AI package per card, with the AI profile fields and the required package fields', () => {
    expect(graph.filter((e) => e.type === 'ai_AIPackage')).toHaveLength(6);
    const passing = pkg(PASSING);
    expect(passing).toMatchObject({
      name: 'review-sentiment-small',
      software_primaryPurpose: 'model',
      ai_typeOfModel: ['text-classification'],
      ai_domain: ['natural language processing'],
      ai_safetyRiskAssessment: 'low',
      releaseTime: '2026-01-01T00:00:00Z',
      software_downloadLocation: 'https://huggingface.co/example-org/review-sentiment-small'
    });
    expect(byId(passing.suppliedBy)).toMatchObject({ type: 'Agent', name: 'example-org' });
    expect(pkg(GEMMA).ai_limitation).toBe('Access tier: gated.');
  });

  test('licences: declared and concluded relationships; LicenseRefs mapped to the licence URL', () => {
    expect(licenceOf(pkg(LLAMA).spdxId).simplelicensing_licenseExpression).toBe('Apache-2.0');
    const gemma = licenceOf(pkg(GEMMA).spdxId);
    expect(gemma).toMatchObject({
      simplelicensing_licenseExpression: 'LicenseRef-gemma',
      simplelicensing_customIdToUri: [{ type: 'DictionaryEntry', key: 'LicenseRef-gemma', value: 'https://ai.google.dev/gemma/terms' }]
    });
    const concluded = licenceOf(pkg(LLAMA).spdxId, 'hasConcludedLicense');
    expect(concluded.simplelicensing_licenseExpression).toBe('Apache-2.0 AND LicenseRef-llama3.1');
    expect(concluded.simplelicensing_customIdToUri).toEqual([{ type: 'DictionaryEntry', key: 'LicenseRef-llama3.1', value: LLAMA_URL }]);
    expect(rels(pkg(NO_LICENCE).spdxId, 'hasDeclaredLicense')[0].to).toEqual(['expandedlicensing_NoAssertionLicense']);
  });

  test('base models: descendantOf with the relation, and their own licence', () => {
    const [rel] = rels(pkg(LLAMA).spdxId, 'descendantOf');
    expect(rel.comment).toBe('base_model_relation: finetune');
    const base = byId(rel.to[0]);
    expect(base).toMatchObject({
      type: 'software_Package',
      name: 'meta-llama/Llama-3.1-8B',
      software_downloadLocation: 'https://huggingface.co/meta-llama/Llama-3.1-8B'
    });
    expect(licenceOf(base.spdxId).simplelicensing_licenseExpression).toBe('LicenseRef-llama3.1');
  });

  test('datasets and artefacts: dataset packages the model is trained on; artefacts with licence and location', () => {
    const trained = rels(pkg(PASSING).spdxId, 'trainedOn')
      .flatMap((r) => r.to)
      .map((id: string) => byId(id));
    expect(trained.map((d: Json) => [d.type, d.name])).toEqual([
      ['dataset_DatasetPackage', 'stanfordnlp/imdb'],
      ['dataset_DatasetPackage', 'review-sentiment-small training_data']
    ]);
    const lora = pkg(LORA).spdxId;
    const data = byId(`${lora}-training_data`);
    expect(data).toMatchObject({
      software_downloadLocation: 'https://huggingface.co/datasets/example-org/watercolours',
      comment: 'training_data: released'
    });
    expect(licenceOf(data.spdxId).simplelicensing_licenseExpression).toBe('CC-BY-4.0');
    expect(rels(`${lora}-training_code`, 'generates')[0].to).toEqual([lora]);
    expect(byId(`${pkg(LLAMA).spdxId}-training_data`).comment).toBe(
      'training_data: withheld (Customer conversations; they cannot be shared.)'
    );
  });

  test('access tier, risk and openness class as an annotation on the package', () => {
    const notes = graph.filter((e) => e.type === 'Annotation' && e.subject === pkg(GEMMA).spdxId).map((e) => e.statement);
    expect(notes[0]).toMatch(/^model-release-gate: access tier gated; dual-use risk not stated; MOF openness class none; \d+ errors/);
    expect(graph.at(-1)).toMatchObject({ type: 'SpdxDocument', profileConformance: ['core', 'software', 'simpleLicensing', 'ai'] });
  });
});

describe('MOT', () => {
  let records: Json[];
  const record = (path: string): Json => records.find((r) => r.model_release_gate.card === path)!;
  beforeAll(() => {
    records = parseRecord('mot', runRecord('mot', ['examples'], REPO).stdout);
  });

  test('framework, release name, producer and distribution licence', () => {
    expect(records).toHaveLength(6);
    expect(record(PASSING).framework).toEqual({ name: 'Model Openness Framework', version: '1.0', date: '2024-12-15' });
    expect(record(PASSING).release).toMatchObject({
      name: 'review-sentiment-small',
      producer: 'example-org',
      type: 'language',
      license: { distribution: { name: 'Apache-2.0', path: 'https://spdx.org/licenses/Apache-2.0.html' } }
    });
    expect(record(GEMMA).release.license.distribution).toEqual({ name: 'Gemma Terms of Use', path: 'https://ai.google.dev/gemma/terms' });
    expect(record(NO_LICENCE).release.license).toEqual({});
    expect(record(LLAMA).release.origin).toBe('meta-llama/Llama-3.1-8B');
  });

  test('one component per released MOF component, with its licence and location', () => {
    const components = record(LORA).release.components;
    expect(components.map((c: Json) => c.name)).toEqual([
      'Model architecture',
      'Model parameters (Final)',
      'Training code',
      'Inference code',
      'Datasets',
      'Model metadata',
      'Model card'
    ]);
    // No `architecture` stated: the inference code stands for it, as in the gate's openness class.
    expect(components[0].description).toBe('Model architecture (`inference_code` in examples/lora-rail-mit/README.md)');
    expect(record(PASSING).release.components.map((c: Json) => c.name)).toEqual([
      'Model architecture',
      'Model parameters (Final)',
      'Training code',
      'Inference code',
      'Technical report',
      'Evaluation results',
      'Research paper',
      'Data card',
      'Model metadata',
      'Model card'
    ]);
    expect(components.find((c: Json) => c.name === 'Datasets')).toMatchObject({
      license: 'CC-BY-4.0',
      component_path: 'https://huggingface.co/datasets/example-org/watercolours'
    });
    expect(record(LLAMA).release.components.map((c: Json) => c.name)).not.toContain('Datasets');
  });

  test('inherited licences, base models, datasets, access, risk and openness class under model_release_gate', () => {
    const gate = record(LLAMA).model_release_gate;
    expect(gate.licence.inherited).toEqual([{ from: 'meta-llama/Llama-3.1-8B', licence: 'llama3.1' }]);
    expect(gate.base_models).toEqual([
      { id: 'meta-llama/Llama-3.1-8B', licence: 'llama3.1', licence_source: 'offline-table', relation: 'finetune' }
    ]);
    expect(gate.artefacts.training_data).toEqual({ status: 'withheld', reason: 'Customer conversations; they cannot be shared.' });
    const passing = record(PASSING).model_release_gate;
    expect(passing).toMatchObject({
      access: 'open',
      risk: { dual_use: 'low' },
      openness_class: 'III',
      datasets: [{ id: 'stanfordnlp/imdb', licence_source: 'unknown' }]
    });
    expect(record(GEMMA).model_release_gate.access).toBe('gated');
  });
});

describe('evaluation results of model-index', () => {
  const ZEPHYR = '__tests__/fixtures/acceptance/real/zephyrgemma/README.md';
  test('CycloneDX performance metrics, SPDX ai_metric, MOT evaluation results in the card', () => {
    const [bom] = parseRecord('cyclonedx', runRecord('cyclonedx', [ZEPHYR], REPO).stdout);
    expect((bom.components as Json[])[0].modelCard.quantitativeAnalysis).toEqual({
      performanceMetrics: [{ type: 'score', value: '7.81', slice: 'MT-Bench' }]
    });
    const [spdx] = parseRecord('spdx', runRecord('spdx', [ZEPHYR], REPO).stdout);
    expect((spdx['@graph'] as Json[]).find((e) => e.type === 'ai_AIPackage')!.ai_metric).toEqual([
      { type: 'DictionaryEntry', key: 'score (MT-Bench)', value: '7.81' }
    ]);
    const [mot] = parseRecord('mot', runRecord('mot', [ZEPHYR], REPO).stdout);
    expect((mot.release as Json).components.map((c: Json) => c.name)).toEqual(['Evaluation results', 'Model card']);
  });
});
