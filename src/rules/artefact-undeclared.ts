/** Every artefact the policy requires must be stated in `release.artefacts`, released or not. */
import { artefactScaffold } from '../fix/scaffold.js';
import { isRecord, releaseOf } from '../meta.js';
import { clip } from './lib/brief.js';
import { createRule } from './create.js';

export default createRule({
  id: 'artefact-undeclared',
  defaultSeverity: 'error',
  description: 'Require every required artefact to be stated in `release.artefacts`.',
  check(ctx) {
    const release = releaseOf(ctx.meta);
    const artefacts = release && isRecord(release.artefacts) ? release.artefacts : {};
    const missing = ctx.policy.artefacts.required.filter((key) => !(key in artefacts));
    if (missing.length === 0) return;
    // One fix states every missing artefact at once; identical fixes are applied once.
    const fix = artefactScaffold(ctx.card, ctx.meta, missing);
    for (const key of missing) {
      ctx.report({
        message: `The artefact \`${clip(key)}\` is not stated: add \`release.artefacts.${clip(key)}\` with its status (released, withheld or not-applicable).`,
        detail: `A released artefact names its \`licence\` and \`location\`; a withheld or not-applicable one gives a \`reason\`. The fix inserts \`status: TODO\`, which fails the gate until a person chooses.`,
        fix,
        path: ['release', 'artefacts', key]
      });
    }
  }
});
