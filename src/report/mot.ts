/**
 * The Model Openness Tool's YAML model record (contract 1.7; schema `mof_schema.json` of
 * lfai/model_openness_tool): framework, release name, producer, distribution licence, and one entry
 * per MOF component that the card releases, with its licence and location. One YAML document per
 * card (the MOT keeps one file per model), each opened by `---`.
 *
 * The MOT format has no place for base models' licences, datasets, the access tier, the dual-use
 * risk or the gate's verdict; they go under a `model_release_gate` key, which the MOT schema allows.
 */
import { stringify } from 'yaml';
import { summarise } from '../engine.js';
import { orderedArtefactKeys } from './json.js';
import type { CardReport } from '../types.js';
import type { Reporter, ReporterFactory, Sink } from './reporter.js';
import {
  artefactLicence,
  cardLicence,
  isUrl,
  motType,
  producerOf,
  recordName,
  type RecordLicence,
  type RecordOptions
} from './record-common.js';

/** The MOF version the MOT's model files declare (licences.md §2.1). */
export const MOT_FRAMEWORK = { name: 'Model Openness Framework', version: '1.0', date: '2024-12-15' } as const;

/**
 * MOT component names (mof.settings.yml) and the artefact keys that supply them, as in
 * src/openness.ts; the model card is the card itself, and hyperparameters are model metadata.
 */
const COMPONENTS: { name: string; artefacts: string[]; description: string }[] = [
  // The inference code defines the architecture when the card does not state it apart (as src/openness.ts).
  { name: 'Model architecture', artefacts: ['architecture', 'inference_code'], description: 'Model architecture' },
  { name: 'Model parameters (Final)', artefacts: ['weights'], description: 'Final trained weights' },
  { name: 'Model parameters (Intermediate)', artefacts: ['intermediate_checkpoints'], description: 'Intermediate checkpoints' },
  { name: 'Training code', artefacts: ['training_code'], description: 'Training code' },
  { name: 'Inference code', artefacts: ['inference_code'], description: 'Inference code' },
  { name: 'Evaluation code', artefacts: ['evaluation_code'], description: 'Evaluation code' },
  { name: 'Evaluation data', artefacts: ['evaluation_data'], description: 'Evaluation data' },
  { name: 'Datasets', artefacts: ['training_data'], description: 'Training data' },
  { name: 'Data preprocessing code', artefacts: ['data_preprocessing'], description: 'Data preprocessing code' },
  { name: 'Technical report', artefacts: ['technical_report'], description: 'Technical report' },
  { name: 'Evaluation results', artefacts: ['technical_report'], description: 'Evaluation results, in the technical report' },
  {
    name: 'Research paper',
    artefacts: ['technical_report'],
    description: 'The technical report stands in for a research paper (MOT README)'
  },
  { name: 'Data card', artefacts: ['data_documentation'], description: 'Data documentation' },
  { name: 'Model metadata', artefacts: ['hyperparameters'], description: 'Hyperparameters and training configuration' }
];

/** How the MOT names a licence: the SPDX id or expression, else the licence's name. */
function motLicenceName(licence: RecordLicence): string {
  if (licence.custom.length === 0) return licence.expression;
  if (licence.custom.length === 1 && licence.expression === licence.custom[0].ref) return licence.custom[0].name;
  return licence.expression;
}

function motLicencePath(licence: RecordLicence): string {
  return licence.custom.length === 1 && licence.custom[0].url
    ? licence.custom[0].url
    : licence.spdxId
      ? `https://spdx.org/licenses/${licence.spdxId}.html`
      : '';
}

function components(card: CardReport, own: RecordLicence | undefined): Record<string, string>[] {
  const details = card.artefactDetails ?? {};
  const out: Record<string, string>[] = [];
  for (const spec of COMPONENTS) {
    const key = spec.artefacts.find((k) => details[k]?.status === 'released');
    if (key === undefined) continue;
    const detail = details[key];
    const entry: Record<string, string> = { name: spec.name, description: `${spec.description} (\`${key}\` in ${card.path})` };
    const licence = artefactLicence(card, detail.licence);
    if (licence) {
      entry.license = motLicenceName(licence);
      const path = motLicencePath(licence);
      if (path) entry.license_path = path;
    }
    if (detail.location) entry.component_path = detail.location;
    out.push(entry);
  }
  // The card is always released with the model; evaluation results may live in it (MOT README).
  const inCard = (name: string, description: string): void => {
    const entry: Record<string, string> = { name, description };
    if (own) entry.license = motLicenceName(own);
    entry.component_path = card.path;
    out.push(entry);
  };
  if (card.record?.evaluationResultsInCard && !out.some((c) => c.name === 'Evaluation results'))
    inCard('Evaluation results', 'Evaluation results in the model card (`model-index`)');
  inCard('Model card', 'The model card');
  return out;
}

function gateBlock(card: CardReport, own: RecordLicence | undefined): Record<string, unknown> {
  const record = card.record;
  const counts = summarise([card]);
  const artefacts: Record<string, unknown> = {};
  for (const key of orderedArtefactKeys(Object.keys(card.artefactDetails ?? {}))) artefacts[key] = { ...card.artefactDetails![key] };
  const ancestor = (a: { id: string; licence?: string; relation?: string; path: string[]; licenceSource?: string }) => ({
    id: a.id,
    ...(a.licence ? { licence: a.licence } : {}),
    ...(a.licenceSource ? { licence_source: a.licenceSource } : {}),
    ...(a.relation ? { relation: a.relation } : {}),
    ...(a.path.length > 1 ? { via: a.path.slice(0, -1) } : {})
  });
  const block: Record<string, unknown> = {
    card: card.path,
    access: card.access,
    ...(record?.accessDetails ? { access_details: { ...record.accessDetails } } : {}),
    risk: { dual_use: card.riskLevel ?? null, ...(record?.riskAssessment ? { assessment: record.riskAssessment } : {}) },
    openness_class: card.opennessClass,
    ...(card.openness && card.openness.missingForNext.length > 0 ? { missing_for_next_class: [...card.openness.missingForNext] } : {}),
    licence: {
      declared: card.licence,
      ...(own ? { spdx_expression: own.expression } : {}),
      inherited: (card.licenceSummary?.inherited ?? []).map((i) => ({ from: i.from, licence: i.licence }))
    },
    base_models: (record?.baseModels ?? []).map(ancestor),
    datasets: (record?.datasets ?? []).map(ancestor),
    ...(record && record.generators.length > 0
      ? { synthetic_data_generators: record.generators.map((g) => ({ ...ancestor(g), ...(g.dataset ? { dataset: g.dataset } : {}) })) }
      : {}),
    ...(record && record.useRestrictions.length > 0 ? { use_restrictions: [...record.useRestrictions] } : {}),
    artefacts,
    findings: { errors: counts.errors, warnings: counts.warnings, notices: counts.notices, waived: counts.waived }
  };
  return block;
}

export interface MotOptions {
  record: RecordOptions;
}

export function motRecord(card: CardReport, options: RecordOptions): Record<string, unknown> {
  const record = card.record;
  const own = cardLicence(card);
  const release: Record<string, unknown> = { name: recordName(card) };
  if (options.version) release.version = options.version;
  const type = motType(record);
  if (type) release.type = type;
  const origin = (record?.baseModels ?? []).filter((b) => b.path.length === 1).map((b) => b.id);
  if (origin.length > 0) release.origin = origin.join(', ');
  release.producer = producerOf(card) ?? '';
  const weights = card.artefactDetails?.weights;
  if (weights?.status === 'released' && isUrl(weights.location) && /^https:\/\/huggingface\.co\//i.test(weights.location))
    release.huggingface = weights.location;
  release.license = own ? { distribution: { name: motLicenceName(own), path: motLicencePath(own) } } : {};
  release.components = components(card, own);
  return { framework: { ...MOT_FRAMEWORK }, release, model_release_gate: gateBlock(card, own) };
}

export const motReporter: ReporterFactory<MotOptions> = (sink: Sink, options: MotOptions): Reporter => ({
  begin() {},
  card(card) {
    // lineWidth 0: no folding (same record, same bytes); YAML 1.1 quoting, so that a 1.1 reader (PyYAML,
    // PHP) does not read dates or yes/no as other types; no anchors, which some readers refuse.
    sink(`---\n${stringify(motRecord(card, options.record), { lineWidth: 0, version: '1.1', aliasDuplicateObjects: false })}`);
  },
  end() {}
});
