/** The policy in force when no policy file exists. */
import { DEFAULT_REQUIRED_ARTEFACTS, type Policy } from '../types.js';

export function defaultPolicy(): Policy {
  return {
    licences: { deny: [], osiOnly: false, commercialUseRequired: false },
    artefacts: { required: [...DEFAULT_REQUIRED_ARTEFACTS] },
    access: { byRisk: {} },
    rules: {},
    waivers: []
  };
}
