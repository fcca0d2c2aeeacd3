/**
 * CycloneDX 1.6 JSON ML-BOM (contract 1.7): one `machine-learning-model` component per card, its
 * artefacts as sub-components, datasets as `data` components, base models as components with a
 * `dependencies` edge, the gate's verdict as `model-release-gate:` properties.
 *
 * Streams: components are written card by card; the dependency graph (a few refs per card) and the
 * run's verdict close the document at `end`. JSON key order is free, so `dependencies` and the
 * top-level `properties` can follow `components`.
 */
import { summarise } from '../engine.js';
import type { CardReport, RecordAncestor } from '../types.js';
import type { Reporter, ReporterFactory, ReportTotals, Sink } from './reporter.js';
import {
  ancestorLicence,
  artefactKeys,
  artefactLicence,
  cardLicence,
  CODE_ARTEFACTS,
  DATA_ARTEFACTS,
  DOCUMENT_ARTEFACTS,
  hubDatasetUrl,
  hubModelUrl,
  hubPurl,
  isReference,
  isUrl,
  producerOf,
  RECORD_TOOL,
  recordName,
  type RecordLicence,
  type RecordOptions
} from './record-common.js';

export const CDX_PREFIX = 'model-release-gate:';

type Json = Record<string, unknown>;
type Property = { name: string; value: string };

function prop(name: string, value: string | number | boolean | null | undefined): Property[] {
  return value === undefined || value === null || value === '' ? [] : [{ name: `${CDX_PREFIX}${name}`, value: String(value) }];
}

/** CycloneDX `licenses`: an SPDX id, a named licence with its URL, or one SPDX expression (never an invented id). */
export function cdxLicences(licence: RecordLicence, acknowledgement: 'declared' | 'concluded'): Json[] {
  if (licence.spdxId) return [{ license: { id: licence.spdxId, acknowledgement } }];
  const only = licence.custom.length === 1 && licence.expression === licence.custom[0].ref ? licence.custom[0] : undefined;
  if (only) return [{ license: { name: only.name, acknowledgement, ...(isReference(only.url) ? { url: only.url } : {}) } }];
  return [{ expression: licence.expression, acknowledgement }];
}

/** `license` external references for the URLs of licences that have no SPDX id. */
function licenceReferences(licence: RecordLicence | undefined): Json[] {
  return (licence?.custom ?? [])
    .filter((c) => isReference(c.url))
    .map((c) => ({ type: 'license', url: c.url, comment: `${c.ref}: ${c.name}` }));
}

/** The external-reference type of an artefact's location. */
function referenceType(key: string, location: string): string {
  if (CODE_ARTEFACTS.has(key))
    return /^https?:\/\/(www\.)?(github\.com|gitlab\.com|bitbucket\.org)\//i.test(location) ? 'vcs' : 'source-distribution';
  if (DOCUMENT_ARTEFACTS.has(key)) return 'documentation';
  if (key === 'hyperparameters') return 'configuration';
  if (key === 'prompts') return 'other';
  return 'distribution';
}

function artefactComponent(card: CardReport, key: string): Json {
  const detail = card.artefactDetails![key];
  const isData = DATA_ARTEFACTS.has(key);
  const out: Json = { type: isData ? 'data' : 'file', 'bom-ref': `${modelRef(card)}#${key}`, name: key };
  if (detail.reason) out.description = detail.reason;
  const licence = artefactLicence(card, detail.licence);
  if (licence) out.licenses = cdxLicences(licence, 'declared');
  const refs: Json[] = [];
  if (detail.status === 'released' && isReference(detail.location))
    refs.push({ type: referenceType(key, detail.location), url: detail.location });
  refs.push(...licenceReferences(licence));
  if (refs.length > 0) out.externalReferences = refs;
  if (isData) out.data = [{ type: 'dataset', name: key }];
  out.properties = [
    ...prop('artefact', key),
    ...prop('artefact:status', detail.status),
    ...prop('artefact:location', detail.location),
    ...prop('artefact:licence', detail.licence),
    ...prop('artefact:reason', detail.reason)
  ];
  return out;
}

function modelRef(card: CardReport): string {
  return `model:${card.path}`;
}

export function ancestorRef(ancestor: RecordAncestor, role: 'model' | 'dataset'): string {
  return role === 'dataset' ? `hf-dataset:${ancestor.id.toLowerCase()}` : `hf-model:${ancestor.id.toLowerCase()}`;
}

/** A base model, a generator or a dataset, with its own (inherited) licence. */
function ancestorComponent(ancestor: RecordAncestor, role: 'model' | 'dataset'): Json {
  const out: Json = {
    type: role === 'dataset' ? 'data' : 'machine-learning-model',
    'bom-ref': ancestorRef(ancestor, role),
    name: ancestor.id
  };
  const licence = ancestorLicence(ancestor.licence);
  if (licence) out.licenses = cdxLicences(licence, 'declared');
  const purl = role === 'model' ? hubPurl(ancestor.id) : undefined;
  if (purl) out.purl = purl;
  const url = role === 'dataset' ? hubDatasetUrl(ancestor.id) : hubModelUrl(ancestor.id);
  const refs: Json[] = url ? [{ type: role === 'dataset' ? 'distribution' : 'website', url }] : [];
  refs.push(...licenceReferences(licence));
  if (refs.length > 0) out.externalReferences = refs;
  if (role === 'dataset') out.data = [{ type: 'dataset', name: ancestor.id }];
  out.properties = [...prop('licence:declared', ancestor.licence), ...prop('licence:source', ancestor.licenceSource)];
  return out;
}

function modelComponent(card: CardReport, options: RecordOptions): Json {
  const record = card.record;
  const name = recordName(card);
  const out: Json = { type: 'machine-learning-model', 'bom-ref': modelRef(card), name };
  if (options.version) out.version = options.version;
  const producer = producerOf(card);
  if (producer) out.supplier = { name: producer };
  const licence = cardLicence(card);
  if (licence) out.licenses = cdxLicences(licence, 'declared');
  const weights = card.artefactDetails?.weights;
  const hubWeights =
    weights?.status === 'released' && isUrl(weights.location)
      ? /^https:\/\/huggingface\.co\/([A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*)\/?$/.exec(weights.location)
      : null;
  const purl = hubWeights ? hubPurl(hubWeights[1]) : undefined;
  if (purl) out.purl = purl;

  const refs: Json[] = [];
  if (isReference(card.path)) refs.push({ type: 'model-card', url: card.path });
  if (weights?.status === 'released' && isReference(weights.location))
    refs.push({ type: 'distribution', url: weights.location, comment: 'weights' });
  for (const key of artefactKeys(card)) {
    const detail = card.artefactDetails![key];
    if (key !== 'weights' && detail.status === 'released' && isReference(detail.location))
      refs.push({ type: referenceType(key, detail.location), url: detail.location, comment: key });
  }
  if (isReference(record?.riskAssessment) && isUrl(record?.riskAssessment))
    refs.push({ type: 'risk-assessment', url: record.riskAssessment });
  refs.push(...licenceReferences(licence));
  if (refs.length > 0) out.externalReferences = refs;

  const direct = (record?.baseModels ?? []).filter((b) => b.path.length === 1);
  if (direct.length > 0) {
    const ancestors = direct.map((b) => ({
      type: 'machine-learning-model',
      name: b.id,
      ...(hubPurl(b.id) ? { purl: hubPurl(b.id) } : {})
    }));
    const notes = direct.map((b) => (b.relation ? `${b.relation} of ${b.id}` : `derived from ${b.id}`)).join('; ');
    out.pedigree = { ancestors, notes };
  }
  const artefacts = artefactKeys(card);
  if (artefacts.length > 0) out.components = artefacts.map((key) => artefactComponent(card, key));
  if (record && record.tags.length > 0) out.tags = [...record.tags];
  const modelCard = modelCardOf(card);
  if (modelCard) out.modelCard = modelCard;
  out.properties = propertiesOf(card, licence);
  return out;
}

function modelCardOf(card: CardReport): Json | undefined {
  const record = card.record;
  const parameters: Json = {};
  if (record?.pipelineTag) parameters.task = record.pipelineTag;
  const datasets = (record?.datasets ?? []).map((d) => ({ ref: ancestorRef(d, 'dataset') }));
  if (card.artefactDetails?.training_data) datasets.push({ ref: `${modelRef(card)}#training_data` });
  if (card.artefactDetails?.evaluation_data) datasets.push({ ref: `${modelRef(card)}#evaluation_data` });
  if (datasets.length > 0) parameters.datasets = datasets;
  const ethical: Json[] = [];
  if (card.riskLevel || record?.riskAssessment) {
    const access = card.access
      ? `Access tier: ${card.access}${record?.accessDetails?.approval ? ` (${record.accessDetails.approval} approval)` : ''}.`
      : 'No access tier is stated.';
    const conditions = record?.accessDetails?.conditions ? ` Conditions: ${record.accessDetails.conditions}` : '';
    ethical.push({
      name: `Dual-use risk: ${card.riskLevel ?? 'not stated'}${record?.riskAssessment ? `. Assessment: ${record.riskAssessment}` : ''}`,
      mitigationStrategy: `${access}${conditions}`
    });
  }
  for (const restriction of record?.useRestrictions ?? []) ethical.push({ name: `Use restriction: ${restriction}` });
  const out: Json = {};
  if (Object.keys(parameters).length > 0) out.modelParameters = parameters;
  const metrics = (record?.metrics ?? []).map((m) => ({ type: m.type, value: m.value, ...(m.dataset ? { slice: m.dataset } : {}) }));
  if (metrics.length > 0) out.quantitativeAnalysis = { performanceMetrics: metrics };
  if (ethical.length > 0) out.considerations = { ethicalConsiderations: ethical };
  return Object.keys(out).length > 0 ? out : undefined;
}

function propertiesOf(card: CardReport, licence: RecordLicence | undefined): Property[] {
  const record = card.record;
  const counts = summarise([card]);
  const out: Property[] = [
    ...prop('card', card.path),
    ...prop('access', card.access),
    ...prop('access:approval', record?.accessDetails?.approval),
    ...prop('access:conditions', record?.accessDetails?.conditions),
    ...prop('hub-gated', record?.hubGated),
    ...prop('risk:dual-use', card.riskLevel),
    ...prop('risk:assessment', record?.riskAssessment),
    ...prop('openness:class', card.opennessClass),
    ...(card.openness?.missingForNext ?? []).flatMap((m) => prop('openness:missing-for-next', m)),
    ...prop('licence:declared', card.licence),
    ...prop('licence:expression', licence?.expression),
    ...prop('licence:name', card.licenceSummary?.name),
    ...(card.licenceSummary?.inherited ?? []).flatMap((i) => prop('licence:inherited', `${i.licence} from ${i.from}`)),
    ...(record?.baseModels ?? [])
      .filter((b) => b.path.length === 1)
      .flatMap((b) => [...prop('base-model', b.id), ...prop('base-model:relation', b.relation)]),
    ...(record?.generators ?? []).flatMap((g) =>
      prop('synthetic-data-generator', `${g.id}${g.dataset ? ` (generated ${g.dataset})` : ''}`)
    ),
    ...prop('findings:errors', counts.errors),
    ...prop('findings:warnings', counts.warnings),
    ...prop('findings:notices', counts.notices),
    ...prop('findings:waived', counts.waived),
    ...card.findings.flatMap((f) => prop('finding', `${f.waived ? 'waived ' : ''}${f.severity} ${f.rule} (line ${f.line}): ${f.message}`))
  ];
  return out;
}

export interface CycloneDxOptions {
  record: RecordOptions;
}

function indent(value: unknown, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return pad + JSON.stringify(value, null, 2).replace(/\n/g, `\n${pad}`);
}

export const cycloneDxReporter: ReporterFactory<CycloneDxOptions> = (sink: Sink, options: CycloneDxOptions): Reporter => {
  const written = new Set<string>();
  const dependencies = new Map<string, Set<string>>();
  let count = 0;
  const emit = (component: Json): void => {
    sink((count++ > 0 ? ',\n' : '\n') + indent(component, 4));
  };
  const edge = (from: string, to: string): void => {
    if (!dependencies.has(from)) dependencies.set(from, new Set());
    dependencies.get(from)!.add(to);
  };
  return {
    begin() {
      const head = {
        $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        serialNumber: `urn:uuid:${options.record.serial}`,
        version: 1,
        metadata: {
          timestamp: options.record.timestamp,
          tools: {
            components: [
              {
                type: 'application',
                name: RECORD_TOOL.name,
                version: RECORD_TOOL.version,
                externalReferences: [{ type: 'website', url: RECORD_TOOL.url }]
              }
            ]
          }
        }
      };
      const text = JSON.stringify(head, null, 2);
      sink(`${text.slice(0, text.lastIndexOf('\n}'))},\n  "components": [`);
    },
    card(card) {
      emit(modelComponent(card, options.record));
      const record = card.record;
      const ref = modelRef(card);
      dependencies.set(ref, dependencies.get(ref) ?? new Set());
      for (const base of record?.baseModels ?? []) {
        const baseRef = ancestorRef(base, 'model');
        if (!written.has(baseRef)) {
          written.add(baseRef);
          emit(ancestorComponent(base, 'model'));
        }
        const parent = base.path.length === 1 ? ref : `hf-model:${base.path[base.path.length - 2].toLowerCase()}`;
        edge(parent, baseRef);
      }
      for (const generator of record?.generators ?? []) {
        const genRef = ancestorRef(generator, 'model');
        if (!written.has(genRef)) {
          written.add(genRef);
          emit(ancestorComponent(generator, 'model'));
        }
      }
      for (const dataset of record?.datasets ?? []) {
        const dataRef = ancestorRef(dataset, 'dataset');
        if (!written.has(dataRef)) {
          written.add(dataRef);
          emit(ancestorComponent(dataset, 'dataset'));
        }
      }
    },
    end(totals: ReportTotals) {
      const graph = [...dependencies].map(([ref, on]) => (on.size > 0 ? { ref, dependsOn: [...on] } : { ref }));
      const properties: Property[] = [
        ...prop('result', totals.result),
        ...prop('cards', totals.summary.cards),
        ...prop('errors', totals.summary.errors),
        ...prop('warnings', totals.summary.warnings),
        ...prop('notices', totals.summary.notices),
        ...prop('waived', totals.summary.waived ?? 0),
        ...(totals.notes ?? []).flatMap((n) => prop('note', n))
      ];
      const tail = JSON.stringify({ dependencies: graph, properties }, null, 2);
      sink(`${count > 0 ? '\n  ' : ''}],\n${tail.slice(2)}\n`);
    }
  };
};
