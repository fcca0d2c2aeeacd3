/** Runs the bundled CLI (dist/cli.js) in a child process with a hang guard. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const CLI = path.resolve(process.env.MRG_CLI ?? 'dist/cli.js');
/** Generous: only catches a hang, this is not a performance test. */
export const HANG_GUARD_MS = 20_000;

export interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function cliBundled(): boolean {
  return existsSync(CLI);
}

export function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliRun> {
  const base: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1' };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: { ...base, ...env }, timeout: HANG_GUARD_MS, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error && typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : error ? null : 0;
        resolve({ status: code, signal: (error as { signal?: NodeJS.Signals } | null)?.signal ?? null, stdout, stderr });
      }
    );
  });
}
