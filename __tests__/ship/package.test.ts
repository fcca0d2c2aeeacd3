/**
 * The npm package as a user gets it: `npm pack`, install the tarball globally into a temporary prefix
 * and with npx, run the installed bin on the examples, and compare with `node dist/cli.js`.
 *
 * Runtime dependencies: dist/ is an esbuild bundle with every library inside. The package declares only
 * the two GitHub toolkit packages the action is built on (@actions/core, @actions/github), so that
 * their versions are on record for the action; every other library is a devDependency. The install
 * tests take what npm's cache holds (--prefer-offline; `npm ci` filled it), and the last test proves the
 * bin needs none of them by deleting the installed package's node_modules before running it again.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const REPO = process.cwd();
const NAME = 'model-release-gate';
const MAX_TARBALL_BYTES = 2 * 1024 * 1024;
const INSTALL = ['--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'];

const work = mkdtempSync(path.join(tmpdir(), 'mrg-ship-'));
const prefix = path.join(work, 'prefix');

/**
 * The environment of a user's shell: the test's PATH (which puts Node 24 first), no colour, and none
 * of the npm_* variables that `npm test` sets, which a child npm would take as its own configuration.
 */
const ENV = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE_OPTIONS')),
  NO_COLOR: '1'
};

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd,
    env: ENV,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 180_000
  });
}

const ok = (result: SpawnSyncReturns<string>): SpawnSyncReturns<string> => {
  if (result.error || result.status !== 0)
    throw new Error(`${result.error ?? ''}\nexit ${result.status}\n${result.stdout}\n${result.stderr}`);
  return result;
};

interface Packed {
  filename: string;
  size: number;
  files: { path: string }[];
}
let packed: Packed;
let tarball: string;

beforeAll(() => {
  const result = ok(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], REPO));
  packed = (JSON.parse(result.stdout) as Packed[])[0];
  tarball = path.join(work, packed.filename);
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The same check through `node dist/cli.js` from this checkout: the reference output. */
const reference = (args: string[]) => run(process.execPath, [path.join(REPO, 'dist/cli.js'), ...args], REPO);

const sameAsReference = (result: SpawnSyncReturns<string>, args: string[]): void => {
  const expected = reference(args);
  expect(result.error).toBeUndefined();
  expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
    status: expected.status,
    stdout: expected.stdout,
    stderr: expected.stderr
  });
};

describe('the npm package', () => {
  it('is a tarball under 2 MB holding dist/, schemas/, docs/, LICENSE and README.md only', () => {
    expect(existsSync(tarball)).toBe(true);
    expect(packed.size).toBeLessThan(MAX_TARBALL_BYTES);
    const files = packed.files.map((f) => f.path);
    for (const file of files)
      expect([file, /^(dist|schemas|docs)\/|^(LICENSE|README\.md|package\.json)$/.test(file)]).toEqual([file, true]);
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/cli.js',
        'dist/index.js',
        'schemas/model-card.schema.json',
        'docs/github-action.md',
        'LICENSE',
        'README.md',
        'package.json'
      ])
    );
  });

  it('declares only the GitHub toolkit packages as runtime dependencies; everything else is bundled', () => {
    // dist/ bundles every library, so a library the code imports is a devDependency; the toolkit
    // packages stay declared so the action's dependency record names them.
    const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    expect(Object.keys(manifest.dependencies ?? {}).sort()).toEqual(['@actions/core', '@actions/github']);
  });

  it('installs globally from the tarball, and its bin checks the examples exactly as node dist/cli.js does', () => {
    ok(run('npm', ['install', '--global', '--prefix', prefix, tarball, ...INSTALL], work));
    const bin = path.join(prefix, 'bin', NAME);
    expect(existsSync(bin)).toBe(true);
    for (const args of [
      ['check', 'examples'],
      ['check', 'examples', '--format', 'json'],
      ['check', 'examples/passing']
    ]) {
      sameAsReference(run(bin, args, REPO), args);
    }
    const demo = run(bin, ['check', 'examples'], REPO);
    expect(demo.status).toBe(1);
    expect(demo.stdout).toContain('FAIL model-release-gate');
  }, 180_000);

  it('runs with npx from the tarball', () => {
    const args = ['check', 'examples', '--format', 'json'];
    const result = run('npx', ['--yes', ...INSTALL, '--package', tarball, '--', NAME, ...args], REPO);
    sameAsReference(result, args);
  }, 180_000);

  it('the installed bin needs none of the declared dependencies: the bundle holds them', () => {
    const installed = path.join(prefix, 'lib', 'node_modules', NAME);
    const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(manifest.bin).toEqual({ [NAME]: 'dist/cli.js' });
    rmSync(path.join(installed, 'node_modules'), { recursive: true, force: true });
    const args = ['check', 'examples', '--format', 'sarif'];
    sameAsReference(run(path.join(prefix, 'bin', NAME), args, REPO), args);
  }, 60_000);
});
