/**
 * The few runner commands the action needs (inputs, outputs, masking, log, summary), written to the
 * documented workflow-command and environment-file protocols. Used instead of @actions/core, whose
 * HTTP client (for OIDC, which we never use) would more than double the bundle (~420 KB of undici).
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';
import { escapeLogText } from '../report/escape.js';

/** Encoding of a workflow command's message (same rules as the runner's parser). */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Encoding of a workflow command's property value. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** An input as the runner passes it: INPUT_<NAME> with the name upper-cased, spaces as `_`, dashes kept. */
export function getInput(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

function issue(command: string, message: string): void {
  process.stdout.write(`::${command}::${escapeData(message)}${EOL}`);
}

/** Masks a value in the log from here on. */
export function setSecret(value: string): void {
  if (value) issue('add-mask', value);
}

/** One log line; text from cards or the API cannot start a workflow command or break the line. */
export function info(message: string): void {
  process.stdout.write(escapeLogText(message, { maxLength: 4000 }) + EOL);
}

export function debug(message: string): void {
  issue('debug', message);
}

/** Logs an error annotation without a location and marks the step failed. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  issue('error', message);
}

/** Writes a step output to GITHUB_OUTPUT with a random heredoc delimiter the value cannot contain. */
export function setOutput(name: string, value: string | number): void {
  const file = process.env.GITHUB_OUTPUT;
  const text = String(value);
  if (!file) {
    info(`output ${name}=${text}`);
    return;
  }
  let delimiter = `ghadelimiter_${randomUUID()}`;
  while (text.includes(delimiter)) delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}${EOL}${text}${EOL}${delimiter}${EOL}`, 'utf8');
}

/** Appends markdown to the job summary; returns false when the runner gives no summary file. */
export function appendSummary(markdown: string): boolean {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  appendFileSync(file, markdown, 'utf8');
  return true;
}
