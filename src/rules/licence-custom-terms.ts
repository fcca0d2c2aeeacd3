/** Model-specific licences that are not OSI-approved carry clauses deployers must read. */
import { governingLicences, pathFor } from '../licences/effective.js';
import { analyseInheritance } from '../licences/inherit.js';
import { resolveLicence, type LicenceEntry } from '../licences/knowledge.js';
import { clip, fit, shortIds } from './lib/brief.js';
import { createRule } from './create.js';

function clauses(entry: LicenceEntry): string[] {
  const out: string[] = [];
  if (entry.remoteRestriction || entry.terminateAtWill)
    out.push(`remote restriction or termination: ${entry.remoteText ?? 'the licensor may restrict use remotely'}`);
  else if (entry.remoteText) out.push(`revocation: ${entry.remoteText}`);
  if (entry.outputs.restricted) out.push(`outputs: ${entry.outputs.text}`);
  const naming = entry.derivatives.naming;
  if (naming?.prefix) out.push(`naming: a distributed derivative must have a name beginning "${naming.prefix}"`);
  if (naming?.display) out.push(`attribution: display ${naming.display.map((d) => `"${d}"`).join(' or ')}`);
  if (entry.derivatives.notice) out.push(`notice: ship the notice "${entry.derivatives.notice}"`);
  if (entry.euExclusion) out.push(`EU exclusion: ${entry.euExclusion}`);
  if (entry.commercial.cap) out.push(`cap: ${entry.commercial.condition ?? 'commercial use is capped'}`);
  return out.map((c) => c.replace(/\.\s*$/, ''));
}

export default createRule({
  id: 'licence-custom-terms',
  defaultSeverity: 'warning',
  description: 'Report a model-specific licence that is not OSI-approved, naming the clauses that worry deployers.',
  check(ctx) {
    const parts: string[] = [];
    const custom = governingLicences(ctx.meta, ctx.hub, analyseInheritance(ctx.meta, ctx.hub, ctx.card)).filter(
      (g) => g.entry.families.includes('custom') && !g.entry.osi
    );
    for (const g of custom) {
      const list = clauses(g.entry);
      const unverified = g.entry.verified ? '' : ' (the gate could not verify all of its terms; read the text)';
      const from = g.inheritedFrom ? `, inherited from the ${g.inheritedFrom},` : '';
      parts.push(
        `${g.label}${from} is a model-specific licence${unverified}${list.length > 0 ? `; clauses to read: ${list.join('; ')}` : ''}`
      );
    }
    const licence = resolveLicence(ctx.meta);
    for (const term of licence?.chosen ?? []) {
      if (licence?.kind === 'other' && !term.entry && licence.licenseName) {
        parts.unshift(
          `\`${licence.licenseName}\` is a custom licence the gate does not know; read it for remote restriction or termination, limits on outputs, naming and attribution duties, caps on users or revenue, and geographic exclusions`
        );
      }
    }
    if (parts.length === 0) return;
    const say = (who: string): string =>
      `${who} ${custom.length > 1 ? 'are model-specific licences' : 'is a model-specific licence'} with clauses deployers must read: make sure they can accept them before release.`;
    const message =
      custom.length > 0 ? fit(say(shortIds(custom)), say(shortIds(custom, 1))) : say(`\`${clip(licence?.licenseName ?? 'other', 40)}\``);
    ctx.report({ message, detail: `${parts.join('. ')}.`, path: custom.length > 0 ? pathFor(custom, ctx.meta) : ['license'] });
  }
});
