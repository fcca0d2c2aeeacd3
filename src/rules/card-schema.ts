/** The metadata must match the model-card schema: Hub fields with their real types and a well-formed `release`. */
import { checkCardSchema } from '../schema/card-schema.js';
import { brief } from './lib/brief.js';
import { createRule } from './create.js';

export default createRule({
  id: 'card-schema',
  defaultSeverity: 'error',
  description:
    'Require the card metadata to match the model-card schema: Hub fields with their real types and a well-formed `release` block.',
  check(ctx) {
    for (const violation of checkCardSchema(ctx.meta)) {
      ctx.report({ ...brief(violation.message), path: violation.path.length > 0 ? violation.path : undefined, part: violation.part });
    }
  }
});
