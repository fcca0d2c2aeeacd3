/** PLACEHOLDER: owned by a helper, replaced before commit. */
import { createRule } from './create.js';

export default createRule({
  id: 'licence-text-mismatch',
  defaultSeverity: 'warning',
  description: 'PLACEHOLDER',
  check() {}
});
