/**
 * `check --fix` and `init` on real published cards (read from the shared corpus, copied to a
 * temporary folder), through the bundled CLI: every other byte is kept, the metadata still parses,
 * and a second run changes nothing.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCard } from '../../src/card/parse.js';
import { CLI, requireBundle } from '../cli/harness.js';
import { realCardNames, realCardsDir } from '../helpers/real-cards.js';

function cli(args: string[], cwd: string): { status: number | null; stdout: string } {
  requireBundle();
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout };
}

function copyCorpus(): { dir: string; names: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'mrg-real-'));
  const names = realCardNames();
  for (const name of names) copyFileSync(path.join(realCardsDir(), name), path.join(dir, name));
  return { dir, names };
}

/** Lines of `before` kept in order in `after`; what else `after` has is returned (inserted or replaced lines). */
function extraLines(before: string, after: string): { added: string[]; replaced: [string, string][]; lost: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  const added: string[] = [];
  const replaced: [string, string][] = [];
  let i = 0;
  for (let j = 0; j < b.length; j++) {
    if (i < a.length && a[i] === b[j]) i++;
    else if (i < a.length && /^license:/.test(a[i]) && /^license:/.test(b[j])) replaced.push([a[i++], b[j]]);
    else added.push(b[j]);
  }
  return { added, replaced, lost: a.slice(i) };
}

/** What a fix or init may add: release keys, TODO placeholders, comments, and a licence line. */
const ADDED =
  /^\s*(release:|artefacts:|access_details:|access: (TODO|gated)|approval: (TODO|manual|automatic)|conditions: TODO|[a-z_]+: \{ status: TODO(, licence: [\w.+-]+)? \}|# base model: |license: [\w.+-]+)/;

describe.each([
  ['check --fix', ['check', '--fix', '--fail-on', 'never']],
  ['init', ['init']]
])('%s on the real cards', (_name, command) => {
  const { dir, names } = copyCorpus();
  const first = cli([...command, ...names], dir);
  const after = new Map(names.map((n) => [n, readFileSync(path.join(dir, n), 'utf8')]));
  const second = cli([...command, ...names], dir);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('runs', () => {
    expect(first.status).toBe(0);
    expect(second.status).toBe(0);
  });

  test('changes cards, keeping every other byte (line endings included)', () => {
    let changed = 0;
    for (const name of names) {
      const before = readFileSync(path.join(realCardsDir(), name), 'utf8');
      const now = after.get(name) as string;
      if (now === before) continue;
      changed++;
      const diff = extraLines(before, now);
      expect({ name, lost: diff.lost }).toEqual({ name, lost: [] });
      for (const line of diff.added) expect({ name, line }).toEqual({ name, line: expect.stringMatching(ADDED) });
      expect(diff.replaced.length).toBeLessThanOrEqual(1);
      // A CRLF card stays CRLF: no bare LF is introduced.
      if (before.includes('\r\n')) expect(now.replace(/\r\n/g, '').includes('\n')).toBe(before.replace(/\r\n/g, '').includes('\n'));
    }
    expect(changed).toBeGreaterThan(30);
  });

  test('every changed card still parses', () => {
    for (const name of names) {
      const before = parseCard(name, readFileSync(path.join(realCardsDir(), name), 'utf8'));
      const now = parseCard(name, after.get(name) as string);
      expect({ name, problems: now.problems.length }).toEqual({ name, problems: before.problems.length });
    }
  });

  test('a second run changes nothing', () => {
    for (const name of names)
      expect({ name, same: readFileSync(path.join(dir, name), 'utf8') === after.get(name) }).toEqual({ name, same: true });
  });
});

test('init writes model-card.yaml beside a README.md without front matter, once', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mrg-init-'));
  try {
    copyFileSync(path.join(realCardsDir(), '40-guanaco-65b-nofm-prose-license.md'), path.join(dir, 'README.md'));
    const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
    expect(cli(['init', '.'], dir).status).toBe(0);
    const written = readFileSync(path.join(dir, 'model-card.yaml'), 'utf8');
    expect(parseCard('model-card.yaml', written).problems).toEqual([]);
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe(readme);
    expect(cli(['init', '.'], dir).status).toBe(0);
    expect(readFileSync(path.join(dir, 'model-card.yaml'), 'utf8')).toBe(written);
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'model-card.yaml']);
    // The gate reports the placeholders one by one.
    const check = JSON.parse(cli(['check', '--format', 'json', '.'], dir).stdout);
    expect(check.result).toBe('fail');
    expect(check.cards[0].findings.filter((f: { message: string }) => /TODO/.test(f.message)).length).toBeGreaterThanOrEqual(6);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
