/**
 * Issue 10 through the bundles: dist/cli.js on hostile workspaces and policies, dist/index.js on a
 * pull request against the fake GitHub. Run `npm run bundle` first (npm test does).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Report } from '../../src/types.js';
import { addedPatch, BOT, FakeGitHub } from '../action/github-server.js';
import { BAD_CARD, BUNDLE, GOOD_CARD, makeWorkspace, PR_NUMBER, runAction } from '../action/harness.js';
import { cliBundled, runCli } from './cli-harness.js';
import { ODD_FOLDERS, utf16 } from './hostile-names.js';

const maybe = cliBundled() && existsSync(BUNDLE) ? describe : describe.skip;

const UTF16 = (order: 'le' | 'be'): Buffer => utf16(BAD_CARD, order);

let dir: string;
const write = (relative: string, content: string | Buffer): void => {
  mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
  writeFileSync(path.join(dir, relative), content);
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mrg-hard-'));
  for (const folder of ODD_FOLDERS) write(`${folder}/README.md`, BAD_CARD);
  const badName = Buffer.concat([Buffer.from(path.join(dir, 'bad')), Buffer.from([0xff]), Buffer.from('name')]);
  mkdirSync(badName);
  writeFileSync(Buffer.concat([badName, Buffer.from('/README.md')]), GOOD_CARD);
  write('utf16le/README.md', UTF16('le'));
  write('utf16be/README.md', UTF16('be'));
  write(
    'proto/README.md',
    GOOD_CARD.replace(
      '  artefacts:\n',
      '  artefacts:\n    __proto__: { weights: { status: released, licence: Apache-2.0, location: x } }\n    constructor: { status: constructor }\n'
    )
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

maybe('the CLI on hostile paths, encodings and keys', () => {
  it('reports every card, each odd path escaped, UTF-16 READMEs as card-parse', async () => {
    const json = await runCli(['check', '--format', 'json'], dir);
    expect(json.status).toBe(1);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.summary.cards).toBe(ODD_FOLDERS.length + 4);
    // A folder name that is not UTF-8 cannot be opened by name safely: a card-parse error, never a skip.
    expect(report.cards.find((c) => c.path === 'bad\uFFFDname/README.md')!.findings.map((f) => f.rule)).toEqual(['card-parse']);
    for (const folder of ODD_FOLDERS) expect(report.cards.map((c) => c.path)).toContain(`${folder}/README.md`);
    for (const p of ['utf16le/README.md', 'utf16be/README.md']) {
      expect(report.cards.find((c) => c.path === p)!.findings.map((f) => [f.rule, /UTF-16/.test(f.message)])).toEqual([
        ['card-parse', true]
      ]);
    }
    const proto = report.cards.find((c) => c.path === 'proto/README.md')!;
    expect(proto.artefacts).toMatchObject({ __proto__: 'invalid', constructor: 'constructor' });
    expect(proto.findings.some((f) => f.rule === 'card-schema')).toBe(true);

    for (const format of ['text', 'markdown']) {
      const run = await runCli(['check', '--format', format], dir);
      expect(run.stdout).toContain('x\\u{000A}y/README.md');
      expect(run.stdout).toContain('x\\u{2028}y/README.md');
      expect(run.stdout).not.toMatch(/x[\n\r\u2028\u2029\u0085]y/);
      expect(run.stdout).not.toContain('[object Object]');
      expect(run.stdout).not.toContain('native code');
    }
    const sarif = await runCli(['check', '--format', 'sarif'], dir);
    expect(sarif.stdout).toContain('x%0Ay/README.md');
  });

  it('prints the markdown report with no marker look-alike from a card', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'mrg-marker-'));
    try {
      writeFileSync(
        path.join(folder, 'README.md'),
        BAD_CARD.replace('license: ""', 'license: "<!-- model-release-gate:other -->"\ntags: ["<!--MODEL-RELEASE-GATE-->"]')
      );
      const run = await runCli(['check', '--format', 'markdown'], folder);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('model-release-gate:other');
      expect(run.stdout).not.toContain('<!--');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses a waiver glob with many stars at its line, at once (exit 2)', async () => {
    const policy = path.join(dir, 'stars.yml');
    writeFileSync(policy, `waivers:\n  - rule: licence-missing\n    path: "${'*a'.repeat(40)}*b/README.md"\n    reason: Accepted.\n`);
    const run = await runCli(['check', '--policy', policy, 'proto'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/stars\.yml:3:11: `waivers\[0\]\.path`: a path segment has 41 wildcards/);
  });

  it('checks tens of thousands of allowed and denied ids against each other within the hang guard', async () => {
    const ids = ['mit', 'apache-2.0', 'bsd-3-clause', 'gpl-3.0', 'cc-by-4.0'];
    const list = Array.from({ length: 40_000 }, (_, i) => ids[i % ids.length]).join(', ');
    const policy = path.join(dir, 'lists.yml');
    writeFileSync(policy, `licences:\n  allow: [${list}]\n  deny: [${list}]\n`);
    const run = await runCli(['check', '--policy', policy, 'proto'], dir);
    expect(run.signal).toBeNull();
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/`mit` is both allowed and denied/);
  }, 30_000);
});

maybe('the action on a hostile pull request', () => {
  let server: FakeGitHub;
  beforeEach(async () => {
    server = new FakeGitHub();
    await server.start();
  });
  afterEach(async () => server.stop());

  it('checks a card whose folder name holds a newline, and fails the gate', async () => {
    const name = 'models/x\ny/README.md';
    server.files.set(PR_NUMBER, [{ filename: name, status: 'added', patch: addedPatch(BAD_CARD) }]);
    const workspace = makeWorkspace({ [name]: BAD_CARD });
    try {
      const run = await runAction({ server, workspace });
      expect(run.outputs).toMatchObject({ result: 'fail', cards: '1' });
      expect(run.code).toBe(1);
      expect(server.comments).toHaveLength(1);
      expect(server.comments[0].body).toContain('x\\u{000A}y/README.md');
    } finally {
      rmSync(workspace.dir, { recursive: true, force: true });
    }
  });

  it('gives its verdict on a 1 MB adversarial card well within 10 s', async () => {
    const name = 'models/big/README.md';
    const body = `License: ${']('.repeat(200_000)}\n## License\n${' '.repeat(300_000)}x\n`;
    const card =
      BAD_CARD.replace(
        'license: ""',
        `license: other\nlicense_name: "openrail${'-'.repeat(100_000)}x"\nlicense_link: "https://x${'/'.repeat(100_000)}y"`
      ) + body;
    server.files.set(PR_NUMBER, [{ filename: name, status: 'added', patch: '@@ -0,0 +1 @@\n+---' }]);
    const workspace = makeWorkspace({ [name]: card });
    try {
      const start = performance.now();
      const run = await runAction({ server, workspace });
      expect(Math.round(performance.now() - start)).toBeLessThan(10_000);
      // `other` with a name and a link is a custom licence (warnings): the verdict itself is not the point.
      expect(run.outputs).toMatchObject({ result: expect.stringMatching(/^(pass|fail)$/), cards: '1', reporting: 'complete' });
      expect(server.comments).toHaveLength(1);
    } finally {
      rmSync(workspace.dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('reports a changed UTF-16 README.md as card-parse instead of skipping it', async () => {
    const name = 'models/u/README.md';
    server.files.set(PR_NUMBER, [{ filename: name, status: 'added', patch: '@@ -0,0 +1 @@\n+x' }]);
    const workspace = makeWorkspace({});
    mkdirSync(path.join(workspace.dir, 'models', 'u'), { recursive: true });
    writeFileSync(path.join(workspace.dir, name), UTF16('le'));
    try {
      const run = await runAction({ server, workspace });
      expect(run.outputs).toMatchObject({ result: 'fail', cards: '1' });
      expect(run.summary).toMatch(/UTF-16/);
    } finally {
      rmSync(workspace.dir, { recursive: true, force: true });
    }
  });

  it("never edits another step's comment, whatever marker a card quotes", async () => {
    const other = '<!-- model-release-gate:other -->';
    const theirs = server.addComment(`${other}\nThe other step's report.`);
    // A bot comment that only quotes our marker further down is not ours either.
    const quoting = server.addComment(`Someone quoted:\n<!-- model-release-gate: -->`);
    const card = BAD_CARD.replace(
      'license: ""',
      `license: ${JSON.stringify(other)}\ntags: ["<!--model-release-gate:-->", "<!-- MODEL-RELEASE-GATE:other -->"]`
    );
    server.files.set(PR_NUMBER, [{ filename: 'models/m/README.md', status: 'added', patch: addedPatch(card) }]);
    const workspace = makeWorkspace({ 'models/m/README.md': card });
    try {
      await runAction({ server, workspace });
      expect(server.comments.find((c) => c.id === theirs.id)!.body).toBe(`${other}\nThe other step's report.`);
      expect(server.comments.find((c) => c.id === quoting.id)!.body).toBe('Someone quoted:\n<!-- model-release-gate: -->');
      const ours = server.comments.filter((c) => c.id !== theirs.id && c.id !== quoting.id);
      expect(ours).toHaveLength(1);
      expect(ours[0].user.login).toBe(BOT.login);
      // Past the marker line, the only hidden comment left is the run's own state line (base64 inside).
      const rest = ours[0].body.slice(ours[0].body.indexOf('\n')).replace(/\n<!-- model-release-gate:state v1 [A-Za-z0-9+/=]+ -->\n/, '\n');
      expect(rest).not.toContain('<!--');
      for (const c of server.reviewComments)
        expect(c.body.replace(/\n<!-- model-release-gate:review:[^\n]*-->$/, '')).not.toContain('<!--');

      // The other step then finds its own comment, not ours.
      const again = await runAction({ server, workspace, inputs: { 'comment-header': 'other' } });
      expect(again.outputs.reporting).toBe('complete');
      expect(server.comments.find((c) => c.id === theirs.id)!.body).not.toBe(`${other}\nThe other step's report.`);
      expect(server.comments.find((c) => c.id === ours[0].id)!.body).toBe(ours[0].body);
      expect(again.summary).not.toMatch(/<!--\s*model-release-gate/i);
    } finally {
      rmSync(workspace.dir, { recursive: true, force: true });
    }
  });
});
