/**
 * End-to-end: the bundled action against a recording GitHub stand-in. Requires `npm run bundle`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { addedPatch, BOT, FakeGitHub, type PrFile } from './github-server.js';
import { RULE_IDS } from '../../src/rules/index.js';
import {
  annotations,
  BAD_CARD,
  BASE_SHA,
  BUNDLE,
  GOOD_CARD,
  HEAD_SHA,
  makeWorkspace,
  PR_NUMBER,
  runAction,
  TOKEN,
  type Workspace
} from './harness.js';

const API = '/repos/acme/models';
const MARKER = '<!-- model-release-gate: -->';
const GOOD_PATCH = '@@ -1,4 +1,4 @@\n ---\n-license: mit\n+license: apache-2.0\n release:\n   access: open';

let server: FakeGitHub;
let workspace: Workspace;

function standardPr(): PrFile[] {
  return [
    { filename: 'models/bad/README.md', status: 'added', patch: addedPatch(BAD_CARD) },
    { filename: 'models/good/README.md', status: 'modified', patch: GOOD_PATCH },
    { filename: 'docs/guide.txt', status: 'modified', patch: '@@ -1 +1 @@\n-a\n+b' },
    { filename: 'models/old/README.md', status: 'removed' }
  ];
}

beforeAll(() => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run bundle\` first.`);
});

beforeEach(async () => {
  server = new FakeGitHub();
  await server.start();
  server.files.set(PR_NUMBER, standardPr());
  server.contents.set(`${BASE_SHA}:models/good/README.md`, GOOD_CARD.replace('apache-2.0', 'mit'));
  workspace = makeWorkspace({
    'models/bad/README.md': BAD_CARD,
    'models/good/README.md': GOOD_CARD,
    'docs/README.md': '# Docs without front matter: not a card\n',
    'docs/guide.txt': 'b\n'
  });
});

afterEach(async () => {
  await server.stop();
});

const ownComments = () => server.comments.filter((c) => c.body.includes(MARKER) && c.user.login === BOT.login);

describe('pull request runs', () => {
  test('first run: one comment, one review, annotations, outputs, summary; exactly these requests', async () => {
    const run = await runAction({ server, workspace });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(server.calls()).toEqual([
      `GET ${API}/pulls/7/files`,
      `GET ${API}/contents/models/good/README.md`,
      `GET ${API}/contents/.github/model-release-policy.yml`,
      'GET /user',
      'POST /graphql',
      `GET ${API}/issues/7/comments`,
      `POST ${API}/issues/7/comments`,
      `GET ${API}/issues/7/comments`,
      `GET ${API}/pulls/7/comments`,
      `POST ${API}/pulls/7/reviews`
    ]);
    expect(server.requests[0].query).toMatchObject({ per_page: '100' });
    expect(server.requests[1].query).toEqual({ ref: BASE_SHA });
    // The policy comes from the base commit, never from the PR's workspace.
    expect(server.requests[2].query).toEqual({ ref: BASE_SHA });
    expect(server.requests.every((r) => r.headers.authorization === `token ${TOKEN}`)).toBe(true);
    for (const r of server.requests) {
      expect(r.headers.accept).toBe('application/vnd.github+json');
      expect(r.headers['x-github-api-version']).toBe('2022-11-28');
      expect(r.headers['user-agent']).toMatch(/^model-release-gate/);
    }
    expect(server.requests[0].query).toEqual({ per_page: '100', page: '1' });
    expect(server.reviews[0].comments.every((c) => !('position' in (c as object)))).toBe(true);

    expect(ownComments()).toHaveLength(1);
    const body = ownComments()[0].body;
    expect(body.startsWith(MARKER)).toBe(true);
    expect(body).toContain('models/bad/README.md');
    expect(body.length).toBeLessThanOrEqual(65_536);

    const review = server.reviews[0];
    expect(review).toMatchObject({ commit_id: HEAD_SHA, event: 'COMMENT' });
    expect(review.comments).toContainEqual(expect.objectContaining({ path: 'models/bad/README.md', line: 2, side: 'RIGHT' }));
    // Every inline comment is on a line of the diff (the server would have answered 422 otherwise).
    expect(review.comments.length).toBeGreaterThan(0);
    expect(review.comments.length).toBeLessThanOrEqual(30);

    const notes = annotations(run.stdout);
    expect(notes).toContainEqual(expect.objectContaining({ severity: 'error', file: 'models/bad/README.md', line: 2, col: 1 }));
    expect(run.stdout).toMatch(
      /^::error title=model-release-gate%3A licence-missing,file=models\/bad\/README\.md,line=2,col=1::licence-missing: /m
    );
    // Most severe first.
    const ranks = notes.map((n) => ['error', 'warning', 'notice'].indexOf(n.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));

    expect(run.outputs.result).toBe('fail');
    expect(run.outputs.reporting).toBe('complete');
    expect(run.outputs.cards).toBe('2');
    expect(Number(run.outputs.errors)).toBe(notes.filter((n) => n.severity === 'error').length);
    expect(Number(run.outputs.warnings)).toBe(notes.filter((n) => n.severity === 'warning').length);
    expect(Number(run.outputs.notices)).toBe(notes.filter((n) => n.severity === 'notice').length);
    const json = JSON.parse(readFileSync(run.outputs.report, 'utf8'));
    expect(json).toMatchObject({ version: 1, result: 'fail', summary: { cards: 2 } });
    expect(run.summary).toContain('models/bad/README.md');
    expect(run.summary).toContain(`https://github.example/acme/models/blob/${HEAD_SHA}/models/bad/README.md#L2`);
    // The token never appears in the log.
    expect(run.stdout).toContain(`::add-mask::${TOKEN}\n`);
    expect(run.stdout.replace(`::add-mask::${TOKEN}\n`, '')).not.toContain(TOKEN);
  });

  test('re-run: the same comment is updated, no second comment, no repeated inline comment', async () => {
    await runAction({ server, workspace });
    const first = ownComments()[0];
    const reviewComments = server.reviewComments.length;
    server.requests = [];
    const run = await runAction({ server, workspace });
    expect(run.code).toBe(1);
    expect(ownComments()).toHaveLength(1);
    expect(server.comments).toHaveLength(1);
    expect(server.writes().map((r) => `${r.method} ${r.path}`)).toEqual([`PATCH ${API}/issues/comments/${first.id}`]);
    expect(server.reviews).toHaveLength(1);
    expect(server.reviewComments).toHaveLength(reviewComments);
  });

  test("a person's comment quoting the marker is never touched", async () => {
    const person = server.addComment(`As the bot said:\n> ${MARKER}\n> old findings`, { login: 'alice', type: 'User' });
    const before = person.body;
    await runAction({ server, workspace });
    expect(server.comments).toHaveLength(2);
    expect(server.comments.find((c) => c.id === person.id)?.body).toBe(before);
    expect(server.requests.some((r) => r.path.endsWith(`/issues/comments/${person.id}`))).toBe(false);
    expect(ownComments()).toHaveLength(1);
  });

  test('120 earlier comments: found on the second page and updated, not duplicated', async () => {
    for (let i = 0; i < 110; i++) server.addComment(`comment ${i}`, { login: `user${i % 7}`, type: 'User' });
    const ours = server.addComment(`${MARKER}\nold report`);
    for (let i = 0; i < 9; i++) server.addComment(`late ${i}`, { login: 'bob', type: 'User' });
    const run = await runAction({ server, workspace });
    expect(run.code).toBe(1);
    const pages = server.requests
      .filter((r) => r.method === 'GET' && r.path === `${API}/issues/7/comments`)
      .map((r) => r.query.page ?? '1');
    expect(pages).toEqual(['1', '2']);
    expect(
      server
        .writes()
        .filter((r) => r.path.includes('/issues/'))
        .map((r) => `${r.method} ${r.path}`)
    ).toEqual([`PATCH ${API}/issues/comments/${ours.id}`]);
    expect(server.comments).toHaveLength(120);
  });

  test('3,000 changed files: every page is read (100 a page) and the cards among them are checked', async () => {
    const files: PrFile[] = [];
    for (let i = 0; i < 2998; i++) files.push({ filename: `data/part-${i}.txt`, status: 'added', patch: '@@ -0,0 +1 @@\n+x' });
    files.splice(1500, 0, standardPr()[0]);
    files.push(standardPr()[1]);
    server.files.set(PR_NUMBER, files);
    const run = await runAction({ server, workspace, inputs: { review: 'false', comment: 'never' } });
    const pages = server.requests.filter((r) => r.path === `${API}/pulls/7/files`);
    expect(pages).toHaveLength(30);
    expect(pages.every((r) => r.query.per_page === '100')).toBe(true);
    expect(run.outputs.cards).toBe('2');
    expect(run.outputs.result).toBe('fail');
    expect(run.summary).toContain('3000 files');
  });

  test('fork PR: 403 on comment and review still yields summary, annotations and outputs; verdict from findings', async () => {
    const forbidden = { status: 403, body: { message: 'Resource not accessible by integration' }, times: 10 };
    server.faults.push(
      { method: 'POST', path: /\/issues\/7\/comments$/, ...forbidden },
      { method: 'POST', path: /\/pulls\/7\/reviews$/, ...forbidden }
    );
    const run = await runAction({ server, workspace, fromFork: true });
    expect(run.code).toBe(1);
    expect(run.outputs.result).toBe('fail');
    expect(run.outputs.reporting).toBe('incomplete');
    expect(annotations(run.stdout).some((a) => a.file === 'models/bad/README.md' && a.line === 2)).toBe(true);
    expect(run.summary).toContain('models/bad/README.md');
    expect(run.summary).toMatch(/pull request comment was not written.*fork/);
    expect(run.summary).toMatch(/pull request review was not written/);
    expect(server.comments).toHaveLength(0);
    // One attempt each: a permission refusal is not retried.
    expect(server.requests.filter((r) => r.method === 'POST' && r.path !== '/graphql')).toHaveLength(2);

    // The same fork PR with only a good card passes: the refused comment does not fail the gate.
    server.files.set(PR_NUMBER, [standardPr()[1]]);
    server.faults.forEach((f) => (f.times = 10));
    const green = await runAction({ server, workspace, fromFork: true });
    expect(green.outputs.result).toBe('pass');
    expect(green.code).toBe(0);
    expect(green.summary).toMatch(/not written/);
  });

  test('a 502 on creating the comment is retried: exactly one comment', async () => {
    server.faults.push({ method: 'POST', path: /\/issues\/7\/comments$/, status: 502, body: { message: 'Bad Gateway' } });
    const run = await runAction({ server, workspace });
    expect(run.code).toBe(1);
    expect(server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues/7/comments'))).toHaveLength(2);
    expect(server.comments).toHaveLength(1);
  });

  test('a 502 whose comment was created anyway: the duplicate is deleted, one comment remains', async () => {
    server.faults.push({ method: 'POST', path: /\/issues\/7\/comments$/, status: 502, applyFirst: true });
    await runAction({ server, workspace });
    expect(server.comments).toHaveLength(1);
    const deletes = server.requests.filter((r) => r.method === 'DELETE');
    expect(deletes).toHaveLength(1);
    expect(deletes[0].path).not.toBe(`${API}/issues/comments/${server.comments[0].id}`);
  });

  test('a 5xx on posting the review: what landed is not posted twice', async () => {
    server.faults.push({ method: 'POST', path: /\/pulls\/7\/reviews$/, status: 502, applyFirst: true });
    await runAction({ server, workspace });
    expect(server.reviews).toHaveLength(1);
    expect(server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/reviews'))).toHaveLength(1);
  });

  test('a secondary rate limit with retry-after is waited out and retried once', async () => {
    server.faults.push({
      method: 'POST',
      path: /\/issues\/7\/comments$/,
      status: 403,
      headers: { 'retry-after': '1' },
      body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }
    });
    const run = await runAction({ server, workspace });
    expect(server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues/7/comments'))).toHaveLength(2);
    expect(server.comments).toHaveLength(1);
    expect(run.stdout).toMatch(/secondary rate limit.*retrying after 1s/);
  });

  test('a plain 429 with retry-after (no "secondary rate" wording) is waited out too, not lost', async () => {
    server.faults.push({
      method: 'POST',
      path: /\/issues\/7\/comments$/,
      status: 429,
      headers: { 'retry-after': '2' },
      body: { message: 'Too Many Requests' }
    });
    server.faults.push({
      method: 'GET',
      path: /\/pulls\/7\/files$/,
      status: 403,
      headers: { 'retry-after': '1' },
      body: { message: 'Slow down' }
    });
    const run = await runAction({ server, workspace });
    expect(run.code).toBe(1);
    expect(server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues/7/comments'))).toHaveLength(2);
    expect(server.requests.filter((r) => r.path.endsWith('/pulls/7/files'))).toHaveLength(2);
    expect(server.comments).toHaveLength(1);
    expect(run.outputs.reporting).toBe('complete');
    expect(run.stdout).toMatch(/rate limit \(HTTP 429\).*retrying after 2s/);
  });

  test('300 failing cards: 30 inline comments at most, the comment under 65,536 characters, the summary holding all', async () => {
    const files: Record<string, string> = {};
    const prFiles: PrFile[] = [];
    for (let i = 0; i < 300; i++) {
      const name = `models/m${String(i).padStart(3, '0')}/README.md`;
      files[name] = BAD_CARD;
      prFiles.push({ filename: name, status: 'added', patch: addedPatch(BAD_CARD) });
    }
    server.files.set(PR_NUMBER, prFiles);
    const many = makeWorkspace(files);
    const run = await runAction({ server, workspace: many });
    expect(run.outputs.cards).toBe('300');
    expect(Number(run.outputs.errors)).toBeGreaterThanOrEqual(300);
    expect(server.reviews).toHaveLength(1);
    expect(server.reviews[0].comments).toHaveLength(30);
    expect(server.reviews[0].body).toMatch(/more are not shown inline/);
    expect(server.comments).toHaveLength(1);
    expect(server.comments[0].body.length).toBeLessThanOrEqual(65_536);
    expect(run.summary).toContain('models/m299/README.md');
    expect(Buffer.byteLength(run.summary)).toBeLessThan(1024 * 1024);
    // A second run posts the next 30, never the first 30 again.
    await runAction({ server, workspace: many });
    const keys = server.reviewComments.map((c) => `${c.path}:${c.line}:${c.body.slice(-60)}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(server.reviewComments).toHaveLength(60);
  });

  test('two runs racing end with one comment', async () => {
    await Promise.all([
      runAction({ server, workspace, inputs: { review: 'false' } }),
      runAction({ server, workspace, inputs: { review: 'false' } })
    ]);
    expect(server.comments).toHaveLength(1);
    expect(ownComments()).toHaveLength(1);
  });

  test('a renamed card is read by its new name and compared with its old one; removed cards are skipped', async () => {
    server.files.set(PR_NUMBER, [
      { filename: 'models/good/README.md', previous_filename: 'models/old-name/README.md', status: 'renamed', patch: GOOD_PATCH },
      { filename: 'models/gone/README.md', status: 'removed' }
    ]);
    server.contents.set(`${BASE_SHA}:models/old-name/README.md`, GOOD_CARD);
    const run = await runAction({ server, workspace, inputs: { comment: 'never', review: 'false' } });
    expect(run.outputs.cards).toBe('1');
    const contents = server.requests.filter((r) => r.path.includes('/contents/') && !r.path.endsWith('/model-release-policy.yml'));
    expect(contents.map((r) => `${r.path}@${r.query.ref}`)).toEqual([`${API}/contents/models/old-name/README.md@${BASE_SHA}`]);
  });

  test('comment: on-findings starts no comment on a green PR, but turns an earlier red one green', async () => {
    server.files.set(PR_NUMBER, [standardPr()[1]]);
    server.contents.set(`${BASE_SHA}:models/good/README.md`, GOOD_CARD);
    const green = await runAction({ server, workspace, inputs: { comment: 'on-findings' } });
    expect(green.outputs.result).toBe('pass');
    expect(server.comments).toHaveLength(0);
    const stale = server.addComment(`${MARKER}\n## Model release gate: failed`);
    await runAction({ server, workspace, inputs: { comment: 'on-findings' } });
    expect(server.comments).toHaveLength(1);
    expect(server.comments[0].id).toBe(stale.id);
    expect(server.comments[0].body).not.toContain('failed');
  });

  test('comment-header keeps two uses apart; an identity from GET /user is honoured', async () => {
    server.user = { login: 'release-bot', type: 'User' };
    server.actor = { login: 'release-bot', type: 'User' };
    const other = server.addComment(`${MARKER}\nthe unnamed step's comment`, { login: 'release-bot', type: 'User' });
    await runAction({ server, workspace, inputs: { 'comment-header': 'gpu matrix' } });
    expect(server.calls()).not.toContain('POST /graphql');
    expect(server.comments).toHaveLength(2);
    expect(server.comments.find((c) => c.id === other.id)?.body).toContain("unnamed step's comment");
    expect(server.comments.find((c) => c.id !== other.id)?.body).toContain('<!-- model-release-gate:gpu%20matrix -->');
  });
});

describe('pull_request_target', () => {
  test('cards are read from the head commit through the API, never from a checkout of the PR', async () => {
    server.contents.set(`${HEAD_SHA}:models/bad/README.md`, BAD_CARD);
    server.contents.set(`${HEAD_SHA}:models/good/README.md`, GOOD_CARD);
    // The workspace holds the base branch only: no bad card in it.
    const base = makeWorkspace({ 'models/good/README.md': GOOD_CARD.replace('apache-2.0', 'mit') });
    const run = await runAction({ server, workspace: base, event: 'pull_request_target' });
    const heads = server.requests.filter((r) => r.path.includes('/contents/') && r.query.ref === HEAD_SHA).map((r) => r.path);
    expect(heads.sort()).toEqual([`${API}/contents/models/bad/README.md`, `${API}/contents/models/good/README.md`]);
    expect(run.outputs.cards).toBe('2');
    expect(run.stdout).toMatch(/^::error title=[^:]*,file=models\/bad\/README\.md,line=2,col=1::licence-missing/m);
  });
});

describe('other events', () => {
  test('push: every card in the workspace, no API calls', async () => {
    const run = await runAction({ server, workspace, event: 'push' });
    expect(run.code).toBe(1);
    expect(server.requests).toEqual([]);
    expect(run.outputs.cards).toBe('2');
    expect(run.outputs.result).toBe('fail');
    expect(annotations(run.stdout)).toContainEqual(expect.objectContaining({ file: 'models/bad/README.md', line: 2, col: 1 }));
  });

  test('sarif-file is written inside the workspace', async () => {
    const run = await runAction({ server, workspace, event: 'push', inputs: { 'sarif-file': 'reports/gate.sarif' } });
    expect(run.outputs.result).toBe('fail');
    const sarif = JSON.parse(readFileSync(`${workspace.dir}/reports/gate.sarif`, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const outside = await runAction({ server, workspace, event: 'push', inputs: { 'sarif-file': '../escape.sarif' } });
    expect(outside.code).toBe(1);
    expect(outside.stdout).toMatch(/::error::model-release-gate: Input `sarif-file`/);
  });

  test('an invalid policy fails the step with its file, line and key', async () => {
    const bad = makeWorkspace({ ...workspace.files, '.github/model-release-policy.yml': 'rules:\n  licence-missing: loud\n' });
    const run = await runAction({ server, workspace: bad, event: 'push' });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error file=\.github\/model-release-policy\.yml,line=2,col=\d+::policy: /m);
    expect(run.stdout).toMatch(/::error::model-release-gate: Invalid policy file .*model-release-policy\.yml:2/);
    expect(run.outputs.result).toBeUndefined();
  });

  test('fail-on never passes despite errors; invalid input fails with a clear message', async () => {
    const pass = await runAction({ server, workspace, event: 'push', inputs: { 'fail-on': 'never' } });
    expect(pass.code).toBe(0);
    expect(pass.outputs.result).toBe('pass');
    const bad = await runAction({ server, workspace, event: 'push', inputs: { 'fail-on': 'sometimes' } });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/::error::model-release-gate: Input `fail-on` is `sometimes`/);
  });
});

describe('the policy of a pull request comes from its base commit', () => {
  const POLICY = '.github/model-release-policy.yml';
  const POLICY_API = `${API}/contents/${POLICY}`;
  /** What a PR would propose to escape its own gate: every rule off. */
  const ALL_OFF = `rules:\n${RULE_IDS.map((id) => `  ${id}: off`).join('\n')}\n`;
  const BASE_POLICY = 'version: 1\nrules:\n  openness-class: off\n';
  const withPolicy = (text: string): Workspace => makeWorkspace({ ...workspace.files, [POLICY]: text });
  /** Rendered markdown as plain text: escapes and code-span backticks removed, for matching notes. */
  const plain = (md: string): string =>
    md
      .replace(/&#39;/g, "'")
      .replace(/\\([^\w\s])/g, '$1')
      .replace(/` ?([^`]*?) ?`/g, '$1');
  const policyFile = (status: PrFile['status']): PrFile => ({
    filename: POLICY,
    status,
    patch: status === 'removed' ? undefined : addedPatch(ALL_OFF)
  });

  test('a PR turning every rule off in its own copy is still gated by the base policy, and told so', async () => {
    server.contents.set(`${BASE_SHA}:${POLICY}`, BASE_POLICY);
    server.files.set(PR_NUMBER, [...standardPr(), policyFile('modified')]);
    const run = await runAction({ server, workspace: withPolicy(ALL_OFF) });
    expect(run.code).toBe(1);
    expect(run.outputs.result).toBe('fail');
    expect(annotations(run.stdout)).toContainEqual(expect.objectContaining({ severity: 'error', file: 'models/bad/README.md', line: 2 }));
    const policyReads = server.requests.filter((r) => r.path === POLICY_API);
    expect(policyReads.map((r) => r.query.ref)).toEqual([BASE_SHA]);
    const note =
      /This pull request changes the policy file \.github\/model-release-policy\.yml\. The gate used the base branch's version \(commit bbbbbbb\); the proposed policy takes effect only after merge\. The proposed version is valid\./;
    expect(plain(run.summary)).toMatch(note);
    expect(plain(ownComments()[0].body)).toMatch(note);
    // The same PR pushed without the policy change: no note.
    server.files.set(PR_NUMBER, standardPr());
    const unchanged = await runAction({ server, workspace: withPolicy(BASE_POLICY) });
    expect(plain(unchanged.summary)).not.toMatch(/policy file/);
  });

  test('pull_request_target: an invalid proposed policy is a warning and a note, never the verdict', async () => {
    server.contents.set(`${BASE_SHA}:${POLICY}`, BASE_POLICY);
    server.contents.set(`${HEAD_SHA}:${POLICY}`, 'rules:\n  licence-missing: loud\n');
    server.contents.set(`${HEAD_SHA}:models/good/README.md`, GOOD_CARD);
    server.files.set(PR_NUMBER, [standardPr()[1], policyFile('modified')]);
    // The workspace holds the base branch, as it should under pull_request_target.
    const run = await runAction({ server, workspace: withPolicy(BASE_POLICY), event: 'pull_request_target' });
    expect(run.code).toBe(0);
    expect(run.outputs.result).toBe('pass');
    expect(server.requests.filter((r) => r.path === POLICY_API).map((r) => r.query.ref)).toEqual([BASE_SHA, HEAD_SHA]);
    expect(annotations(run.stdout)).toContainEqual(expect.objectContaining({ severity: 'warning', file: POLICY, line: 2 }));
    expect(run.stdout).toMatch(
      /^::warning file=\.github\/model-release-policy\.yml,line=2,col=\d+::policy \(proposed in this pull request, not yet in force\): rules\.licence-missing: /m
    );
    expect(plain(run.summary)).toMatch(
      /The proposed version is invalid and would fail every run after merge; fix it before merging: \.github\/model-release-policy\.yml:2:/
    );
    expect(plain(ownComments()[0].body)).toMatch(/proposed version is invalid/);
  });

  test('no policy at the base: the defaults apply, even though the PR adds a permissive one', async () => {
    server.files.set(PR_NUMBER, [...standardPr(), policyFile('added')]);
    const run = await runAction({ server, workspace: withPolicy(ALL_OFF), inputs: { review: 'false' } });
    expect(run.code).toBe(1);
    expect(run.outputs.result).toBe('fail');
    expect(annotations(run.stdout)).toContainEqual(
      expect.objectContaining({ file: 'models/bad/README.md', line: 2, message: expect.stringMatching(/^licence-missing: /) })
    );
    expect(plain(run.summary)).toMatch(
      /This pull request adds the policy file \.github\/model-release-policy\.yml\. The gate used the built-in defaults, as the base branch has no policy file; the proposed policy takes effect only after merge\./
    );
  });

  test('a PR removing the policy is still gated by it, and told what happens after merge', async () => {
    server.contents.set(`${BASE_SHA}:${POLICY}`, 'rules:\n  licence-missing: off\n');
    server.files.set(PR_NUMBER, [standardPr()[0], policyFile('removed')]);
    const run = await runAction({ server, workspace, inputs: { comment: 'never', review: 'false' } });
    expect(annotations(run.stdout).some((a) => a.message.startsWith('licence-missing'))).toBe(false);
    expect(plain(run.summary)).toMatch(/This pull request removes the policy file .*after merge, the built-in defaults apply\./);
  });

  test('an invalid base policy fails the step with exit code 1, naming the file and the base commit', async () => {
    server.contents.set(`${BASE_SHA}:${POLICY}`, 'rules:\n  licence-missing: loud\n');
    const run = await runAction({ server, workspace: withPolicy(BASE_POLICY) });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error file=\.github\/model-release-policy\.yml,line=2,col=\d+::policy: rules\.licence-missing: /m);
    expect(run.stdout).toMatch(
      /::error::model-release-gate: Invalid policy file \.github\/model-release-policy\.yml:2:\d+: .*%0AThis is the policy of the pull request's base commit bbbbbbb/
    );
    expect(run.outputs.result).toBeUndefined();
    expect(server.comments).toHaveLength(0);
  });

  test('a named policy missing at the base is an error, even when the PR adds it', async () => {
    server.files.set(PR_NUMBER, [...standardPr(), { filename: 'policies/strict.yml', status: 'added', patch: addedPatch(BASE_POLICY) }]);
    const ws = makeWorkspace({ ...workspace.files, 'policies/strict.yml': BASE_POLICY });
    const run = await runAction({ server, workspace: ws, inputs: { policy: 'policies/strict.yml' } });
    expect(run.code).toBe(1);
    expect(server.requests.some((r) => r.path === `${API}/contents/policies/strict.yml` && r.query.ref === BASE_SHA)).toBe(true);
    expect(run.stdout).toMatch(
      /::error::model-release-gate: Invalid policy file policies\/strict\.yml:1:1: the policy file named by the `policy` input does not exist on the pull request's base commit/
    );
    expect(run.outputs.result).toBeUndefined();
  });

  test('a base policy that cannot be fetched stops the run; the PR copy is never used instead', async () => {
    server.faults.push({
      method: 'GET',
      path: /\/contents\/\.github\/model-release-policy\.yml$/,
      status: 403,
      body: { message: 'Resource not accessible by integration' }
    });
    const run = await runAction({ server, workspace: withPolicy(ALL_OFF) });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /::error::model-release-gate: The policy file \.github\/model-release-policy\.yml could not be read from the pull request's base commit bbbbbbb: .*HTTP 403/
    );
    expect(run.outputs.result).toBeUndefined();
  });

  test('a PR run without a token fails rather than trust the workspace policy', async () => {
    const run = await runAction({ server, workspace: withPolicy(ALL_OFF), inputs: { 'github-token': '' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::model-release-gate: In a pull request the policy is read from the base commit/);
    expect(server.requests).toEqual([]);
  });

  test('push: the policy is read from the workspace, with no API call', async () => {
    const run = await runAction({ server, workspace: withPolicy(ALL_OFF), event: 'push' });
    expect(server.requests).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.outputs.result).toBe('pass');
    expect(annotations(run.stdout)).toEqual([]);
    const strict = await runAction({ server, workspace: withPolicy(BASE_POLICY), event: 'workflow_dispatch' });
    expect(strict.outputs.result).toBe('fail');
  });
});

describe('REST semantics as GitHub has them', () => {
  test('GitHub Enterprise Server: every request and every followed Link keeps the /api/v3 prefix', async () => {
    server.prefix = '/api/v3';
    for (let i = 0; i < 130; i++) server.addComment(`comment ${i}`, { login: 'carol', type: 'User' });
    const run = await runAction({ server, workspace, env: { GITHUB_API_URL: `${server.url}/api/v3` } });
    expect(run.code).toBe(1);
    const rest = server.requests.filter((r) => !r.rawPath.endsWith('/graphql'));
    expect(rest.every((r) => r.rawPath.startsWith('/api/v3/'))).toBe(true);
    expect(server.requests.filter((r) => r.method === 'GET' && r.path === `${API}/issues/7/comments`).map((r) => r.query.page)).toEqual([
      '1',
      '2',
      '1',
      '2'
    ]);
    expect(ownComments()).toHaveLength(1);
    expect(run.outputs.reporting).toBe('complete');
  });

  test('a server without Link headers: pages are asked for by number until a short one', async () => {
    server.paging = 'none';
    const files = standardPr();
    for (let i = 0; i < 196; i++) files.push({ filename: `src/f${i}.py`, status: 'added', patch: '@@ -0,0 +1 @@\n+x' });
    server.files.set(PR_NUMBER, files);
    const run = await runAction({ server, workspace });
    expect(run.code).toBe(1);
    expect(server.requests.filter((r) => r.path === `${API}/pulls/7/files`).map((r) => r.query.page)).toEqual(['1', '2', '3']);
    expect(run.outputs.cards).toBe('2');
    expect(ownComments()).toHaveLength(1);
  });

  /** A PR with 198 changed files (two pages) and 100 comments by a person, for the pagination tests. */
  const seedBusyPr = (): void => {
    const files = standardPr();
    for (let i = 0; i < 196; i++) files.push({ filename: `src/f${i}.py`, status: 'added', patch: '@@ -0,0 +1 @@\n+x' });
    server.files.set(PR_NUMBER, files);
    for (let i = 0; i < 100; i++) server.addComment(`comment ${i}`, { login: 'dave', type: 'User' });
  };

  test('a server that always answers with a next link does not keep the run going', async () => {
    server.paging = 'endless';
    seedBusyPr();
    const run = await runAction({ server, workspace, inputs: { review: 'false' } });
    expect(run.code).toBe(1);
    // 3,000 files at most (GitHub's own cap), 100 pages of comments at most per listing.
    expect(server.requests.filter((r) => r.path === `${API}/pulls/7/files`)).toHaveLength(30);
    expect(server.requests.filter((r) => r.method === 'GET' && r.path === `${API}/issues/7/comments`).length).toBeLessThanOrEqual(200);
    expect(server.comments.filter((c) => c.user.login === BOT.login)).toHaveLength(1);
    expect(run.summary).toMatch(/at most 3000 files/);
  });

  test('a server repeating its first page with a next link is read twice, not forever', async () => {
    server.paging = 'repeat';
    seedBusyPr();
    const run = await runAction({ server, workspace, inputs: { review: 'false' } });
    expect(run.code).toBe(1);
    expect(run.outputs.cards).toBe('2');
    expect(server.requests.filter((r) => r.path === `${API}/pulls/7/files`)).toHaveLength(2);
    expect(server.requests.filter((r) => r.method === 'GET' && r.path === `${API}/issues/7/comments`)).toHaveLength(4);
  });

  test('a 422 from the review endpoint: the refused comment is left out, the others land, the gate is unchanged', async () => {
    const lines = BAD_CARD.split('\n');
    const broken = lines.map((l) => (l.startsWith('    weights:') ? '    weights: { status: released }' : l)).join('\n');
    const bad2 = broken.replace('license: ""', 'license: ""');
    workspace = makeWorkspace({ 'models/bad/README.md': bad2, 'models/good/README.md': GOOD_CARD });
    server.files.set(PR_NUMBER, [{ filename: 'models/bad/README.md', status: 'added', patch: addedPatch(bad2) }]);
    server.refuse.add('models/bad/README.md:2');
    const run = await runAction({ server, workspace });
    expect(run.code).toBe(1);
    expect(run.outputs.result).toBe('fail');
    const posts = server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/reviews'));
    expect(posts.length).toBeGreaterThan(1);
    expect(posts.length).toBeLessThanOrEqual(8);
    expect(server.reviewComments.some((c) => c.line === 2)).toBe(false);
    expect(server.reviewComments.length).toBeGreaterThan(0);
    expect(run.outputs.reporting).toBe('incomplete');
    expect(run.summary).toMatch(/refused 1 inline review comment/);
    expect(ownComments()).toHaveLength(1);
  });

  test('a 422 for every comment (the head moved): a note, never a failed gate', async () => {
    server.faults.push({
      method: 'POST',
      path: /\/reviews$/,
      status: 422,
      times: 50,
      body: { message: 'Unprocessable Entity', errors: ['commit_id is not part of the pull request'] }
    });
    const run = await runAction({ server, workspace, inputs: { 'fail-on': 'never' } });
    expect(run.code).toBe(0);
    expect(run.outputs.result).toBe('pass');
    expect(server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/reviews')).length).toBeLessThanOrEqual(8);
    expect(run.outputs.reporting).toBe('incomplete');
  });

  test('the contents API: path segments encoded, `/` kept, ref in the query, base64 decoded', async () => {
    const name = 'models/my model #1/README.md';
    workspace = makeWorkspace({ [name]: GOOD_CARD });
    server.files.set(PR_NUMBER, [{ filename: name, status: 'modified', patch: GOOD_PATCH }]);
    server.contents.set(`${BASE_SHA}:${name}`, GOOD_CARD.replace('apache-2.0', 'mit'));
    const run = await runAction({ server, workspace });
    const get = server.requests.find((r) => r.path.includes('/contents/models/'));
    expect(get?.rawPath).toBe(`${API}/contents/models/my%20model%20%231/README.md`);
    expect(get?.query).toEqual({ ref: BASE_SHA });
    // The base version was decoded and compared: the licence change is reported.
    expect(run.stdout).toMatch(/licence-changed/);
  });
});

describe('the runner environment', () => {
  test('boolean inputs as the YAML 1.2 core schema spells them; anything else is a clear error', async () => {
    const yes = await runAction({
      server,
      workspace,
      event: 'push',
      inputs: { 'all-cards': 'TRUE', review: 'False', 'hub-lookup': 'false' }
    });
    expect(yes.code).toBe(1);
    expect(yes.outputs.cards).toBe('2');
    const bad = await runAction({ server, workspace, event: 'push', inputs: { review: 'yes' } });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^::error::model-release-gate: Input `review` is `yes`; use `true` or `false`/m);
    expect(bad.stderr).toBe('');
  });

  test('a missing or malformed event payload is a clear error, not a stack trace', async () => {
    const dir = makeWorkspace({ 'event.json': '{ not json' }).dir;
    const malformed = await runAction({ server, workspace, env: { GITHUB_EVENT_PATH: `${dir}/event.json` } });
    expect(malformed.code).toBe(1);
    expect(malformed.stdout).toMatch(
      /^::error::model-release-gate: The event payload GITHUB_EVENT_PATH \(.*event\.json\) is not valid JSON\./m
    );
    expect(malformed.stderr).toBe('');
    const missing = await runAction({ server, workspace, env: { GITHUB_EVENT_PATH: `${dir}/absent.json` } });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/^::error::model-release-gate: The event payload .* cannot be read \(ENOENT\)/m);
    const noPr = makeWorkspace({ 'event.json': JSON.stringify({ action: 'opened', repository: { full_name: 'acme/models' } }) }).dir;
    const empty = await runAction({ server, workspace, env: { GITHUB_EVENT_PATH: `${noPr}/event.json` } });
    expect(empty.code).toBe(1);
    expect(empty.stdout).toMatch(
      /^::error::model-release-gate: This is a pull_request run, but its event payload .* has no usable pull_request\.number/m
    );
    expect(server.writes()).toHaveLength(0);
  });

  test('workflow_dispatch checks every card; a local run without GITHUB_OUTPUT or GITHUB_STEP_SUMMARY still works', async () => {
    const run = await runAction({ server, workspace, event: 'workflow_dispatch', env: { GITHUB_OUTPUT: '', GITHUB_STEP_SUMMARY: '' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^output result=fail$/m);
    expect(run.stdout).toMatch(/^output cards=2$/m);
    expect(server.requests).toHaveLength(0);
  });
});
