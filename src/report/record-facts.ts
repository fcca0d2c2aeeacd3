/**
 * The card facts the release records (CycloneDX, SPDX, MOT; contract 1.7) need beyond the JSON
 * report: name, task, ancestors with their licences, datasets, access details, risk, use
 * restrictions. Pure: the engine calls it once per card, and reporters read only the result.
 */
import { ancestorsOf } from '../licences/ancestry.js';
import { isRecord, releaseOf, str, strList } from '../meta.js';
import type { CardRecord, HubFacts, ParsedCard, RecordAncestor } from '../types.js';

/** Headings are looked for in the first lines only, so that a huge body costs nothing. */
const HEADING_SCAN_LINES = 200;
const MAX_NAME = 200;

function trimmed(value: unknown): string | undefined {
  const s = str(value)?.trim();
  return s ? s : undefined;
}

/** The first level-1 ATX heading of the body (`# Name`), without emphasis marks or trailing hashes. */
function firstHeading(body: string): string | undefined {
  let start = 0;
  for (let i = 0; i < HEADING_SCAN_LINES && start < body.length; i++) {
    const end = body.indexOf('\n', start);
    const line = body.slice(start, end < 0 ? body.length : end).trim();
    start = end < 0 ? body.length : end + 1;
    if (!line.startsWith('# ')) continue;
    // Plain string operations, no regex: card text must be scanned in linear time.
    let text = line.slice(2).trim();
    while (text.endsWith('#')) text = text.slice(0, -1).trimEnd();
    text = text.split('`').join('').split('*').join('').trim();
    if (text !== '') return text;
  }
  return undefined;
}

/** The card's folder name, or its file name without extension for a card at the top. */
function nameFromPath(cardPath: string): string {
  const parts = cardPath.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length >= 2) return parts[parts.length - 2];
  const file = parts[0] ?? 'model';
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
}

function modelName(card: ParsedCard, meta: Record<string, unknown>): string {
  const index = meta['model-index'];
  const fromIndex = Array.isArray(index) && isRecord(index[0]) ? trimmed(index[0].name) : undefined;
  const name = fromIndex ?? trimmed(meta.model_name) ?? firstHeading(card.body) ?? nameFromPath(card.path);
  return name.length > MAX_NAME ? name.slice(0, MAX_NAME) : name;
}

const MAX_METRICS = 200;

/** The metrics of `model-index` (Hub format: entries → results → metrics), as far as they are well formed. */
function metricsOf(index: unknown): CardRecord['metrics'] {
  const out: CardRecord['metrics'] = [];
  if (!Array.isArray(index)) return out;
  for (const entry of index) {
    if (!isRecord(entry) || !Array.isArray(entry.results)) continue;
    for (const result of entry.results) {
      if (!isRecord(result) || !Array.isArray(result.metrics)) continue;
      const dataset = isRecord(result.dataset) ? (trimmed(result.dataset.name) ?? trimmed(result.dataset.type)) : undefined;
      for (const metric of result.metrics) {
        if (!isRecord(metric)) continue;
        // The Hub writes `type: unknown` for metrics it has no id for; the name says more then.
        const id = trimmed(metric.type);
        const type = id !== undefined && id !== 'unknown' ? id : (trimmed(metric.name) ?? id);
        const value = typeof metric.value === 'number' || typeof metric.value === 'string' ? String(metric.value).trim() : '';
        if (type === undefined || value === '') continue;
        out.push({ type, value, ...(dataset ? { dataset } : {}) });
        if (out.length >= MAX_METRICS) return out;
      }
    }
  }
  return out;
}

export function recordOf(card: ParsedCard, hub: HubFacts): CardRecord | undefined {
  const meta = card.data;
  if (!meta) return undefined;
  const release = releaseOf(meta) ?? {};
  const index = meta['model-index'];
  const baseModels: RecordAncestor[] = [];
  const datasets: RecordAncestor[] = [];
  const generators: RecordAncestor[] = [];
  for (const a of ancestorsOf(meta, hub, { card })) {
    const out: RecordAncestor = { id: a.id, path: [...a.path], licenceSource: a.licence ? a.source : 'unknown' };
    if (a.licence) out.licence = a.licence.declared;
    if (a.relation) out.relation = a.relation;
    if (a.dataset) out.dataset = a.dataset;
    (a.role === 'base' ? baseModels : a.role === 'dataset' ? datasets : generators).push(out);
  }
  // Datasets the Hub did not describe are still training data the records must name.
  for (const id of strList(meta.datasets).map((d) => d.trim())) {
    if (id !== '' && !datasets.some((d) => d.id === id)) datasets.push({ id, path: [id], licenceSource: 'unknown' });
  }
  const record: CardRecord = {
    name: modelName(card, meta),
    languages: strList(meta.language)
      .map((l) => l.trim())
      .filter((l) => l !== ''),
    tags: strList(meta.tags)
      .map((t) => t.trim())
      .filter((t) => t !== ''),
    baseModels,
    datasets,
    generators,
    useRestrictions: strList(release.use_restrictions)
      .map((u) => u.trim())
      .filter((u) => u !== ''),
    hubGated: Object.keys(meta).some((k) => k.startsWith('extra_gated_')) || (meta.gated !== undefined && meta.gated !== false),
    evaluationResultsInCard:
      Array.isArray(index) && index.some((entry) => isRecord(entry) && Array.isArray(entry.results) && entry.results.length > 0),
    metrics: metricsOf(index)
  };
  const optional: [keyof CardRecord, string | undefined][] = [
    ['pipelineTag', trimmed(meta.pipeline_tag)],
    ['libraryName', trimmed(meta.library_name)],
    ['licenseName', trimmed(meta.license_name)],
    ['licenseLink', trimmed(meta.license_link)]
  ];
  for (const [key, value] of optional) if (value !== undefined) (record as unknown as Record<string, unknown>)[key] = value;
  const licences = Array.isArray(meta.license)
    ? strList(meta.license)
        .map((l) => l.trim())
        .filter((l) => l !== '')
    : [];
  if (licences.length > 1) record.licenceList = licences;
  if (isRecord(release.access_details)) {
    const approval = trimmed(release.access_details.approval);
    const conditions = trimmed(release.access_details.conditions);
    if (approval !== undefined || conditions !== undefined)
      record.accessDetails = { ...(approval ? { approval } : {}), ...(conditions ? { conditions } : {}) };
  }
  if (isRecord(release.risk)) {
    const assessment = trimmed(release.risk.assessment);
    if (assessment !== undefined) record.riskAssessment = assessment;
  }
  return record;
}
