/** A card must say to whom the model is released. */
import { releaseOf } from '../meta.js';
import { createRule } from './create.js';

export default createRule({
  id: 'access-undeclared',
  defaultSeverity: 'error',
  description: 'Require the card to declare its access tier in `release.access`.',
  check(ctx) {
    const release = releaseOf(ctx.meta);
    const access = release?.access;
    if (access === undefined || access === null || access === '') {
      ctx.report({
        message:
          'The card does not say who gets the model: set `release.access` to open, gated, staged, api-only, research-only or closed.',
        path: access === undefined ? undefined : ['release', 'access']
      });
    }
  }
});
