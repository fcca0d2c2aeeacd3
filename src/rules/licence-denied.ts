/** The policy may deny licences, allow only some, require OSI approval, or require commercial use. */
import { analyseInheritance, judgeable } from '../licences/inherit.js';
import { describeDeclaredTerm, describeTerm, resolveLicence, type LicenceEntry, type LicenceTerm } from '../licences/knowledge.js';
import { matchesSelector } from '../licences/select.js';
import { describePath } from '../licences/ancestry.js';
import type { RuleContext } from '../types.js';
import { clip } from './lib/brief.js';
import { createRule } from './create.js';

interface LicencePolicy {
  deny: string[];
  allow?: string[];
  osiOnly: boolean;
  commercialUseRequired: boolean;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [];
}

function policyOf(ctx: RuleContext): LicencePolicy | undefined {
  const p = ctx.policy?.licences as Partial<LicencePolicy> | undefined;
  if (!p || typeof p !== 'object') return undefined;
  return {
    deny: strings(p.deny),
    allow: Array.isArray(p.allow) ? strings(p.allow) : undefined,
    osiOnly: p.osiOnly === true,
    commercialUseRequired: p.commercialUseRequired === true
  };
}

/** Commercial use counts as granted when free, or capped only by a monthly-user threshold that concerns the very largest firms. */
function commercialGranted(entry: LicenceEntry | undefined): boolean {
  if (!entry) return false;
  const c = entry.commercial;
  return c.status === 'yes' || (c.status === 'conditional' && c.cap?.kind === 'mau');
}

/** Why the policy refuses one licence, or an empty list. */
function refusals(term: LicenceTerm, policy: LicencePolicy): string[] {
  const out: string[] = [];
  const denied = policy.deny.filter((s) => matchesSelector(term.id, s));
  if (denied.length > 0) out.push(`the policy denies ${denied.map((s) => `\`${s}\``).join(', ')}`);
  if (policy.allow && !policy.allow.some((s) => matchesSelector(term.id, s)))
    out.push(`it is not on the policy's allow list (${policy.allow.map((s) => `\`${s}\``).join(', ') || 'empty'})`);
  if (policy.osiOnly && term.entry?.osi !== true) out.push('the policy accepts only OSI-approved licences');
  if (policy.commercialUseRequired && !commercialGranted(term.entry)) {
    out.push(
      `the policy requires commercial use, and ${term.entry?.commercial.condition ? term.entry.commercial.condition.replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase()) : 'the licence does not grant it'}`
    );
  }
  return out;
}

export default createRule({
  id: 'licence-denied',
  defaultSeverity: 'error',
  description: 'Disallow licences the policy forbids: deny list, allow list, OSI-only, commercial use required.',
  check(ctx) {
    const policy = policyOf(ctx);
    if (!policy || (policy.deny.length === 0 && !policy.allow && !policy.osiOnly && !policy.commercialUseRequired)) return;
    const licence = resolveLicence(ctx.meta);
    if (!licence || licence.kind === 'invalid') return; // licence-missing / licence-unknown
    const source = ctx.policy.source ? ` (${ctx.policy.source})` : '';
    // An OR lets the user pick: the licence passes when one alternative passes in full.
    const verdicts = licence.choices.map((choice) => choice.map((term) => ({ term, why: refusals(term, policy) })));
    if (!verdicts.some((v) => v.every((t) => t.why.length === 0))) {
      const best = verdicts.reduce((a, b) => (b.filter((t) => t.why.length > 0).length < a.filter((t) => t.why.length > 0).length ? b : a));
      const parts = best.filter((t) => t.why.length > 0).map((t) => `${describeDeclaredTerm(t.term)}: ${t.why.join('; ')}`);
      ctx.report({
        message: `The policy does not allow the licence \`${clip(licence.declared, 40)}\`: release under a licence it accepts, or ask the policy owners for a waiver.`,
        detail: `The policy${source}: ${parts.join('. ')}.`,
        path: ['license'],
        part: 'value'
      });
    }
    if (!judgeable(licence)) return;
    // Licences the card inherits bind it as much as its own.
    const analysis = analyseInheritance(ctx.meta, ctx.hub, ctx.card);
    const own = new Set(licence.chosen.map((t) => t.entry?.id));
    const reported = new Set<string>();
    for (const binding of analysis.bindings) {
      if (own.has(binding.entry.id) || reported.has(binding.entry.id)) continue;
      const why = refusals(binding.term, policy);
      if (why.length === 0) continue;
      reported.add(binding.entry.id);
      const role =
        binding.ancestor.role === 'base'
          ? `base model ${describePath(binding.ancestor)}`
          : binding.ancestor.role === 'dataset'
            ? `training dataset \`${binding.ancestor.id}\``
            : `synthetic-data generator \`${binding.ancestor.id}\``;
      const path =
        binding.ancestor.role === 'base'
          ? ['base_model']
          : binding.ancestor.role === 'dataset'
            ? ['datasets']
            : ['release', 'synthetic_data'];
      ctx.report({
        message: `The policy does not allow \`${clip(binding.entry.hubId ?? binding.entry.id, 30)}\`, inherited from \`${clip(binding.ancestor.id, 40)}\`: use a different source, or ask for a waiver.`,
        detail: `The ${role} is under ${describeTerm(binding.term)}, whose terms bind this model, and the policy${source} does not allow it: ${why.join('; ')}.`,
        path
      });
    }
  }
});
