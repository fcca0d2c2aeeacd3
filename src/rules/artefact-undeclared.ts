/** Every artefact the policy requires must be stated in `release.artefacts`, released or not. */
import { isRecord, releaseOf } from '../meta.js';
import { createRule } from './create.js';

export default createRule({
  id: 'artefact-undeclared',
  defaultSeverity: 'error',
  description: 'Require every required artefact to be stated in `release.artefacts`.',
  check(ctx) {
    const release = releaseOf(ctx.meta);
    const artefacts = release && isRecord(release.artefacts) ? release.artefacts : {};
    const missing = ctx.policy.artefacts.required.filter((key) => !(key in artefacts));
    for (const key of missing) {
      ctx.report({
        message: `The artefact \`${key}\` is not stated: add \`release.artefacts.${key}\` with \`status: released\` (with its licence and location), \`withheld\` or \`not-applicable\` (with a reason).`,
        path: ['release', 'artefacts', key]
      });
    }
  }
});
