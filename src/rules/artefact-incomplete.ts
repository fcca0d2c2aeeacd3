/** A stated artefact must carry what its status needs: licence and location, or a reason. */
import { artefactsOf, str } from '../meta.js';
import { isPlaceholder } from '../fix/edit.js';
import { clip } from './lib/brief.js';
import { createRule } from './create.js';

/** Artefacts whose licence is optional when released (contract 1.1). */
const LICENCE_OPTIONAL = new Set(['hyperparameters']);

/** Empty, or the placeholder `init` and fixes write: both still need a person. */
function blank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || isPlaceholder(value);
}

export default createRule({
  id: 'artefact-incomplete',
  defaultSeverity: 'warning',
  description: 'Require a released artefact to name its licence and location, and a withheld one its reason.',
  check(ctx) {
    for (const [key, artefact] of Object.entries(artefactsOf(ctx.meta))) {
      const status = str(artefact.status);
      const at = ['release', 'artefacts', key];
      if (status === 'released') {
        const lacking: string[] = [];
        if (!LICENCE_OPTIONAL.has(key) && blank(artefact.licence)) lacking.push('`licence`');
        if (blank(artefact.location)) lacking.push('`location`');
        if (lacking.length > 0) {
          const say =
            lacking.length === 2
              ? 'say under which licence it is shared and where to find it'
              : lacking[0] === '`licence`'
                ? 'say under which licence it is shared'
                : 'say where to find it';
          ctx.report({ message: `The released artefact \`${clip(key)}\` lacks its ${lacking.join(' and ')}: ${say}.`, path: at });
        }
      } else if (status === 'withheld' || status === 'not-applicable') {
        if (blank(artefact.reason)) {
          ctx.report({
            message: `The artefact \`${clip(key)}\` is ${status} but gives no \`reason\`: say why, so that users and reviewers can judge the release.`,
            path: at
          });
        }
      }
    }
  }
});
