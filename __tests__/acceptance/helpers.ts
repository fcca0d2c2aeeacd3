/** Acceptance helpers: run the bundled CLI the way a user does and read its JSON report. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO = process.cwd();
export const CLI = path.join(REPO, 'dist', 'cli.js');
export const FIXTURES = path.join(REPO, '__tests__', 'fixtures', 'acceptance');

export interface Finding {
  rule: string;
  severity: 'error' | 'warning' | 'notice';
  message: string;
  line: number;
  column: number;
}
export interface CardReport {
  path: string;
  licence: unknown;
  access: unknown;
  opennessClass: unknown;
  artefacts: Record<string, string>;
  findings: Finding[];
}
export interface Report {
  version: number;
  result: 'pass' | 'fail';
  summary: { cards: number; errors: number; warnings: number; notices: number };
  cards: CardReport[];
}
export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], cwd: string): Run {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run bundle` first.');
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `check --format json ...args` in cwd; the report plus the exit code. */
export function checkJson(args: string[], cwd: string): { status: number | null; report: Report; stderr: string } {
  const r = cli(['check', '--format', 'json', ...args], cwd);
  let report: Report;
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    throw new Error(`not JSON (exit ${r.status}): ${r.stdout.slice(0, 500)} ${r.stderr.slice(0, 500)}`);
  }
  return { status: r.status, report, stderr: r.stderr };
}

/** A fresh temporary folder holding the given files. */
export function workspace(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mrg-acceptance-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}

export function remove(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function card(report: Report, p: string): CardReport {
  const found = report.cards.find((c) => c.path === p);
  if (found === undefined) throw new Error(`no card ${p} in the report: ${report.cards.map((c) => c.path).join(', ')}`);
  return found;
}

export function byRule(c: CardReport, rule: string): Finding[] {
  return c.findings.filter((f) => f.rule === rule);
}

/** rule@line:column for compact assertions. */
export function where(c: CardReport, rule: string): string[] {
  return byRule(c, rule).map((f) => `${f.rule}@${f.line}:${f.column}`);
}

/** A card written to the contract that passes under the default policy. */
export function goodCard(licence = 'apache-2.0', access = 'open'): string {
  return [
    '---',
    `license: ${licence}`,
    'release:',
    `  access: ${access}`,
    '  artefacts:',
    `    weights: { status: released, licence: ${licence}, location: https://example.org/w }`,
    '    training_code: { status: released, licence: Apache-2.0, location: https://example.org/t }',
    '    inference_code: { status: released, licence: Apache-2.0, location: https://example.org/i }',
    '    training_data: { status: released, licence: CC-BY-4.0, location: https://example.org/d }',
    '    hyperparameters: { status: released, location: configs/train.yaml }',
    '---',
    '# A model',
    ''
  ].join('\n');
}

export const LICENCE_RULES = [
  'licence-missing',
  'licence-unknown',
  'licence-denied',
  'licence-inherited-conflict',
  'licence-use-restrictions',
  'licence-non-commercial',
  'licence-custom-terms',
  'licence-artefact-mismatch',
  'licence-text-mismatch'
];
