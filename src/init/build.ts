/**
 * What `init` writes, as pure functions of a parsed card: the `release` block filled from what the
 * card already says, with the placeholder `TODO` wherever only a person knows the answer. Every
 * placeholder fails the gate (schema enums, licence-unknown, artefact-incomplete) until it is filled.
 */
import { artefactLine, artefactScaffold, endOfMetadata, insertUnderRelease } from '../fix/scaffold.js';
import { insertBefore, PLACEHOLDER } from '../fix/edit.js';
import { isHubId, parseLicenceExpression } from '../licences/knowledge.js';
import { licenceStatements, licencesInText } from '../licences/text.js';
import { isRecord } from '../meta.js';
import { DEFAULT_REQUIRED_ARTEFACTS, type Fix, type HubFacts, type ParsedCard } from '../types.js';

const TIERS = 'open | gated | staged | api-only | research-only | closed';
/** Ids written into the block: Hub model/dataset ids and licence ids only, so no card text can break the YAML. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._/+-]{0,120}$/;

function strings(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string' && SAFE_ID.test(v.trim())).map((v) => v.trim());
}

/** The licence as one id a person can accept: a Hub id or a valid SPDX expression without spaces. */
function licenceId(meta: Record<string, unknown>): string | undefined {
  const [licence] = strings(meta.license);
  if (!licence || licence === 'other' || licence === 'unknown') return undefined;
  return isHubId(licence) || parseLicenceExpression(licence).valid ? licence : undefined;
}

/** Gating the card configures on the Hub: `gated` or `extra_gated_*` keys. */
function gating(meta: Record<string, unknown>): { gated: boolean; approval?: 'automatic' | 'manual' } {
  const gated = meta.gated;
  if (gated === 'manual') return { gated: true, approval: 'manual' };
  if (gated === 'auto' || gated === true) return { gated: true, approval: 'automatic' };
  if (gated === false || gated === 'false') return { gated: false };
  return { gated: Object.keys(meta).some((k) => k.startsWith('extra_gated_')) };
}

/** The lines of a new `release` block (without the `release:` key), two spaces a level. */
export function releaseLines(meta: Record<string, unknown>, required: readonly string[], hub?: HubFacts): string[] {
  const licence = licenceId(meta);
  const gate = gating(meta);
  const lines: string[] = [];
  lines.push(gate.gated ? "access: gated  # from the card's Hub gating fields" : `access: ${PLACEHOLDER}  # ${TIERS}`);
  if (gate.gated)
    lines.push('access_details:', `  approval: ${gate.approval ?? `${PLACEHOLDER}  # automatic | manual`}`, `  conditions: ${PLACEHOLDER}`);
  for (const base of strings(meta.base_model).slice(0, 5)) {
    const facts = hub?.get(base);
    const said =
      facts?.license && SAFE_ID.test(facts.license)
        ? ` (licence ${facts.license} according to the ${facts.source === 'hub' ? 'Hub' : 'built-in table'})`
        : '';
    lines.push(`# base model: ${base}${said}`);
  }
  lines.push('artefacts:');
  for (const key of required) {
    if (key === 'weights' && licence)
      lines.push(
        `  weights: { status: ${PLACEHOLDER}, licence: ${licence} }  # licence from \`license\`; released (location) | withheld | not-applicable (reason)`
      );
    else if (key === 'training_data' && strings(meta.datasets).length > 0)
      lines.push(`${artefactLine(key, '  ')}; datasets: ${strings(meta.datasets).slice(0, 5).join(', ')}`);
    else lines.push(artefactLine(key, '  '));
  }
  return lines;
}

/**
 * The edit that gives a card what `init` adds: a whole `release` block when it has none, else only
 * its missing `access` and required artefacts (one at a time: the caller applies and asks again).
 * Undefined when there is nothing to add or no safe place to add it.
 */
export function initFix(card: ParsedCard, required: readonly string[] = DEFAULT_REQUIRED_ARTEFACTS, hub?: HubFacts): Fix | undefined {
  const meta = card.data;
  if (!meta || card.format === 'json') return undefined;
  if (meta.release === undefined) {
    const at = endOfMetadata(card);
    return at === undefined ? undefined : insertBefore(card, at, ['release:', ...releaseLines(meta, required, hub).map((l) => `  ${l}`)]);
  }
  if (!isRecord(meta.release)) return undefined;
  if (meta.release.access === undefined) return insertUnderRelease(card, meta, [`access: ${PLACEHOLDER}  # ${TIERS}`]);
  const artefacts = isRecord(meta.release.artefacts) ? meta.release.artefacts : {};
  const missing = required.filter((k) => !(k in artefacts));
  return missing.length > 0 ? artefactScaffold(card, meta, missing) : undefined;
}

/** A `model-card.yaml` for a README.md without front matter: the licence its text states, if one, and a release block. */
export function newCardText(readme: string, required: readonly string[] = DEFAULT_REQUIRED_ARTEFACTS): string {
  const found = new Set<string>();
  for (const statement of licenceStatements(readme, 1)) {
    for (const entry of licencesInText(statement.text, statement.kind).entries) if (entry.hubId) found.add(entry.hubId);
  }
  // One licence named in the text is what the card says; several (or none) is for a person to settle.
  const licence = found.size === 1 ? [...found][0] : undefined;
  const meta: Record<string, unknown> = licence ? { license: licence } : {};
  const lines = [
    '# Metadata for the README.md beside this file, checked by model-release-gate.',
    licence ? `license: ${licence}  # as the README states it` : `license: ${PLACEHOLDER}  # a Hub licence id or an SPDX expression`,
    'release:',
    ...releaseLines(meta, required).map((l) => `  ${l}`)
  ];
  return lines.join('\n') + '\n';
}
