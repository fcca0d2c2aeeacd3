/**
 * Validation of GitHub Actions files with @action-validator/core, which checks them offline against
 * the action and workflow JSON Schemas that SchemaStore publishes (compiled into its WebAssembly).
 */
import { validateAction, validateWorkflow, type ValidationError } from '@action-validator/core';
import { parse } from 'yaml';

/** Runs the validator with its console chatter (a note that it does not expand `paths` globs) muted. */
function quietly<T>(run: () => T): T {
  const { log, warn, error } = console;
  console.log = console.warn = console.error = () => undefined;
  try {
    return run();
  } finally {
    Object.assign(console, { log, warn, error });
  }
}

/** Readable one-line errors, nested `oneOf` states flattened. */
function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => {
    const here = `${'path' in e ? e.path : ''} ${e.title}${e.detail ? `: ${e.detail}` : ''}`.trim();
    const states = 'states' in e && e.states ? e.states.flatMap((s) => describe(s.errors)) : [];
    return [here, ...states.map((s) => `  ${s}`)];
  });
}

export function workflowErrors(text: string): string[] {
  return describe(quietly(() => validateWorkflow(text)).errors);
}

/**
 * The validator's schema predates `runs.using: node24` (as actionlint's did; GitHub's typescript-action
 * template tells actionlint to ignore it). So: an action that declares node24 is validated as node20 —
 * the same schema branch otherwise — after checking that node24 is exactly what it declares.
 */
export function actionErrors(text: string): string[] {
  const using = (parse(text) as { runs?: { using?: unknown } })?.runs?.using;
  const checked = using === 'node24' ? text.replace(/^([ \t]+using:[ \t]*)node24[ \t]*$/m, '$1node20') : text;
  return describe(quietly(() => validateAction(checked)).errors);
}
