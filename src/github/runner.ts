/**
 * The runner port of the action: a small facade over @actions/core, so action.ts can be driven by a
 * plain fake in unit tests and by the real toolkit on a runner. Only the choices @actions/core leaves
 * to its caller are made here: text from cards is made visible before it reaches the log, and a run
 * without a runner's files (a local run) still prints its outputs.
 */
import * as core from '@actions/core';
import { ESCAPE_DEFAULTS, escapeLogText, revealHidden, truncate } from '../report/escape.js';

export type AnnotationSeverity = 'error' | 'warning' | 'notice';

/** Where an annotation points; the names are @actions/core's AnnotationProperties. */
export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  startColumn?: number;
}

/** What the action needs from the runner. */
export interface Runner {
  /** An input, trimmed; '' when not given. */
  getInput(name: string): string;
  /** A boolean input in the YAML 1.2 core schema spellings; throws a TypeError for anything else. */
  getBooleanInput(name: string): boolean;
  setOutput(name: string, value: string | number): void;
  setSecret(value: string): void;
  /** One log line; text from cards or the API cannot start a workflow command or break the line. */
  info(message: string): void;
  debug(message: string): void;
  annotate(severity: AnnotationSeverity, message: string, properties?: AnnotationProperties): void;
  /** Appends markdown to the job summary; false when the runner gives no summary file. */
  appendSummary(markdown: string): Promise<boolean>;
  /** Logs an error and marks the step failed. */
  setFailed(message: string): void;
}

/** Card text in an annotation: hidden and bidi characters shown, cut to the runner's useful size. */
function visible(text: string): string {
  return truncate(revealHidden(text.replace(/[\u0085\u2028\u2029]/g, '\n')), ESCAPE_DEFAULTS.annotationMaxLength);
}

/** The runner of a workflow step, on @actions/core. */
export function actionsRunner(env: NodeJS.ProcessEnv = process.env): Runner {
  return {
    getInput: (name) => core.getInput(name),
    getBooleanInput: (name) => core.getBooleanInput(name),
    setOutput: (name, value) => {
      // Without GITHUB_OUTPUT, @actions/core falls back to the `set-output` command, which runners
      // have disabled; a local run gets a readable line instead.
      if (!env.GITHUB_OUTPUT) core.info(escapeLogText(`output ${name}=${String(value)}`, { maxLength: 4000 }));
      else core.setOutput(name, value);
    },
    setSecret: (value) => {
      if (value) core.setSecret(value);
    },
    info: (message) => core.info(escapeLogText(message, { maxLength: 4000 })),
    debug: (message) => core.debug(message),
    annotate: (severity, message, properties = {}) => {
      const props: core.AnnotationProperties = {
        ...properties,
        title: properties.title === undefined ? undefined : visible(properties.title)
      };
      const text = visible(message);
      if (severity === 'error') core.error(text, props);
      else if (severity === 'warning') core.warning(text, props);
      else core.notice(text, props);
    },
    appendSummary: async (markdown) => {
      // core.summary.write() throws without a summary file; a local run simply has no summary.
      if (!env.GITHUB_STEP_SUMMARY) return false;
      await core.summary.addRaw(markdown).write();
      return true;
    },
    setFailed: (message) => core.setFailed(message)
  };
}
