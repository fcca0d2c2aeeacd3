/**
 * The licence table of the PR comment: for weights, training data and outputs a traffic light with
 * a short text, the duties a downstream user inherits, and the licences inherited from ancestors.
 */
import type { HubFacts, LicenceSummary, Light } from '../types.js';
import { artefactsOf, isRecord, licenceOf, str } from '../meta.js';
import { governingLicences } from './effective.js';
import { analyseInheritance, judgeable } from './inherit.js';
import { resolveDeclaration, type LicenceEntry } from './knowledge.js';

interface Verdict {
  light: Light;
  text: string;
}

function sentence(s: string): string {
  const t = s.trim().replace(/\.$/, '');
  return t === '' ? '' : `${t}.`;
}

/** The verdict on using and sharing material under these licences. */
function useVerdict(entries: LicenceEntry[], known: boolean): Verdict {
  if (!known || entries.length === 0) return { light: 'unknown', text: 'The licence is not known to the gate: read it before use.' };
  const red = entries.find((e) => e.researchOnly || e.commercial.status === 'no' || e.derivatives.inherit.includes('no-derivatives'));
  if (red) {
    const why = red.researchOnly
      ? 'Research use only'
      : red.commercial.status === 'no'
        ? 'No commercial use'
        : 'No derivatives may be shared';
    return { light: 'red', text: `${why} (${red.name}). ${sentence(red.commercial.condition ?? '')}`.trim() };
  }
  if (entries.some((e) => e.commercial.status === 'unknown'))
    return { light: 'unknown', text: 'Whether commercial use is allowed is not known: read the licence.' };
  const amber: string[] = [];
  for (const e of entries) {
    if (e.commercial.status === 'conditional')
      amber.push(`commercial use capped (${e.name}): ${(e.commercial.condition ?? '').replace(/\.$/, '')}`.trim());
    if (e.useRestrictions.present) amber.push(`use restrictions apply (${e.name})`);
    if (e.derivatives.inherit.includes('share-alike')) amber.push(`share-alike: derivatives keep the licence (${e.name})`);
    else if (e.derivatives.inherit.includes('same-terms') && !e.useRestrictions.present) amber.push(`derivatives stay under ${e.name}`);
  }
  if (amber.length > 0) return { light: 'amber', text: sentence(amber.join('; ').replace(/^./, (c) => c.toUpperCase())) };
  return {
    light: 'green',
    text: `Commercial use, changes and redistribution allowed (${entries.map((e) => e.name).join(', ')}), with attribution.`
  };
}

function outputsVerdict(entries: LicenceEntry[], known: boolean): Verdict {
  if (!known || entries.length === 0) return { light: 'unknown', text: 'Not known.' };
  const research = entries.find((e) => e.outputs.restricted && (e.researchOnly || e.commercial.status === 'no'));
  if (research) return { light: 'red', text: sentence(`${research.name}: ${research.outputs.text}`) };
  const amber = entries.filter(
    (e) => e.outputs.restricted || e.outputs.trainingOtherModels === 'forbidden' || e.outputs.trainingOtherModels === 'allowed-with-duties'
  );
  if (amber.length > 0) return { light: 'amber', text: amber.map((e) => sentence(`${e.name}: ${e.outputs.text}`)).join(' ') };
  if (entries.some((e) => e.outputs.trainingOtherModels === 'unknown'))
    return { light: 'unknown', text: 'The licence does not say, or the gate does not know, what it allows for outputs.' };
  return { light: 'green', text: 'No restriction on outputs.' };
}

function dataVerdict(meta: Record<string, unknown>): Verdict {
  const data = artefactsOf(meta).training_data;
  if (!data) return { light: 'unknown', text: 'The training data is not stated in `release.artefacts`.' };
  const status = str(data.status);
  if (status === 'withheld') return { light: 'unknown', text: sentence(`Withheld${str(data.reason) ? `: ${str(data.reason)}` : ''}`) };
  if (status === 'not-applicable') return { light: 'unknown', text: 'Not applicable.' };
  const value = str(data.licence) ?? str(data.license);
  if (status !== 'released' || !value) return { light: 'unknown', text: 'Released without a stated licence.' };
  const resolved = resolveDeclaration(value);
  const entries = judgeable(resolved) ? resolved.chosen.map((t) => t.entry!) : [];
  return useVerdict(entries, judgeable(resolved));
}

function dutiesOf(entries: LicenceEntry[]): string[] {
  const out: string[] = [];
  const add = (s: string) => {
    if (!out.includes(s)) out.push(s);
  };
  for (const e of entries) {
    if (e.derivatives.notice) add(`${e.name}: ship the notice "${e.derivatives.notice}"`);
    if (e.derivatives.attribution) add(`${e.name}: ${e.derivatives.attribution.replace(/^./, (c) => c.toLowerCase())}`);
    if (e.derivatives.naming?.prefix) add(`${e.name}: name derivatives "${e.derivatives.naming.prefix}…"`);
    if (e.derivatives.naming?.display) add(`${e.name}: display ${e.derivatives.naming.display.map((d) => `"${d}"`).join(' or ')}`);
    if (e.useRestrictions.present) add(`${e.name}: pass the use restrictions on to every recipient as enforceable terms`);
    if (e.derivatives.inherit.includes('share-alike')) add(`${e.name}: share derivatives under the same licence`);
    if (e.derivatives.inherit.includes('same-terms') && !e.derivatives.notice)
      add(`${e.name}: distribute derivatives under the same terms`);
  }
  return out;
}

export function summariseLicence(
  meta: Record<string, unknown>,
  hub: HubFacts,
  card?: { body?: string; bodyLine?: number }
): LicenceSummary {
  const safeMeta = isRecord(meta) ? meta : {};
  const analysis = analyseInheritance(safeMeta, hub, card);
  const licence = analysis.licence;
  const governing = governingLicences(safeMeta, hub, analysis);
  const entries = governing.map((g) => g.entry);
  const known = judgeable(licence);
  const summary: LicenceSummary = {
    declared: licence?.declared ?? licenceOf(safeMeta),
    weights: useVerdict(entries, known),
    data: dataVerdict(safeMeta),
    outputs: outputsVerdict(entries, known),
    duties: dutiesOf(entries),
    inherited: analysis.ancestors.filter((a) => a.licence).map((a) => ({ from: a.id, licence: a.licence!.declared }))
  };
  const own = licence?.chosen.map((t) => t.entry?.name).filter((n): n is string => n !== undefined) ?? [];
  if (own.length > 0) summary.name = own.join(' AND ');
  const first = licence?.chosen.find((t) => t.entry)?.entry;
  if (first) summary.source = first.source;
  return summary;
}
