/** action.ts in-process, with a fake runner and context: no child process, no GitHub. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../../src/action.js';
import type { RunContext } from '../../src/github/context.js';
import type { AnnotationProperties, AnnotationSeverity, Runner } from '../../src/github/runner.js';
import { BAD_CARD, GOOD_CARD, makeWorkspace } from './harness.js';

interface FakeRunner extends Runner {
  outputs: Record<string, string>;
  annotations: { severity: AnnotationSeverity; message: string; properties?: AnnotationProperties }[];
  failed: string[];
  summary: string;
  secrets: string[];
}

function fakeRunner(inputs: Record<string, string>): FakeRunner {
  const runner: FakeRunner = {
    outputs: {},
    annotations: [],
    failed: [],
    summary: '',
    secrets: [],
    getInput: (name) => inputs[name] ?? (name === 'hub-lookup' ? 'false' : ''),
    getBooleanInput: (name) => {
      const value = inputs[name] ?? (name === 'hub-lookup' ? 'false' : undefined);
      if (['true', 'True', 'TRUE'].includes(value)) return true;
      if (['false', 'False', 'FALSE'].includes(value)) return false;
      throw new TypeError(`Input does not meet YAML 1.2 "Core Schema" specification: ${name}`);
    },
    setOutput: (name, value) => void (runner.outputs[name] = String(value)),
    setSecret: (value) => void (value && runner.secrets.push(value)),
    info: () => undefined,
    debug: () => undefined,
    annotate: (severity, message, properties) => void runner.annotations.push({ severity, message, properties }),
    appendSummary: (markdown) => {
      runner.summary += markdown;
      return Promise.resolve(true);
    },
    setFailed: (message) => void runner.failed.push(message)
  };
  return runner;
}

function pushContext(workspace: string): () => Promise<RunContext> {
  return () =>
    Promise.resolve({
      eventName: 'push',
      apiUrl: 'http://127.0.0.1:9',
      serverUrl: 'https://github.example',
      workspace,
      sha: 'c'.repeat(40)
    });
}

const noClient = (): never => {
  throw new Error('no GitHub client may be built outside a pull request');
};

describe('run() with injected ports', () => {
  test('a push: annotations with file, line, column and title; outputs; the JSON report; a failed step', async () => {
    const ws = makeWorkspace({ 'models/bad/README.md': BAD_CARD, 'models/good/README.md': GOOD_CARD });
    const runner = fakeRunner({ 'github-token': 'ghs_secret_for_test' });
    const temp = mkdtempSync(path.join(tmpdir(), 'mrg-unit-'));
    await run({ runner, readContext: pushContext(ws.dir), createClient: noClient, env: { RUNNER_TEMP: temp } });
    expect(runner.secrets).toEqual(['ghs_secret_for_test']);
    expect(runner.annotations).toContainEqual({
      severity: 'error',
      message: expect.stringMatching(/^licence-missing: /),
      properties: { title: 'model-release-gate: licence-missing', file: 'models/bad/README.md', startLine: 2, startColumn: 1 }
    });
    expect(runner.outputs).toMatchObject({ result: 'fail', cards: '2', errors: '1', reporting: 'complete' });
    const json = JSON.parse(readFileSync(runner.outputs.report, 'utf8'));
    expect(json).toMatchObject({ version: 1, result: 'fail', summary: { cards: 2, errors: 1 } });
    expect(runner.summary).toContain('models/bad/README.md');
    expect(runner.failed).toEqual([expect.stringMatching(/^The model release gate failed \(fail-on: error\): 1 error\(s\)/)]);
  });

  test('fail-on never passes; a bad boolean input fails the step with the input named', async () => {
    const ws = makeWorkspace({ 'models/bad/README.md': BAD_CARD });
    const pass = fakeRunner({ 'fail-on': 'never' });
    await run({ runner: pass, readContext: pushContext(ws.dir), createClient: noClient, env: { RUNNER_TEMP: ws.dir } });
    expect(pass.outputs.result).toBe('pass');
    expect(pass.failed).toEqual([]);
    const bad = fakeRunner({ review: 'yes' });
    await run({ runner: bad, readContext: pushContext(ws.dir), createClient: noClient, env: {} });
    expect(bad.failed).toEqual([expect.stringMatching(/^model-release-gate: Input `review` is `yes`; use `true` or `false`/)]);
    expect(bad.outputs).toEqual({});
  });

  test('an invalid policy: one error annotation per problem on the policy file, then a failed step', async () => {
    const ws = makeWorkspace({
      'models/good/README.md': GOOD_CARD,
      '.github/model-release-policy.yml': 'rules:\n  licence-missing: loud\n'
    });
    const runner = fakeRunner({});
    await run({ runner, readContext: pushContext(ws.dir), createClient: noClient, env: { GITHUB_WORKSPACE: ws.dir } });
    expect(runner.annotations).toEqual([
      {
        severity: 'error',
        message: expect.stringMatching(/^policy: rules\.licence-missing: /),
        properties: { file: '.github/model-release-policy.yml', startLine: 2, startColumn: expect.any(Number) }
      }
    ]);
    expect(runner.failed).toEqual([expect.stringMatching(/^model-release-gate: Invalid policy file/)]);
    expect(runner.outputs.result).toBeUndefined();
  });
});
