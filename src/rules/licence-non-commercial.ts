/** PLACEHOLDER: owned by a helper, replaced before commit. */
import { createRule } from './create.js';

export default createRule({
  id: 'licence-non-commercial',
  defaultSeverity: 'warning',
  description: 'PLACEHOLDER',
  check() {}
});
