/** The card's prose and its metadata must state the same licence. */
import { judgeable } from '../licences/inherit.js';
import { resolveLicence } from '../licences/knowledge.js';
import { licenceStatements, licencesInText, sameLicence } from '../licences/text.js';
import { clip, fit } from './lib/brief.js';
import { createRule } from './create.js';

const MAX_FINDINGS = 3;

export default createRule({
  id: 'licence-text-mismatch',
  defaultSeverity: 'warning',
  description: 'Require a licence stated in the card text ("License:" line or licence section) to match the metadata.',
  check(ctx) {
    const body = typeof ctx.card.body === 'string' ? ctx.card.body : '';
    if (body.trim() === '') return;
    const licence = resolveLicence(ctx.meta);
    // `unknown` says nothing, so any licence the text names differs from it; other unjudgeable values are licence-unknown's.
    const unknown = licence?.declared.trim() === 'unknown';
    if (!unknown && !judgeable(licence)) return;
    if (!licence) return;
    const declared = unknown ? [] : licence.terms.flatMap((t) => (t.entry ? [t.entry] : []));
    const commercial =
      !unknown && licence.chosen.every((t) => t.entry?.commercial.status === 'yes' || t.entry?.commercial.status === 'conditional');
    let count = 0;
    for (const statement of licenceStatements(body, ctx.card.bodyLine)) {
      if (count >= MAX_FINDINGS) break;
      const found = licencesInText(statement.text, statement.kind);
      const matches = found.entries.some((e) => declared.some((d) => sameLicence(d, e)));
      let problem: string | undefined;
      let short: string | undefined;
      if (found.entries.length > 0 && !matches) {
        problem = `names ${found.entries.map((e) => `${e.name} (\`${e.hubId ?? e.spdx[0] ?? e.id}\`)`).join(' and ')}`;
        short = `names ${found.entries
          .slice(0, 2)
          .map((e) => `\`${clip(e.hubId ?? e.spdx[0] ?? e.id, 30)}\``)
          .join(' and ')}`;
      } else if (found.entries.length === 0 && found.nonCommercial && commercial) {
        problem = 'says the model is for non-commercial or research use only';
        short = 'says non-commercial or research use only';
      }
      if (!problem) continue;
      count++;
      const quoted = statement.text.length > 80 ? `${statement.text.slice(0, 77)}…` : statement.text;
      ctx.report({
        message: fit(
          `The card text ${short ?? problem} but \`license\` is \`${clip(licence.declared, 30)}\`: correct the text or the \`license\` field, whichever is wrong.`,
          `The card text disagrees with \`license: ${clip(licence.declared, 30)}\`: correct the text or the \`license\` field, whichever is wrong.`
        ),
        detail: `The card text ${problem} ("${quoted}"), but the metadata declares \`license: ${licence.declared}\`.`,
        at: { line: statement.line, column: statement.column }
      });
    }
  }
});
