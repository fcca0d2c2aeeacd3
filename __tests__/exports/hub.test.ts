/**
 * With --hub-lookup (a local Hub on 127.0.0.1), the records carry what the Hub says: a dataset's
 * licence on its data component / dataset package, and a base model's chain with each licence.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeHub } from '../hub/hub-server.js';
import { CLI } from '../cli/harness.js';
import { FIXED_ENV, parseRecord, type Format } from './helpers.js';
import { problems, validators } from './schemas.js';

type Json = Record<string, any>;

const CARD = `---
license: other
license_name: acme-model-licence
license_link: https://acme.example/LICENSE
base_model: acme/tuned-base
base_model_relation: quantized
datasets: [org/nc-data]
release:
  access: gated
  access_details: { approval: manual, conditions: Accept the Acme terms. }
  use_restrictions: [No surveillance., No weapons.]
  risk: { dual_use: medium, assessment: https://acme.example/risk }
  artefacts:
    weights: { status: released, licence: other, location: https://huggingface.co/acme/tuned-q4 }
    training_code: { status: not-applicable, reason: Quantisation only. }
    inference_code: { status: released, licence: mit, location: https://github.com/acme/run }
    training_data: { status: withheld, reason: Private. }
    hyperparameters: { status: released, location: quant.yaml }
---

# tuned-q4
`;

let hub: FakeHub;
let hubUrl: string;
let dir: string;

beforeAll(async () => {
  hub = new FakeHub()
    .dataset('org/nc-data', { license: 'cc-by-nc-4.0' }, { tags: ['license:cc-by-nc-4.0'] })
    .model(
      'acme/tuned-base',
      { license: 'apache-2.0', base_model: 'meta-llama/Llama-3.1-8B', base_model_relation: 'finetune' },
      { tags: ['license:apache-2.0', 'base_model:finetune:meta-llama/Llama-3.1-8B'] }
    )
    .model('meta-llama/Llama-3.1-8B', { license: 'llama3.1' }, { tags: ['license:llama3.1'] });
  hubUrl = await hub.start();
  dir = mkdtempSync(path.join(tmpdir(), 'mrg-hub-bom-'));
  mkdirSync(path.join(dir, 'm'));
  writeFileSync(path.join(dir, 'm', 'README.md'), CARD);
});
afterAll(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

function record(format: Format): Promise<Json> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CLI, 'check', 'm/README.md', '--format', format, '--hub-lookup', '--hub-url', hubUrl],
      { cwd: dir, env: { PATH: process.env.PATH ?? '', ...FIXED_ENV }, encoding: 'utf8', timeout: 60_000 },
      (_error, stdout, stderr) => {
        if (stderr) return reject(new Error(stderr));
        const docs = parseRecord(format, stdout);
        for (const doc of docs) {
          const found = problems(validators()[format], doc);
          if (found.length > 0) return reject(new Error(found.join('\n')));
        }
        resolve(docs[0]);
      }
    );
  });
}

describe('with --hub-lookup', () => {
  test('CycloneDX: the dataset licence, the base chain with licences and dependency edges, the named own licence', async () => {
    const bom = await record('cyclonedx');
    const c = (ref: string): Json => bom.components.find((x: Json) => x['bom-ref'] === ref);
    expect(c('hf-dataset:org/nc-data').licenses).toEqual([{ license: { id: 'CC-BY-NC-4.0', acknowledgement: 'declared' } }]);
    expect(c('hf-model:acme/tuned-base').licenses).toEqual([{ license: { id: 'Apache-2.0', acknowledgement: 'declared' } }]);
    expect(c('hf-model:meta-llama/llama-3.1-8b').licenses[0].license.name).toBe('Llama 3.1 Community License Agreement');
    expect(bom.dependencies).toContainEqual({ ref: 'model:m/README.md', dependsOn: ['hf-model:acme/tuned-base'] });
    expect(bom.dependencies).toContainEqual({ ref: 'hf-model:acme/tuned-base', dependsOn: ['hf-model:meta-llama/llama-3.1-8b'] });
    const model = c('model:m/README.md');
    expect(model.licenses).toEqual([
      { license: { name: 'acme-model-licence', acknowledgement: 'declared', url: 'https://acme.example/LICENSE' } }
    ]);
    // `other` on an artefact is the card's own named licence.
    expect(model.components.find((x: Json) => x.name === 'weights').licenses).toEqual(model.licenses);
    expect(model.externalReferences).toContainEqual({ type: 'risk-assessment', url: 'https://acme.example/risk' });
    expect(model.modelCard.considerations.ethicalConsiderations.map((e: Json) => e.name)).toEqual([
      'Dual-use risk: medium. Assessment: https://acme.example/risk',
      'Use restriction: No surveillance.',
      'Use restriction: No weapons.'
    ]);
    expect(model.modelCard.considerations.ethicalConsiderations[0].mitigationStrategy).toBe(
      'Access tier: gated (manual approval). Conditions: Accept the Acme terms.'
    );
  });

  test('SPDX: trainedOn the dataset with its licence; descendantOf along the chain; the concluded licence names all three', async () => {
    const graph: Json[] = (await record('spdx'))['@graph'];
    const byId = (id: string): Json => graph.find((e) => e.spdxId === id)!;
    const model = graph.find((e) => e.type === 'ai_AIPackage')!;
    expect(model).toMatchObject({
      ai_safetyRiskAssessment: 'medium',
      ai_limitation:
        'Use restriction: No surveillance. Use restriction: No weapons. Access tier: gated (manual approval); conditions: Accept the Acme terms.'
    });
    const rel = (from: string, type: string): Json[] =>
      graph.filter((e) => e.type === 'Relationship' && e.from === from && e.relationshipType === type);
    const dataset = byId(rel(model.spdxId, 'trainedOn')[0].to[0]);
    expect(dataset).toMatchObject({ type: 'dataset_DatasetPackage', name: 'org/nc-data' });
    expect(byId(rel(dataset.spdxId, 'hasDeclaredLicense')[0].to[0]).simplelicensing_licenseExpression).toBe('CC-BY-NC-4.0');
    const parent = byId(rel(model.spdxId, 'descendantOf')[0].to[0]);
    expect(rel(model.spdxId, 'descendantOf')[0].comment).toBe('base_model_relation: quantized');
    expect(byId(rel(parent.spdxId, 'descendantOf')[0].to[0]).name).toBe('meta-llama/Llama-3.1-8B');
    expect(byId(rel(model.spdxId, 'hasConcludedLicense')[0].to[0]).simplelicensing_licenseExpression).toBe(
      'LicenseRef-acme-model-licence AND Apache-2.0 AND LicenseRef-llama3.1 AND CC-BY-NC-4.0'
    );
  });

  test('MOT: the chain, the dataset licence and the gate block', async () => {
    const mot = await record('mot');
    expect(mot.release).toMatchObject({
      origin: 'acme/tuned-base',
      producer: 'acme',
      license: { distribution: { name: 'acme-model-licence', path: 'https://acme.example/LICENSE' } }
    });
    expect(mot.model_release_gate.base_models).toEqual([
      { id: 'acme/tuned-base', licence: 'apache-2.0', licence_source: 'hub', relation: 'quantized' },
      { id: 'meta-llama/Llama-3.1-8B', licence: 'llama3.1', licence_source: 'hub', relation: 'finetune', via: ['acme/tuned-base'] }
    ]);
    expect(mot.model_release_gate.datasets).toEqual([{ id: 'org/nc-data', licence: 'cc-by-nc-4.0', licence_source: 'hub' }]);
    expect(mot.model_release_gate).toMatchObject({
      access: 'gated',
      access_details: { approval: 'manual', conditions: 'Accept the Acme terms.' },
      risk: { dual_use: 'medium', assessment: 'https://acme.example/risk' },
      use_restrictions: ['No surveillance.', 'No weapons.']
    });
  });
});
