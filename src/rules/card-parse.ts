/** Reports what stopped a card from being read or parsed (see card/parse.ts and card/read.ts). */
import { brief } from './lib/brief.js';
import { createRule } from './create.js';

export default createRule({
  id: 'card-parse',
  defaultSeverity: 'error',
  description: 'Require every card to be a readable UTF-8 file with well-formed YAML or JSON metadata.',
  needsMetadata: false,
  check(ctx) {
    for (const problem of ctx.card.problems) {
      ctx.report({ ...brief(problem.message), at: problem });
    }
  }
});
