/** What an adopter checks first: licence, version, changelog, security policy, and docs that match action.yml. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const REPO = process.cwd();
const read = (file: string): string => readFileSync(path.join(REPO, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  version: string;
  license: string;
  private?: boolean;
  files: string[];
  dependencies?: Record<string, string>;
};

const actionDocs = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(REPO, 'scripts/action-docs.mjs'), ...args], { cwd: REPO, encoding: 'utf8' });

describe('package metadata', () => {
  it('is a publishable 1.x package', () => {
    expect(pkg.private).toBeUndefined();
    expect(pkg.version).toMatch(/^1\.\d+\.\d+$/);
  });

  it('LICENSE is the MIT licence package.json names, with its holder', () => {
    expect(pkg.license).toBe('MIT');
    const licence = read('LICENSE');
    expect(licence).toMatch(/^MIT License\n/);
    expect(licence).toMatch(/Copyright \(c\) \d{4} The model-release-gate authors/);
    expect(licence).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
  });

  it('CHANGELOG.md has an entry for this version and an Unreleased section (Keep a Changelog)', () => {
    const changelog = read('CHANGELOG.md');
    expect(changelog).toContain('Keep a Changelog');
    expect(changelog).toMatch(/^## \[Unreleased\]$/m);
    expect(changelog).toMatch(new RegExp(`^## \\[${pkg.version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'));
  });

  it('GitHub finds a security policy that says how to report a vulnerability and links the guarantees', () => {
    const policy = read('.github/SECURITY.md');
    expect(policy).toMatch(/^## Reporting a vulnerability$/m);
    expect(policy).toContain('(../docs/SECURITY.md)');
    expect(existsSync(path.join(REPO, 'docs/SECURITY.md'))).toBe(true);
  });

  it('CONTRIBUTING.md and docs/releasing.md cover what they must', () => {
    const contributing = read('CONTRIBUTING.md');
    for (const topic of [
      '## Adding a rule',
      '## Adding a licence entry',
      '## Adding a fix',
      'npm test',
      'npm run lint',
      'npm run bench',
      'npm run bundle'
    ]) {
      expect(contributing).toContain(topic);
    }
    const releasing = read('docs/releasing.md');
    for (const step of ['git tag -a v1.0.0', 'git tag -fa v1', '.ci/run', 'npm run bundle', 'CHANGELOG.md'])
      expect(releasing).toContain(step);
  });
});

describe('docs/github-action.md', () => {
  it('is current with action.yml (regenerate with `npm run action-docs`)', () => {
    const run = actionDocs('--check');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('documents every input and output of action.yml', () => {
    const docs = read('docs/github-action.md');
    const names = [...read('action.yml').matchAll(/^ {2}([a-z][a-z-]*):\s*$/gm)].map((m) => m[1]);
    expect(names).toEqual(expect.arrayContaining(['cards', 'hub-url', 'result', 'reporting']));
    for (const name of names) expect(docs).toContain(`| \`${name}\` |`);
  });

  it('the check fails when action.yml gains an input the page does not list, and regenerating fixes it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mrg-docs-'));
    try {
      const actionFile = path.join(dir, 'action.yml');
      const docFile = path.join(dir, 'github-action.md');
      copyFileSync(path.join(REPO, 'docs/github-action.md'), docFile);
      writeFileSync(
        actionFile,
        read('action.yml').replace(/^inputs:\n/m, "inputs:\n  new-input:\n    description: A | piped *new* input.\n    default: 'x'\n")
      );
      const stale = actionDocs('--check', '--action', actionFile, '--doc', docFile);
      expect(stale.status).toBe(1);
      expect(stale.stderr).toContain('npm run action-docs');
      expect(actionDocs('--action', actionFile, '--doc', docFile).status).toBe(0);
      expect(readFileSync(docFile, 'utf8')).toContain('| `new-input` | no | `x` | A \\| piped \\*new\\* input. |');
      expect(actionDocs('--check', '--action', actionFile, '--doc', docFile).status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
