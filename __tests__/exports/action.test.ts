/**
 * The action's `bom-file` / `bom-format` inputs and `bom` output, end to end: the bundled action
 * against the GitHub stand-in of __tests__/action, on a push (no PR comment involved).
 */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeGitHub } from '../action/github-server.js';
import { BAD_CARD, GOOD_CARD, HEAD_SHA, makeWorkspace, runAction, type Workspace } from '../action/harness.js';
import { parseRecord, type Format } from './helpers.js';
import { problems, validators } from './schemas.js';

let server: FakeGitHub;
let workspace: Workspace;

beforeEach(async () => {
  server = new FakeGitHub();
  await server.start();
  workspace = makeWorkspace({ 'models/bad/README.md': BAD_CARD, 'models/good/README.md': GOOD_CARD });
});
afterEach(async () => {
  await server.stop();
});

describe('bom-file', () => {
  test.each([
    ['release/bom.json', '', 'cyclonedx'],
    ['release/model.spdx.json', '', 'spdx'],
    ['release/models.yml', 'cyclonedx', 'mot'],
    ['release/record.json', 'spdx', 'spdx'],
    ['release/record.json', 'mot', 'mot']
  ])('%s with bom-format "%s" writes a valid %s record and sets the bom output', async (file, format, expected) => {
    const inputs: Record<string, string> = { 'bom-file': file, ...(format ? { 'bom-format': format } : {}) };
    const run = await runAction({ server, workspace, event: 'push', inputs, env: { SOURCE_DATE_EPOCH: '1767225600' } });
    expect(run.outputs.result).toBe('fail');
    expect(run.outputs.bom).toBe(path.join(workspace.dir, file));
    const documents = parseRecord(expected as Format, readFileSync(run.outputs.bom, 'utf8'));
    for (const doc of documents) expect(problems(validators()[expected as Format], doc)).toEqual([]);
    const text = JSON.stringify(documents);
    // Both cards, and the commit as the release version.
    expect(text).toContain('models/bad/README.md');
    expect(text).toContain('models/good/README.md');
    expect(text).toContain(HEAD_SHA);
  });

  test('in a pull request the release version is its head commit, not the merge commit', async () => {
    const run = await runAction({
      server,
      workspace,
      event: 'pull_request',
      inputs: { 'bom-file': 'bom.cdx.json', 'all-cards': 'true', comment: 'never', review: 'false' },
      env: { GITHUB_SHA: 'c'.repeat(40) }
    });
    expect(run.outputs.bom).toBe(path.join(workspace.dir, 'bom.cdx.json'));
    const bom = JSON.parse(readFileSync(run.outputs.bom, 'utf8'));
    expect(
      bom.components.filter((c: { type: string }) => c.type === 'machine-learning-model').map((c: { version?: string }) => c.version)
    ).toEqual([HEAD_SHA, HEAD_SHA]);
  });

  test('without bom-file no record is written and there is no bom output', async () => {
    const run = await runAction({ server, workspace, event: 'push' });
    expect(run.outputs.result).toBe('fail');
    expect(run.outputs.bom).toBeUndefined();
  });

  test('a path outside the workspace, or through a link that leaves it, fails the step', async () => {
    const outside = await runAction({ server, workspace, event: 'push', inputs: { 'bom-file': '../escape.cdx.json' } });
    expect(outside.code).toBe(1);
    expect(outside.stdout).toMatch(/::error::model-release-gate: Input `bom-file`/);
    expect(existsSync(path.join(workspace.dir, '..', 'escape.cdx.json'))).toBe(false);

    const elsewhere = mkdtempSync(path.join(tmpdir(), 'mrg-elsewhere-'));
    symlinkSync(elsewhere, path.join(workspace.dir, 'out'));
    const linked = await runAction({ server, workspace, event: 'push', inputs: { 'bom-file': 'out/bom.json' } });
    expect(linked.code).toBe(1);
    expect(linked.stdout).toMatch(/::error::model-release-gate: Input `bom-file` .*symbolic link/);
    expect(existsSync(path.join(elsewhere, 'bom.json'))).toBe(false);

    mkdirSync(path.join(workspace.dir, 'real'));
    symlinkSync(path.join(elsewhere, 'target.json'), path.join(workspace.dir, 'real', 'bom.json'));
    const fileLink = await runAction({ server, workspace, event: 'push', inputs: { 'bom-file': 'real/bom.json' } });
    expect(fileLink.code).toBe(1);
    expect(existsSync(path.join(elsewhere, 'target.json'))).toBe(false);
  });

  test('an unknown bom-format fails with a clear message', async () => {
    const run = await runAction({ server, workspace, event: 'push', inputs: { 'bom-file': 'bom.json', 'bom-format': 'spdx2' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::model-release-gate: Input `bom-format` must be one of cyclonedx, spdx, mot/);
  });
});
