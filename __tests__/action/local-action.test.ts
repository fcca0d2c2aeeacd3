/**
 * A second, independent way of running the action: GitHub's own local runner (@github/local-action),
 * which runs src/action.ts's `run` through tsx with its own stand-ins for @actions/core and
 * @actions/github, against the local fake API. It needs no network: everything comes from node_modules.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addedPatch, FakeGitHub } from './github-server.js';
import { BAD_CARD, BASE_SHA, HEAD_SHA, makeWorkspace, PR_NUMBER, TOKEN } from './harness.js';

const REPO_ROOT = process.cwd();

/** The `Action Outputs` table local-action prints, as name → value. */
function outputsTable(stdout: string): Record<string, string> {
  const at = stdout.lastIndexOf('Action Outputs');
  const out: Record<string, string> = {};
  for (const m of stdout.slice(at).matchAll(/│\s*\d+\s*│\s*'([^']+)'\s*│\s*'([^']*)'\s*│/g)) out[m[1]] = m[2];
  return out;
}

test('local-action runs the action on a pull request against the fake API: comment, annotations, outputs', async () => {
  const server = new FakeGitHub();
  await server.start();
  try {
    const workspace = makeWorkspace({ 'models/bad/README.md': BAD_CARD });
    server.files.set(PR_NUMBER, [{ filename: 'models/bad/README.md', status: 'added', patch: addedPatch(BAD_CARD) }]);
    const tmp = mkdtempSync(path.join(tmpdir(), 'mrg-local-action-'));
    const event = path.join(tmp, 'event.json');
    writeFileSync(
      event,
      JSON.stringify({
        number: PR_NUMBER,
        pull_request: {
          number: PR_NUMBER,
          head: { sha: HEAD_SHA, repo: { full_name: 'acme/models' } },
          base: { sha: BASE_SHA, repo: { full_name: 'acme/models' } }
        },
        repository: { full_name: 'acme/models' }
      })
    );
    const summary = path.join(tmp, 'summary.md');
    writeFileSync(summary, '');
    const env = {
      'INPUT_GITHUB-TOKEN': TOKEN,
      INPUT_REVIEW: 'false',
      'INPUT_HUB-LOOKUP': 'false',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
      GITHUB_REPOSITORY: 'acme/models',
      GITHUB_API_URL: server.url,
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_WORKSPACE: workspace.dir,
      GITHUB_STEP_SUMMARY: summary,
      // As on a runner; local-action's setOutput stand-in records the outputs it prints below.
      GITHUB_OUTPUT: path.join(tmp, 'output.txt'),
      RUNNER_TEMP: tmp,
      MRG_RETRY_BASE_MS: '5'
    };
    const dotenv = path.join(tmp, '.env');
    writeFileSync(
      dotenv,
      Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n') + '\n'
    );
    const bin = path.join(REPO_ROOT, 'node_modules', '.bin');
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [path.join(bin, 'local-action'), 'run', REPO_ROOT, 'src/action.ts', dotenv],
        {
          cwd: REPO_ROOT,
          env: { PATH: `${bin}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`, HOME: tmp },
          timeout: 170_000,
          maxBuffer: 16 * 1024 * 1024
        },
        (_error, out, err) => resolve({ stdout: out, stderr: err })
      );
    });
    const outputs = outputsTable(stdout);
    // The tail of the log in the failure message, should the run break.
    expect({ outputs, log: outputs.result ? '' : `${stdout.slice(-2000)}\n${stderr.slice(-2000)}` }).toMatchObject({
      outputs: { result: 'fail', cards: '1', reporting: 'complete' }
    });
    expect(stdout).toMatch(/::error title=model-release-gate: licence-missing,file=models\/bad\/README\.md,line=2/);
    expect(server.comments.filter((c) => c.body.includes('<!-- model-release-gate: -->'))).toHaveLength(1);
    expect(server.requests.every((r) => r.headers.authorization === `token ${TOKEN}`)).toBe(true);
  } finally {
    await server.stop();
  }
}, 180_000);
