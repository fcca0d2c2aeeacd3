/** A card must declare a licence in `license`. */
import { createRule } from './create.js';

export default createRule({
  id: 'licence-missing',
  defaultSeverity: 'error',
  description: 'Require the card to declare its licence in `license`.',
  check(ctx) {
    const value = ctx.meta.license;
    const empty = value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
    if (empty) {
      ctx.report({
        message: 'The card declares no licence: set `license` to a Hub licence id or an SPDX expression (for example `apache-2.0`), or `other` with `license_name` and `license_link`.',
        path: value === undefined ? undefined : ['license']
      });
    }
  }
});
