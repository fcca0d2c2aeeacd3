/**
 * Runs the bundled action (dist/index.js, built by `npm run bundle`) as a runner would: a child
 * process of this Node with the runner's environment, talking to a FakeGitHub on 127.0.0.1.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FakeGitHub } from './github-server.js';

/** TEST-ONLY override of the bundle under test; the default is the committed dist/index.js. */
export const BUNDLE = path.resolve(process.env.MRG_TEST_BUNDLE ?? 'dist/index.js');

export const OWNER = 'acme';
export const REPO = 'models';
export const PR_NUMBER = 7;
export const HEAD_SHA = 'a'.repeat(40);
export const BASE_SHA = 'b'.repeat(40);
export const TOKEN = 'ghs_testtoken0123456789';

/** A card with an error at line 2 (`license` empty: licence-missing) and everything else stated. */
export const BAD_CARD = [
  '---',
  'license: ""',
  'release:',
  '  access: open',
  '  artefacts:',
  '    weights: { status: released, licence: Apache-2.0, location: https://example.org/w }',
  '    training_code: { status: released, licence: Apache-2.0, location: https://example.org/c }',
  '    inference_code: { status: released, licence: Apache-2.0, location: https://example.org/i }',
  '    training_data: { status: released, licence: CC-BY-4.0, location: https://example.org/d }',
  '    hyperparameters: { status: released, location: configs/train.yaml }',
  '---',
  '# Bad model',
  ''
].join('\n');

export const GOOD_CARD = BAD_CARD.replace('license: ""', 'license: apache-2.0').replace('# Bad model', '# Good model');

export interface Workspace {
  dir: string;
  files: Record<string, string>;
}

export function makeWorkspace(files: Record<string, string>): Workspace {
  const dir = mkdtempSync(path.join(tmpdir(), 'mrg-ws-'));
  for (const [name, text] of Object.entries(files)) {
    const full = path.join(dir, ...name.split('/'));
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  return { dir, files };
}

export interface RunOptions {
  server: FakeGitHub;
  workspace: Workspace;
  event?: 'pull_request' | 'pull_request_target' | 'push' | 'workflow_dispatch';
  fromFork?: boolean;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Parses a GITHUB_OUTPUT file (`name<<delimiter` … `delimiter` blocks, or `name=value`). */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) value.push(lines[i]);
      out[heredoc[1]] = value.join('\n');
    } else {
      const eq = lines[i].indexOf('=');
      if (eq > 0) out[lines[i].slice(0, eq)] = lines[i].slice(eq + 1);
    }
  }
  return out;
}

export async function runAction(options: RunOptions): Promise<RunResult> {
  const tmp = mkdtempSync(path.join(tmpdir(), 'mrg-run-'));
  const event = options.event ?? 'pull_request';
  const eventFile = path.join(tmp, 'event.json');
  const headRepo = options.fromFork ? `contributor/${REPO}` : `${OWNER}/${REPO}`;
  const payload =
    event === 'pull_request' || event === 'pull_request_target'
      ? {
          action: 'synchronize',
          number: PR_NUMBER,
          pull_request: {
            number: PR_NUMBER,
            head: { sha: HEAD_SHA, ref: 'feature', repo: { full_name: headRepo } },
            base: { sha: BASE_SHA, ref: 'main', repo: { full_name: `${OWNER}/${REPO}` } }
          },
          repository: { full_name: `${OWNER}/${REPO}` }
        }
      : { ref: 'refs/heads/main', after: HEAD_SHA, repository: { full_name: `${OWNER}/${REPO}` } };
  writeFileSync(eventFile, JSON.stringify(payload));
  const summaryFile = path.join(tmp, 'summary.md');
  const outputFile = path.join(tmp, 'output.txt');
  writeFileSync(summaryFile, '');
  writeFileSync(outputFile, '');
  const runnerTemp = path.join(tmp, 'runner-temp');
  mkdirSync(runnerTemp);
  // Offline unless a test asks: action.yml defaults hub-lookup to true.
  const inputs: Record<string, string> = { 'github-token': TOKEN, 'hub-lookup': 'false', ...options.inputs };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: tmp,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_API_URL: options.server.url,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_WORKSPACE: options.workspace.dir,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    GITHUB_RUN_ID: '4242',
    GITHUB_SHA: HEAD_SHA,
    RUNNER_TEMP: runnerTemp,
    MRG_RETRY_BASE_MS: '5',
    ...options.env
  };
  // GitHub passes inputs as INPUT_<NAME> with the name upper-cased and dashes kept.
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [BUNDLE],
      { env, cwd: options.workspace.dir, timeout: 20_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 99) : 0;
        resolve({ code, stdout, stderr });
      }
    );
  });
  return { code, stdout, stderr, outputs: parseOutputs(readFileSync(outputFile, 'utf8')), summary: readFileSync(summaryFile, 'utf8') };
}

/**
 * Annotation lines (`::error title=…,file=…,line=…,col=…::…`) of a run's stdout. The runner reads the
 * properties in any order (@actions/core writes `title` first); only lines with a file count.
 */
export function annotations(
  stdout: string
): { severity: string; file: string; line: number; col: number; title?: string; message: string }[] {
  const out: { severity: string; file: string; line: number; col: number; title?: string; message: string }[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(line);
    if (!m) continue;
    const props = Object.fromEntries(m[2].split(',').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
    if (props.file === undefined || !/^\d+$/.test(props.line ?? '') || !/^\d+$/.test(props.col ?? '')) continue;
    out.push({ severity: m[1], file: props.file, line: Number(props.line), col: Number(props.col), title: props.title, message: m[3] });
  }
  return out;
}
