/** PLACEHOLDER: owned by a helper, replaced before commit. */
import { createRule } from './create.js';

export default createRule({
  id: 'access-policy',
  defaultSeverity: 'error',
  description: 'PLACEHOLDER',
  check() {}
});
