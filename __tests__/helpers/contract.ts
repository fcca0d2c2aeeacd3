/** The rule ids the contract (DESIGN.md 1.2) says must exist, in its order. */
export const CONTRACT_IDS: readonly string[] = [
  'card-parse',
  'card-schema',
  'artefact-undeclared',
  'artefact-incomplete',
  'licence-missing',
  'licence-unknown',
  'licence-denied',
  'licence-inherited-conflict',
  'licence-use-restrictions',
  'licence-non-commercial',
  'licence-custom-terms',
  'licence-artefact-mismatch',
  'licence-changed',
  'access-undeclared',
  'access-inconsistent',
  'access-policy',
  'access-widened',
  'licence-text-mismatch',
  'openness-class'
];
