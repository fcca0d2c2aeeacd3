/** The policy in force when no policy file exists. */
import { DEFAULT_REQUIRED_ARTEFACTS, type Policy } from '../types.js';

/** Where the action and the CLI look for a policy when none is named (contract 1.3). */
export const DEFAULT_POLICY_PATH = '.github/model-release-policy.yml';

export function defaultPolicy(): Policy {
  return {
    licences: { deny: [], osiOnly: false, commercialUseRequired: false },
    artefacts: { required: [...DEFAULT_REQUIRED_ARTEFACTS] },
    access: { byRisk: {} },
    rules: {},
    waivers: []
  };
}
