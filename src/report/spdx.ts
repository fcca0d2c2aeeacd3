/**
 * SPDX 3.0.1 JSON-LD with the AI profile (contract 1.7): an `ai_AIPackage` per card,
 * licences as `hasDeclaredLicense` / `hasConcludedLicense` relationships to license expressions
 * (`LicenseRef-…` mapped to the licence's URL where a licence has no SPDX id), training data as
 * `dataset_DatasetPackage` with `trainedOn`, base models with `descendantOf`, artefacts as packages,
 * the gate's verdict (access tier, openness class, findings) as annotations.
 *
 * Streams: elements go into `@graph` card by card; the SpdxDocument, which lists every element, is
 * the last item of the graph (order in a JSON-LD graph carries no meaning).
 */
import { summarise } from '../engine.js';
import type { CardReport, RecordAncestor } from '../types.js';
import { IdSpool } from './id-spool.js';
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
  isReference,
  ownerOf,
  producerOf,
  RECORD_TOOL,
  recordLicence,
  recordName,
  taskDomain,
  trimChar,
  type RecordLicence,
  type RecordOptions
} from './record-common.js';

type Json = Record<string, unknown>;

const CONTEXT = 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld';
const CREATION = '_:creationinfo';
const NO_ASSERTION = 'NOASSERTION';

/** How an artefact relates to the model: [relationship type, direction]. */
function artefactRelation(key: string): { type: string; fromModel: boolean; purpose: string } {
  if (key === 'training_data') return { type: 'trainedOn', fromModel: true, purpose: 'data' };
  if (key === 'evaluation_data') return { type: 'testedOn', fromModel: true, purpose: 'data' };
  if (key === 'weights') return { type: 'hasDistributionArtifact', fromModel: true, purpose: 'model' };
  if (key === 'training_code') return { type: 'generates', fromModel: false, purpose: 'source' };
  if (key === 'evaluation_code') return { type: 'hasTest', fromModel: true, purpose: 'source' };
  if (key === 'architecture') return { type: 'hasSpecification', fromModel: true, purpose: 'source' };
  if (key === 'hyperparameters') return { type: 'configures', fromModel: false, purpose: 'configuration' };
  if (DOCUMENT_ARTEFACTS.has(key)) return { type: 'hasDocumentation', fromModel: true, purpose: 'documentation' };
  if (key === 'intermediate_checkpoints' || key === 'initial_weights') return { type: 'hasVariant', fromModel: true, purpose: 'model' };
  if (CODE_ARTEFACTS.has(key)) return { type: 'hasRequirement', fromModel: true, purpose: 'source' };
  return { type: 'other', fromModel: true, purpose: 'other' };
}

/** A fragment-safe id from free text (card paths, Hub ids). */
function slug(text: string): string {
  return encodeURIComponent(text)
    .replace(/%2F/gi, '/')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export interface SpdxOptions {
  record: RecordOptions;
}

export const spdxReporter: ReporterFactory<SpdxOptions> = (sink: Sink, options: SpdxOptions): Reporter => {
  const ns = `https://spdx.org/spdxdocs/model-release-gate-${options.record.serial}`;
  const time = options.record.timestamp;
  const elements = new IdSpool();
  const roots: string[] = [];
  const written = new Set<string>();
  let items = 0;
  let relationships = 0;

  const emit = (item: Json): void => {
    sink((items++ > 0 ? ',\n' : '\n') + '    ' + JSON.stringify(item, null, 2).replace(/\n/g, '\n    '));
    if (typeof item.spdxId === 'string') elements.add(item.spdxId);
  };
  const once = (id: string, make: () => Json): string => {
    if (!written.has(id)) {
      written.add(id);
      emit(make());
    }
    return id;
  };
  const relate = (from: string, type: string, to: string[], comment?: string): void => {
    emit({
      type: 'Relationship',
      spdxId: `${ns}#rel-${++relationships}`,
      creationInfo: CREATION,
      from,
      relationshipType: type,
      to,
      ...(comment ? { comment } : {})
    });
  };
  const agent = (name: string | undefined): string => {
    if (!name)
      return once(`${ns}#agent-noassertion`, () => ({
        type: 'Agent',
        spdxId: `${ns}#agent-noassertion`,
        creationInfo: CREATION,
        name: NO_ASSERTION
      }));
    // A Hub or GitHub namespace may be a person or an organisation: an Agent says no more than is known.
    const id = `${ns}#supplier-${slug(name.toLowerCase())}`;
    return once(id, () => ({ type: 'Agent', spdxId: id, creationInfo: CREATION, name }));
  };
  /** One license-expression element per distinct expression, with its LicenseRefs mapped to their URLs. */
  const licenceElement = (licence: RecordLicence): string => {
    const id = `${ns}#licence-${slug(licence.expression)}`;
    return once(id, () => {
      const out: Json = {
        type: 'simplelicensing_LicenseExpression',
        spdxId: id,
        creationInfo: CREATION,
        simplelicensing_licenseExpression: licence.expression
      };
      const mapped = licence.custom.filter((c) => isReference(c.url));
      if (mapped.length > 0) out.simplelicensing_customIdToUri = mapped.map((c) => ({ type: 'DictionaryEntry', key: c.ref, value: c.url }));
      if (licence.custom.length > 0) out.comment = licence.custom.map((c) => `${c.ref}: ${c.name}${c.url ? ` <${c.url}>` : ''}`).join('; ');
      return out;
    });
  };
  const ancestorPackage = (ancestor: RecordAncestor, role: 'model' | 'dataset'): string => {
    const id = `${ns}#${role === 'dataset' ? 'dataset' : 'hf-model'}-${slug(ancestor.id.toLowerCase())}`;
    if (written.has(id)) return id;
    const url = role === 'dataset' ? hubDatasetUrl(ancestor.id) : hubModelUrl(ancestor.id);
    const owner = ancestor.id.includes('/') ? ancestor.id.split('/')[0] : undefined;
    const supplier = agent(owner);
    once(id, () => {
      const out: Json = {
        type: role === 'dataset' ? 'dataset_DatasetPackage' : 'software_Package',
        spdxId: id,
        creationInfo: CREATION,
        name: ancestor.id,
        software_primaryPurpose: role === 'dataset' ? 'data' : 'model',
        software_downloadLocation: url ?? NO_ASSERTION
      };
      if (role === 'dataset') Object.assign(out, { originatedBy: [supplier], dataset_datasetType: ['noAssertion'] });
      else out.suppliedBy = supplier;
      if (ancestor.licenceSource) out.comment = `Licence source: ${ancestor.licenceSource}.`;
      return out;
    });
    const licence = ancestorLicence(ancestor.licence);
    relate(id, 'hasDeclaredLicense', [licence ? licenceElement(licence) : 'expandedlicensing_NoAssertionLicense']);
    return id;
  };

  const annotate = (subject: string, statement: string): void => {
    emit({ type: 'Annotation', spdxId: `${ns}#annotation-${items}`, creationInfo: CREATION, annotationType: 'review', subject, statement });
  };

  return {
    begin() {
      sink(`{\n  "@context": ${JSON.stringify(CONTEXT)},\n  "@graph": [`);
      const tool = `${ns}#tool`;
      emit({
        type: 'CreationInfo',
        '@id': CREATION,
        specVersion: '3.0.1',
        created: time,
        createdBy: [`${ns}#agent-tool`],
        createdUsing: [tool]
      });
      emit({ type: 'SoftwareAgent', spdxId: `${ns}#agent-tool`, creationInfo: CREATION, name: RECORD_TOOL.name });
      emit({ type: 'Tool', spdxId: tool, creationInfo: CREATION, name: `${RECORD_TOOL.name} ${RECORD_TOOL.version}` });
    },
    card(card: CardReport) {
      const record = card.record;
      const model = `${ns}#model-${slug(card.path)}`;
      roots.push(model);
      const details = card.artefactDetails ?? {};
      const weights = details.weights;
      const limitation = [
        ...(record?.useRestrictions ?? []).map((r) => `Use restriction: ${r}`),
        ...(card.access
          ? [
              `Access tier: ${card.access}${record?.accessDetails?.approval ? ` (${record.accessDetails.approval} approval)` : ''}${record?.accessDetails?.conditions ? `; conditions: ${record.accessDetails.conditions}` : ''}`
            ]
          : [])
      ];
      const pkg: Json = {
        type: 'ai_AIPackage',
        spdxId: model,
        creationInfo: CREATION,
        name: recordName(card),
        software_packageVersion: options.record.version ?? NO_ASSERTION,
        software_downloadLocation: weights?.status === 'released' && weights.location ? weights.location : NO_ASSERTION,
        software_primaryPurpose: 'model',
        releaseTime: time,
        suppliedBy: agent(producerOf(card)),
        comment: `Model card: ${card.path}`
      };
      if (record?.pipelineTag) pkg.ai_typeOfModel = [record.pipelineTag];
      const domain = taskDomain(record?.pipelineTag);
      if (domain) pkg.ai_domain = [domain];
      if (card.riskLevel === 'low' || card.riskLevel === 'medium' || card.riskLevel === 'high')
        pkg.ai_safetyRiskAssessment = card.riskLevel;
      if (limitation.length > 0) pkg.ai_limitation = `${limitation.map((l) => trimChar(l.trim(), '.')).join('. ')}.`;
      if (record?.riskAssessment) pkg.ai_informationAboutApplication = `Risk assessment: ${record.riskAssessment}`;
      if (record && record.metrics.length > 0)
        pkg.ai_metric = record.metrics.map((m) => ({
          type: 'DictionaryEntry',
          key: m.dataset ? `${m.type} (${m.dataset})` : m.type,
          value: m.value
        }));
      emit(pkg);

      // Licences: declared as written; concluded as the card's own licence with every licence it inherits.
      const own = cardLicence(card);
      relate(model, 'hasDeclaredLicense', [own ? licenceElement(own) : 'expandedlicensing_NoAssertionLicense']);
      const inherited = [...(record?.baseModels ?? []), ...(record?.datasets ?? []), ...(record?.generators ?? [])]
        .map((a) => ancestorLicence(a.licence))
        .filter((l): l is RecordLicence => l !== undefined);
      const parts = [...new Set([own, ...inherited].filter((l): l is RecordLicence => l !== undefined).map((l) => l.expression))];
      if (own && parts.length > 0) {
        const concluded = parts.length === 1 ? own : recordLicence(parts.map((p) => (p.includes(' ') ? `(${p})` : p)).join(' AND '));
        const merged: RecordLicence = {
          ...concluded,
          custom: [own, ...inherited].flatMap((l) => l.custom).filter((c, i, all) => all.findIndex((x) => x.ref === c.ref) === i)
        };
        relate(
          model,
          'hasConcludedLicense',
          [licenceElement(merged)],
          parts.length > 1 ? "The card's own licence and every licence it inherits from base models and datasets." : undefined
        );
      } else {
        relate(model, 'hasConcludedLicense', ['expandedlicensing_NoAssertionLicense']);
      }

      for (const base of record?.baseModels ?? []) {
        const id = ancestorPackage(base, 'model');
        const from = base.path.length === 1 ? model : `${ns}#hf-model-${slug(base.path[base.path.length - 2].toLowerCase())}`;
        relate(from, 'descendantOf', [id], base.relation ? `base_model_relation: ${base.relation}` : undefined);
      }
      for (const generator of record?.generators ?? []) {
        relate(
          model,
          'trainedOn',
          [ancestorPackage(generator, 'model')],
          `Synthetic training data${generator.dataset ? ` (${generator.dataset})` : ''} generated by this model.`
        );
      }
      const datasets = (record?.datasets ?? []).map((d) => ancestorPackage(d, 'dataset'));
      if (datasets.length > 0) relate(model, 'trainedOn', datasets);

      for (const key of artefactKeys(card)) {
        const detail = details[key];
        const id = `${model}-${slug(key)}`;
        const how = artefactRelation(key);
        const isData = DATA_ARTEFACTS.has(key);
        const out: Json = {
          type: isData ? 'dataset_DatasetPackage' : 'software_Package',
          spdxId: id,
          creationInfo: CREATION,
          name: `${recordName(card)} ${key}`,
          software_primaryPurpose: how.purpose,
          comment: `${key}: ${detail.status}${detail.reason ? ` (${detail.reason})` : ''}`
        };
        if (detail.status === 'released' && detail.location) out.software_downloadLocation = detail.location;
        if (isData) Object.assign(out, { originatedBy: [agent(ownerOf(detail.location))], dataset_datasetType: ['noAssertion'] });
        emit(out);
        relate(how.fromModel ? model : id, how.type, [how.fromModel ? id : model], how.type === 'other' ? key : undefined);
        const licence = artefactLicence(card, detail.licence);
        if (licence) relate(id, 'hasDeclaredLicense', [licenceElement(licence)]);
      }

      const counts = summarise([card]);
      annotate(
        model,
        `model-release-gate: access tier ${card.access ?? 'not stated'}; dual-use risk ${card.riskLevel ?? 'not stated'}; MOF openness class ${card.opennessClass ?? 'not assessed'}; ${counts.errors} errors, ${counts.warnings} warnings, ${counts.notices} notices.`
      );
      for (const f of card.findings)
        annotate(model, `model-release-gate ${f.waived ? 'waived ' : ''}${f.severity} ${f.rule} (line ${f.line}): ${f.message}`);
    },
    end(totals: ReportTotals) {
      const s = totals.summary;
      once(`${ns}#licence-CC0-1.0`, () => ({
        type: 'simplelicensing_LicenseExpression',
        spdxId: `${ns}#licence-CC0-1.0`,
        creationInfo: CREATION,
        simplelicensing_licenseExpression: 'CC0-1.0'
      }));
      const doc: Json = {
        type: 'SpdxDocument',
        spdxId: `${ns}#document`,
        creationInfo: CREATION,
        name: `${RECORD_TOOL.name} release record`,
        comment: `Gate result: ${totals.result} (${s.cards} cards, ${s.errors} errors, ${s.warnings} warnings, ${s.notices} notices).${(totals.notes ?? []).map((n) => ` ${n}`).join('')}`,
        dataLicense: `${ns}#licence-CC0-1.0`,
        profileConformance: ['core', 'software', 'simpleLicensing', 'ai'],
        rootElement: roots.length > 0 ? roots : [`${ns}#agent-tool`]
      };
      // The document lists every element; the ids come back from the spool, so they stream too.
      const head = JSON.stringify(doc, null, 2).replace(/\n/g, '\n    ');
      sink(`,\n    ${head.slice(0, head.length - '\n    }'.length)},\n      "element": [`);
      let first = true;
      elements.drain((id) => {
        sink(`${first ? '' : ','}\n        ${JSON.stringify(id)}`);
        first = false;
      });
      sink(`${first ? '' : '\n      '}]\n    }`);
      sink('\n  ]\n}\n');
    }
  };
};
