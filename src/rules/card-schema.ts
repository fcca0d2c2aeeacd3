/** PLACEHOLDER: owned by a helper, replaced before commit. */
import { createRule } from './create.js';

export default createRule({
  id: 'card-schema',
  defaultSeverity: 'error',
  description: 'PLACEHOLDER',
  check() {}
});
