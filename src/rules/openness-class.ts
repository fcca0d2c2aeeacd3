/** PLACEHOLDER: owned by a helper, replaced before commit. */
import { createRule } from './create.js';

export default createRule({
  id: 'openness-class',
  defaultSeverity: 'notice',
  description: 'PLACEHOLDER',
  check() {}
});
