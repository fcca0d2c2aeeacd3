/** The licences that govern a card: its own (the alternative a user would pick) plus those its ancestors bind it to. */
import type { HubFacts } from '../types.js';
import { describePath } from './ancestry.js';
import { analyseInheritance, type InheritanceAnalysis } from './inherit.js';
import { describeDeclaredTerm, describeTerm, type LicenceEntry } from './knowledge.js';

export interface GoverningLicence {
  entry: LicenceEntry;
  /** How the card refers to it, e.g. "Llama 3.1 Community License Agreement (`llama3.1`)". */
  label: string;
  /** Undefined for the card's own licence; otherwise where it comes from, e.g. "base model `x`". */
  inheritedFrom?: string;
}

export function governingLicences(
  meta: Record<string, unknown>,
  hub: HubFacts,
  analysis: InheritanceAnalysis = analyseInheritance(meta, hub)
): GoverningLicence[] {
  const out: GoverningLicence[] = [];
  const seen = new Set<string>();
  for (const term of analysis.licence?.chosen ?? []) {
    if (!term.entry || seen.has(term.entry.id)) continue;
    seen.add(term.entry.id);
    out.push({ entry: term.entry, label: describeDeclaredTerm(term) });
  }
  for (const binding of analysis.bindings) {
    if (seen.has(binding.entry.id)) continue;
    seen.add(binding.entry.id);
    const a = binding.ancestor;
    const from =
      a.role === 'base'
        ? `base model ${describePath(a)}`
        : a.role === 'dataset'
          ? `training dataset \`${a.id}\``
          : `\`${a.id}\`, which generated the synthetic dataset \`${a.dataset}\``;
    out.push({ entry: binding.entry, label: describeTerm(binding.term), inheritedFrom: from });
  }
  return out;
}

/** Where to point a finding: the card's `license` when its own licence is involved, else the key the inherited one comes through. */
export function pathFor(list: GoverningLicence[], meta: Record<string, unknown>): (string | number)[] {
  if (list.length === 0 || list.some((g) => !g.inheritedFrom)) return ['license'];
  const first = list[0].inheritedFrom ?? '';
  if (first.startsWith('base model') && meta.base_model !== undefined) return ['base_model'];
  if (first.startsWith('training dataset') && meta.datasets !== undefined) return ['datasets'];
  if (first.includes('synthetic dataset')) return ['release', 'synthetic_data'];
  return ['license'];
}
