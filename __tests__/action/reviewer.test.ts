/**
 * End-to-end (issue 13): the bundled action against the fake GitHub. A relabelled Llama card gets
 * an inline suggestion that sets the right licence; after the fix, the updated comment says what
 * was fixed since the last run; line references in the comment and the summary are blob links.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addedPatch, BOT, FakeGitHub } from './github-server.js';
import { BUNDLE, HEAD_SHA, makeWorkspace, PR_NUMBER, runAction, type Workspace } from './harness.js';

const CARD_PATH = 'models/helpful-llama/README.md';
const RELABELLED = readFileSync('examples/llama-relabelled/README.md', 'utf8');
const BLOB = `https://github.example/acme/models/blob/${HEAD_SHA}/models/helpful-llama/README.md#L`;

let server: FakeGitHub;
let workspace: Workspace;

beforeAll(() => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run bundle\` first.`);
});

beforeEach(async () => {
  server = new FakeGitHub();
  await server.start();
  server.files.set(PR_NUMBER, [{ filename: CARD_PATH, status: 'added', patch: addedPatch(RELABELLED) }]);
  workspace = makeWorkspace({ [CARD_PATH]: RELABELLED });
});

afterEach(async () => {
  await server.stop();
});

const inputs = { 'hub-lookup': 'false' };
const stickyComments = () => server.comments.filter((c) => c.user.login === BOT.login && c.body.includes('<!-- model-release-gate: -->'));

describe('the reviewer sees a one-click fix and what changed', () => {
  test('a relabelled Llama card gets a suggestion setting llama3.1; a re-run after the fix says it was fixed', async () => {
    const first = await runAction({ server, workspace, inputs });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(1);
    expect(server.reviews).toHaveLength(1);
    const comments = server.reviews[0].comments as { path: string; line: number; start_line?: number; body: string }[];
    const conflict = comments.find((c) => c.body.includes('licence-inherited-conflict'));
    expect(conflict).toBeDefined();
    // The `license` line is line 2 of the card; the suggestion replaces that line only.
    expect(conflict).toMatchObject({ path: CARD_PATH, line: 2 });
    expect(conflict!.start_line).toBeUndefined();
    expect(conflict!.body).toContain('```suggestion\nlicense: llama3.1\n```');

    // The sticky comment: findings link to the card's lines at the head commit; a Why section; no "since" yet.
    expect(stickyComments()).toHaveLength(1);
    const body = stickyComments()[0].body;
    expect(body).toContain(`](${BLOB}2)`);
    expect(body).toMatch(/<summary>Why \(\d+\)<\/summary>/);
    expect(body).not.toContain('Since the last run');
    expect(body).toMatch(/<!-- model-release-gate:state v1 [A-Za-z0-9+/=]+ -->/);
    expect(first.summary).toContain(`](${BLOB}2)`);

    // The author accepts the suggestion: the card now declares the Llama licence, everything else as it was.
    const file = path.join(workspace.dir, ...CARD_PATH.split('/'));
    const fixed = RELABELLED.replace(/^license: apache-2\.0$/m, 'license: llama3.1');
    expect(fixed).not.toBe(RELABELLED);
    writeFileSync(file, fixed);
    server.files.set(PR_NUMBER, [{ filename: CARD_PATH, status: 'added', patch: addedPatch(fixed) }]);

    const second = await runAction({ server, workspace, inputs });
    expect(second.stderr).toBe('');
    expect(stickyComments()).toHaveLength(1);
    const updated = stickyComments()[0].body;
    expect(updated).toMatch(/\*\*Since the last run:\*\* \d+ findings? fixed, \d+ new\./);
    expect(updated).toMatch(/✅ fixed since the last run: \[`licence-inherited-conflict`\]/);
    // The weights still say apache-2.0, which now disagrees with `license`: that is new.
    expect(updated).toMatch(/🆕 new: \[`licence-artefact-mismatch`\]/);
  });

  test('insertions are suggestions too, anchored on the line they go next to, and are not posted twice', async () => {
    const card = [
      '---',
      'license: apache-2.0',
      'release:',
      '  access: gated',
      '  artefacts:',
      '    weights: { status: released, licence: apache-2.0, location: https://example.org/w }',
      '---',
      '# m',
      ''
    ].join('\n');
    server.files.set(PR_NUMBER, [{ filename: 'models/m/README.md', status: 'added', patch: addedPatch(card) }]);
    const ws = makeWorkspace({ 'models/m/README.md': card });
    await runAction({ server, workspace: ws, inputs });
    const comments = server.reviews[0].comments as { path: string; line: number; body: string }[];
    const details = comments.find((c) => c.body.includes('access-inconsistent'));
    expect(details).toMatchObject({ line: 4 });
    expect(details!.body).toContain(
      '```suggestion\n  access: gated\n  access_details:\n    approval: TODO  # automatic | manual\n    conditions: TODO\n```'
    );
    const artefacts = comments.filter((c) => c.body.includes('artefact-undeclared'));
    // Four findings share one fix: one comment, anchored on the first artefact line, stating all four.
    expect(artefacts).toHaveLength(1);
    expect(artefacts[0]).toMatchObject({ line: 6 });
    expect(artefacts[0].body).toContain('    training_code: { status: TODO }');
    expect(artefacts[0].body).toContain('This suggestion mends 4 such findings at once.');
    await runAction({ server, workspace: ws, inputs });
    expect(server.reviews).toHaveLength(1);
  });

  test('a state block that is not ours to trust is ignored, not parsed into nonsense', async () => {
    server.addComment('<!-- model-release-gate: -->\n<!-- model-release-gate:state v1 e30= -->');
    await runAction({ server, workspace, inputs });
    // `e30=` is `{}`: no lists, so nothing is compared and no change section appears.
    expect(stickyComments()[0].body).not.toContain('Since the last run');
  });
});
