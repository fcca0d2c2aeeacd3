/** The licences of a release's artefacts must agree with each other and with the model's. */
import { artefactsOf } from '../meta.js';
import { droppedRequirement, judgeable } from '../licences/inherit.js';
import { resolveArtefactLicence, resolveLicence, type ResolvedLicence } from '../licences/knowledge.js';
import { clip } from './lib/brief.js';
import { createRule } from './create.js';

const CODE = ['training_code', 'inference_code', 'evaluation_code', 'data_preprocessing', 'architecture'];
const PARAMETERS = ['intermediate_checkpoints', 'initial_weights'];
const NO_LICENCE = new Set(['none', 'unlicensed', 'no licence', 'no license', 'unknown', 'n/a']);

function licenceValue(artefact: Record<string, unknown>): string | undefined {
  const v = artefact.licence ?? artefact.license;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** An artefact's licence as the card's `license_name` would read it (custom names such as `mrl` are `other`). */
function artefactLicence(value: string, meta: Record<string, unknown>): ResolvedLicence {
  return resolveArtefactLicence(value, typeof meta.license_name === 'string' ? meta.license_name : undefined);
}

/** Same licence when both resolve to the same known licences, else when the text is the same. */
function sameLicences(a: ResolvedLicence, b: ResolvedLicence): boolean {
  if (judgeable(a) && judgeable(b)) {
    const ids = (r: ResolvedLicence) => [...new Set(r.chosen.map((t) => t.entry!.id))].sort().join(' ');
    return ids(a) === ids(b);
  }
  return a.declared.toLowerCase() === b.declared.toLowerCase();
}

export default createRule({
  id: 'licence-artefact-mismatch',
  defaultSeverity: 'warning',
  description:
    'Report artefact licences that disagree: weights more permissive than their training data, code without a licence, weights licence different from `license`.',
  check(ctx) {
    const artefacts = artefactsOf(ctx.meta);
    const card = resolveLicence(ctx.meta);
    const weights = artefacts.weights;
    const weightsValue = weights && weights.status === 'released' ? licenceValue(weights) : undefined;
    const weightsLicence = weightsValue ? artefactLicence(weightsValue, ctx.meta) : card;
    if (weightsValue && card && !sameLicences(artefactLicence(weightsValue, ctx.meta), card)) {
      ctx.report({
        message: `The weights are released under \`${clip(weightsValue, 30)}\` but \`license\` is \`${clip(card.declared, 30)}\`: make the two the same.`,
        detail: "The `license` field is what the Hub shows for the model, so it should name the weights' licence.",
        path: ['release', 'artefacts', 'weights', 'licence']
      });
    }
    for (const key of PARAMETERS) {
      const a = artefacts[key];
      const value = a && a.status === 'released' ? licenceValue(a) : undefined;
      if (!value || !weightsLicence || sameLicences(artefactLicence(value, ctx.meta), weightsLicence)) continue;
      ctx.report({
        message: `\`${key}\` is released under \`${clip(value, 30)}\` but the weights under \`${clip(weightsLicence.declared, 30)}\`: align them or explain the difference.`,
        detail: 'Checkpoints of the same model normally share its licence.',
        path: ['release', 'artefacts', key, 'licence']
      });
    }
    for (const key of CODE) {
      const a = artefacts[key];
      if (!a || a.status !== 'released') continue;
      const value = licenceValue(a);
      if (value && !NO_LICENCE.has(value.toLowerCase())) continue;
      ctx.report({
        message: `\`${key}\` is released with no licence, so nobody may lawfully reuse it: give it an open-source licence, for example \`Apache-2.0\`.`,
        path: ['release', 'artefacts', key]
      });
    }
    const data = artefacts.training_data;
    const dataValue = data && data.status === 'released' ? licenceValue(data) : undefined;
    if (!dataValue || !judgeable(weightsLicence)) return;
    const dataLicence = artefactLicence(dataValue, ctx.meta);
    if (!judgeable(dataLicence)) return;
    for (const term of dataLicence.chosen) {
      const dropped = droppedRequirement(weightsLicence.chosen, term.entry!, ctx.meta);
      if (!dropped || dropped.kind === 'same-terms') continue;
      ctx.report({
        message: `The weights (\`${clip(weightsLicence.declared, 30)}\`) are more permissive than their training data (\`${clip(dataValue, 30)}\`): check whether the data's terms reach the weights.`,
        detail: `The training data's licence says: ${dropped.clause.replace(/\.?\s*$/, '.')} If its terms reach the weights, license the weights accordingly.`,
        path: ['release', 'artefacts', 'training_data', 'licence']
      });
      break;
    }
  }
});
