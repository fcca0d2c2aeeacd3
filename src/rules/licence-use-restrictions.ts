/** PLACEHOLDER: owned by a helper, replaced before commit. */
import { createRule } from './create.js';

export default createRule({
  id: 'licence-use-restrictions',
  defaultSeverity: 'notice',
  description: 'PLACEHOLDER',
  check() {}
});
