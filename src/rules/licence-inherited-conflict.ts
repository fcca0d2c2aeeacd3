/** PLACEHOLDER: owned by a helper, replaced before commit. */
import { createRule } from './create.js';

export default createRule({
  id: 'licence-inherited-conflict',
  defaultSeverity: 'error',
  description: 'PLACEHOLDER',
  check() {}
});
