/** The registry: one import and one entry per rule. Order is the order rules run in. */
import type { Rule } from '../types.js';
import accessInconsistent from './access-inconsistent.js';
import accessPolicy from './access-policy.js';
import accessUndeclared from './access-undeclared.js';
import accessWidened from './access-widened.js';
import artefactIncomplete from './artefact-incomplete.js';
import artefactUndeclared from './artefact-undeclared.js';
import cardParse from './card-parse.js';
import cardSchema from './card-schema.js';
import licenceArtefactMismatch from './licence-artefact-mismatch.js';
import licenceChanged from './licence-changed.js';
import licenceCustomTerms from './licence-custom-terms.js';
import licenceDenied from './licence-denied.js';
import licenceInheritedConflict from './licence-inherited-conflict.js';
import licenceMissing from './licence-missing.js';
import licenceNonCommercial from './licence-non-commercial.js';
import licenceTextMismatch from './licence-text-mismatch.js';
import licenceUnknown from './licence-unknown.js';
import licenceUseRestrictions from './licence-use-restrictions.js';
import opennessClass from './openness-class.js';

export const RULES: readonly Rule[] = [
  cardParse,
  cardSchema,
  licenceMissing,
  licenceUnknown,
  licenceDenied,
  licenceInheritedConflict,
  licenceUseRestrictions,
  licenceNonCommercial,
  licenceCustomTerms,
  licenceArtefactMismatch,
  licenceChanged,
  licenceTextMismatch,
  artefactUndeclared,
  artefactIncomplete,
  accessUndeclared,
  accessInconsistent,
  accessPolicy,
  accessWidened,
  opennessClass
];

export const RULE_IDS: readonly string[] = RULES.map((rule) => rule.id);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}
