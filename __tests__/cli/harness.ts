/** Runs the bundled CLI (dist/cli.js) as a child process, the way a user does. */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Jest runs from the repository root. */
export const REPO = process.cwd();
export const CLI = path.join(REPO, 'dist', 'cli.js');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function requireBundle(): void {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run bundle` first.');
}

/** Runs `node dist/cli.js ...args` in `cwd` with a clean environment (no tokens, no colour). */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Run {
  requireBundle();
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 60_000
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh folder with the given files (paths relative to it). */
export function workspace(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mrg-cli-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}

export function removeWorkspace(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A card that passes under the default policy. */
export function goodCard(licence = 'apache-2.0', access = 'open'): string {
  return `---
license: ${licence}
release:
  access: ${access}
  artefacts:
    weights: { status: released, licence: ${licence}, location: https://example.org/w }
    training_code: { status: released, licence: apache-2.0, location: https://example.org/c }
    inference_code: { status: released, licence: apache-2.0, location: https://example.org/c }
    training_data: { status: withheld, reason: Private. }
    hyperparameters: { status: released, location: https://example.org/h }
---

# A model
`;
}

export interface JsonFinding {
  rule: string;
  severity: string;
  message: string;
  line: number;
  column: number;
}
export interface JsonCard {
  path: string;
  licence: string | null;
  access: string | null;
  opennessClass: string | null;
  artefacts: Record<string, string>;
  findings: JsonFinding[];
}
export interface JsonReport {
  version: number;
  result: string;
  summary: { cards: number; errors: number; warnings: number; notices: number };
  cards: JsonCard[];
  notes?: string[];
}

/** Rule ids with line:column, notices left out unless asked for. */
export function ruleLines(card: JsonCard, withNotices = false): string[] {
  return card.findings.filter((f) => withNotices || f.severity !== 'notice').map((f) => `${f.rule}@${f.line}:${f.column}`);
}

/** Like runCli, but asynchronous, so a local server in the same process can answer the CLI. */
export function runCliAsync(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  requireBundle();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        cwd,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
        timeout: 60_000
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : null) : 0;
        resolve({ status: code, stdout, stderr });
      }
    );
  });
}
