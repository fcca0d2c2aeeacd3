/**
 * The Model Openness Framework class of a release, computed the way the Model Openness Tool does
 * (licences.md §2.3–2.4): each class names components that must be included under an open licence,
 * classes are cumulative, and an open licence meant for another content type is a "conditional pass".
 *
 * MOT sources: lfai/model_openness_tool web/modules/mof/config/install/mof.settings.yml (components),
 * web/modules/mof/src/ModelEvaluator.php and LicenseHandler.php (licence judgement),
 * web/modules/mof/mof-licenses.json (type-appropriate licences).
 */
import { isOpenForMof } from './licences/knowledge.js';
import { artefactsOf, isRecord, licenceOf, str } from './meta.js';
import type { OpennessResult } from './types.js';

export type ContentType = 'code' | 'data' | 'document';
export type MofClass = 'III' | 'II' | 'I';

/** Where in the card an MOT component is found. */
export interface ComponentSpec {
  /** The MOT component name. */
  name: string;
  type: ContentType;
  cls: MofClass;
  /** Our artefact keys that can supply it, first match wins. */
  artefacts: string[];
  /** Evaluation results and the model card may live in the card itself. */
  inCard?: 'always' | 'model-index';
}

/** Required components per class (optional MOT components do not affect the class, so they are left out). */
export const MOF_COMPONENTS: readonly ComponentSpec[] = [
  // Class III – Open Model
  { name: 'Model architecture', type: 'code', cls: 'III', artefacts: ['architecture'] },
  { name: 'Model parameters (Final)', type: 'data', cls: 'III', artefacts: ['weights'] },
  { name: 'Technical report', type: 'document', cls: 'III', artefacts: ['technical_report'] },
  { name: 'Evaluation results', type: 'document', cls: 'III', artefacts: ['technical_report'], inCard: 'model-index' },
  { name: 'Model card', type: 'document', cls: 'III', artefacts: [], inCard: 'always' },
  { name: 'Data card', type: 'document', cls: 'III', artefacts: ['data_documentation'] },
  // Class II – Open Tooling Model
  { name: 'Training code', type: 'code', cls: 'II', artefacts: ['training_code'] },
  { name: 'Inference code', type: 'code', cls: 'II', artefacts: ['inference_code'] },
  { name: 'Evaluation code', type: 'code', cls: 'II', artefacts: ['evaluation_code'] },
  { name: 'Evaluation data', type: 'data', cls: 'II', artefacts: ['evaluation_data'] },
  // Class I – Open Science Model
  { name: 'Datasets', type: 'data', cls: 'I', artefacts: ['training_data'] },
  { name: 'Data preprocessing code', type: 'code', cls: 'I', artefacts: ['data_preprocessing'] },
  { name: 'Model parameters (Intermediate)', type: 'data', cls: 'I', artefacts: ['intermediate_checkpoints'] },
  // A detailed technical report stands in for the paper (MOT README).
  { name: 'Research paper', type: 'document', cls: 'I', artefacts: ['technical_report'] }
];

const CLASS_ORDER: MofClass[] = ['III', 'II', 'I'];
const SUGGESTED: Record<ContentType, string> = {
  code: 'an OSI-approved code licence such as Apache-2.0 or MIT',
  data: 'an open data licence such as CDLA-Permissive-2.0, CC0-1.0 or OpenMDW-1.0',
  document: 'a documentation licence such as CC-BY-4.0'
};

export type ComponentVerdict =
  | { status: 'pass'; licence: string; source: string }
  | { status: 'conditional'; licence: string; source: string }
  | { status: 'absent'; source?: string; detail: string }
  | { status: 'unlicensed'; source: string }
  | { status: 'not-open'; licence: string; source: string };

export interface ComponentResult {
  spec: ComponentSpec;
  verdict: ComponentVerdict;
}

/** The judgement of every required component, in class order. */
export function assessComponents(meta: Record<string, unknown>): ComponentResult[] {
  const artefacts = artefactsOf(meta);
  const distribution = licenceOf(meta)?.trim() || undefined;
  const cardLicence = distribution === 'other' ? otherName(meta) : distribution;
  return MOF_COMPONENTS.map((spec) => ({ spec, verdict: judgeComponent(spec, artefacts, meta, cardLicence) }));
}

function otherName(meta: Record<string, unknown>): string {
  const name = str(meta.license_name)?.trim();
  return name ? `other:${name}` : 'other';
}

function judgeComponent(
  spec: ComponentSpec,
  artefacts: Record<string, Record<string, unknown>>,
  meta: Record<string, unknown>,
  cardLicence: string | undefined
): ComponentVerdict {
  const keys = [...spec.artefacts];
  // The architecture is defined by the inference code when the card does not state it apart.
  if (spec.name === 'Model architecture' && !artefacts.architecture) keys.push('inference_code');
  // A component may live in several places (evaluation results: the card or the report); the best counts.
  const found: ComponentVerdict[] = [];
  for (const key of keys) {
    const artefact = artefacts[key];
    if (!artefact || str(artefact.status) !== 'released') continue;
    // MOT resolution: the component's own licence, else the release-wide (distribution) licence.
    found.push(judgeLicence(spec, licenceText(artefact.licence) ?? cardLicence, `\`${key}\``));
  }
  if (spec.inCard === 'always') found.push(judgeLicence(spec, cardLicence, 'the model card'));
  if (spec.inCard === 'model-index' && hasResults(meta['model-index'])) {
    found.push(judgeLicence(spec, cardLicence, '`model-index` in the model card'));
  }
  if (found.length > 0) return found.reduce((best, v) => (RANK[v.status] < RANK[best.status] ? v : best));
  const stated = keys.find((key) => artefacts[key]);
  // Name the fallback only after the key the reader is expected to write (`architecture`, not `inference_code`).
  const fallback = stated !== undefined && stated !== keys[0] ? `\`${keys[0]}\` is not stated and ` : '';
  const detail = stated
    ? `${fallback}\`${stated}\` is ${str(artefacts[stated].status) ?? 'not marked released'}`
    : spec.inCard === 'model-index'
      ? 'no `model-index` results in the card and no released `technical_report`'
      : `\`${keys[0]}\` is not stated`;
  return { status: 'absent', source: stated ? `\`${stated}\`` : undefined, detail };
}

/** `model-index` holds evaluation results only when some entry lists at least one result. */
function hasResults(modelIndex: unknown): boolean {
  return (
    Array.isArray(modelIndex) && modelIndex.some((entry) => isRecord(entry) && Array.isArray(entry.results) && entry.results.length > 0)
  );
}

const RANK: Record<ComponentVerdict['status'], number> = { pass: 0, conditional: 1, 'not-open': 2, unlicensed: 3, absent: 4 };

function licenceText(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (Array.isArray(value)) {
    const parts = value.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
    if (parts.length > 0) return parts.join(' AND ');
  }
  return undefined;
}

function judgeLicence(spec: ComponentSpec, licence: string | undefined, source: string): ComponentVerdict {
  if (!licence) return { status: 'unlicensed', source };
  const { open, types } = isOpenForMof(licence);
  if (!open) return { status: 'not-open', licence, source };
  return types.includes(spec.type) ? { status: 'pass', licence, source } : { status: 'conditional', licence, source };
}

/** Why a component does not count, in words for the report. */
export function describeShortfall(result: ComponentResult): string {
  const { spec, verdict } = result;
  switch (verdict.status) {
    case 'absent':
      return `${spec.name}: ${verdict.detail}`;
    case 'unlicensed':
      return `${spec.name}: ${verdict.source} has no licence`;
    case 'not-open':
      return `${spec.name}: ${verdict.source} is under \`${verdict.licence}\`, which the MOF does not count as open (use ${SUGGESTED[spec.type]})`;
    default:
      return spec.name;
  }
}

function counts(verdict: ComponentVerdict): boolean {
  return verdict.status === 'pass' || verdict.status === 'conditional';
}

export function classifyOpenness(meta: Record<string, unknown>): OpennessResult {
  if (!isRecord(meta)) return { class: 'none', missingForNext: [], conditional: [] };
  const results = assessComponents(meta);
  let reached: OpennessResult['class'] = 'none';
  let missingForNext: string[] = [];
  for (const cls of CLASS_ORDER) {
    const short = results.filter((r) => r.spec.cls === cls && !counts(r.verdict));
    if (short.length > 0) {
      missingForNext = short.map(describeShortfall);
      break;
    }
    reached = cls;
  }
  const conditional: string[] = [];
  for (const r of results) {
    if (r.verdict.status !== 'conditional') continue;
    const line = `${r.spec.name}: ${r.verdict.source} is under \`${r.verdict.licence}\`, open but not a ${r.spec.type} licence (MOF recommends ${SUGGESTED[r.spec.type]})`;
    if (!conditional.includes(line)) conditional.push(line);
  }
  return { class: reached, missingForNext, conditional };
}

export const CLASS_NAMES: Record<OpennessResult['class'], string> = {
  I: 'Class I – Open Science Model',
  II: 'Class II – Open Tooling Model',
  III: 'Class III – Open Model',
  none: 'no class (Unclassified)'
};
