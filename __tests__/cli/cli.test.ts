/** The bundled CLI end to end: formats, exit codes, errors, --base, card discovery edge cases. */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { goodCard, removeWorkspace, runCli, workspace, type JsonReport } from './harness.js';

const dirs: string[] = [];
const ws = (files: Record<string, string | Buffer>): string => {
  const dir = workspace(files);
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach(removeWorkspace));

const json = (stdout: string): JsonReport => JSON.parse(stdout) as JsonReport;

const failing = `---
license: apache-2.0
---
`;

describe('exit codes and formats', () => {
  it('exits 0 with a passing card and 1 with a failing one', () => {
    const dir = ws({ 'good/README.md': goodCard(), 'bad/README.md': failing });
    expect(runCli(['check', 'good'], dir).status).toBe(0);
    const bad = runCli(['check', 'bad'], dir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe('');
  });

  it('checks the current folder by default', () => {
    const dir = ws({ 'models/a/README.md': goodCard(), 'models/b/MODEL_CARD.md': failing });
    const run = runCli(['check', '--format', 'json'], dir);
    expect(run.status).toBe(1);
    expect(json(run.stdout).cards.map((c) => c.path)).toEqual(['models/a/README.md', 'models/b/MODEL_CARD.md']);
  });

  it('prints text by default: path:line:col, severity, message and rule id, then a verdict', () => {
    const dir = ws({ 'm/README.md': failing });
    const run = runCli(['check'], dir);
    expect(run.stdout).toMatch(/^ {2}m\/README\.md:1:1 +error +.+ artefact-undeclared$/m);
    expect(run.stdout).toMatch(/^FAIL model-release-gate: \d+ errors?, \d+ warnings?, \d+ notices? in 1 card\n$/m);
    expect(run.stdout).not.toContain('\u001b[');
  });

  it.each(['text', 'json', 'sarif', 'markdown'])('--format %s writes to stdout and keeps the exit code', (format) => {
    const dir = ws({ 'm/README.md': failing });
    const run = runCli(['check', '--format', format], dir);
    expect(run.status).toBe(1);
    expect(run.stdout.length).toBeGreaterThan(50);
    if (format === 'json' || format === 'sarif') expect(() => JSON.parse(run.stdout)).not.toThrow();
    if (format === 'markdown') expect(run.stdout).toMatch(/^## ❌ Model release gate: failed/);
  });

  it('--fail-on decides the verdict', () => {
    const warningOnly = goodCard().replace('location: https://example.org/h', 'licence: mit');
    const dir = ws({ 'm/README.md': warningOnly });
    expect(runCli(['check'], dir).status).toBe(0);
    expect(runCli(['check', '--fail-on', 'warning'], dir).status).toBe(1);
    const failingDir = ws({ 'm/README.md': failing });
    expect(runCli(['check', '--fail-on', 'never'], failingDir).status).toBe(0);
  });

  it('--help and --version exit 0', () => {
    const dir = ws({});
    const help = runCli(['--help'], dir);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: model-release-gate check');
    const version = runCli(['--version'], dir);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('an empty folder passes with no cards', () => {
    const dir = ws({ 'docs/README.md': '# Just docs\n' });
    const run = runCli(['check', '--format', 'json'], dir);
    expect(run.status).toBe(0);
    expect(json(run.stdout).summary).toMatchObject({ cards: 0, errors: 0 });
  });
});

describe('usage errors exit 2 with one line on stderr', () => {
  const oneLine = (stderr: string): void => {
    expect(stderr.endsWith('\n')).toBe(true);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^model-release-gate: /);
  };

  it.each([
    [['check', '--frobnicate'], /--frobnicate/],
    [['check', '--format', 'xml'], /--format must be one of text, json, sarif, markdown/],
    [['check', '--fail-on', 'sometimes'], /--fail-on must be one of error, warning, never/],
    [['check', '--policy'], /--policy/],
    [['lint'], /unknown command "lint"/],
    [[], /missing command/],
    [['check', '--hub-url', 'ftp://x'], /--hub-url must be an http\(s\) URL/]
  ])('%j', (args, pattern) => {
    const dir = ws({ 'm/README.md': goodCard() });
    const run = runCli(args as string[], dir);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    oneLine(run.stderr);
    expect(run.stderr).toMatch(pattern as RegExp);
  });

  it('a missing path', () => {
    const dir = ws({ 'm/README.md': goodCard() });
    const run = runCli(['check', 'm', 'nowhere/README.md'], dir);
    expect(run.status).toBe(2);
    oneLine(run.stderr);
    expect(run.stderr).toContain('no such file or folder: nowhere/README.md');
  });

  it('an invalid policy names the file, line and key', () => {
    const dir = ws({ 'm/README.md': goodCard(), 'policy.yml': 'version: 1\nlicences:\n  osi_only: perhaps\n' });
    const run = runCli(['check', '--policy', 'policy.yml'], dir);
    expect(run.status).toBe(2);
    oneLine(run.stderr);
    expect(run.stderr).toMatch(/policy\.yml:3:\d+/);
    expect(run.stderr).toContain('osi_only');
  });

  it('an invalid default policy is an error too; a missing explicit one as well', () => {
    const dir = ws({ 'm/README.md': goodCard(), '.github/model-release-policy.yml': 'rules: [oops\n' });
    const run = runCli(['check'], dir);
    expect(run.status).toBe(2);
    oneLine(run.stderr);
    const missing = runCli(['check', '--policy', 'absent.yml'], ws({ 'm/README.md': goodCard() }));
    expect(missing.status).toBe(2);
    oneLine(missing.stderr);
    expect(missing.stderr).toContain('absent.yml');
  });

  it('a valid policy from the default path is applied', () => {
    const dir = ws({ 'm/README.md': goodCard('mit'), '.github/model-release-policy.yml': 'licences:\n  deny: [mit]\n' });
    const run = runCli(['check', '--format', 'json'], dir);
    expect(run.status).toBe(1);
    expect(json(run.stdout).cards[0].findings.map((f) => f.rule)).toContain('licence-denied');
  });
});

describe('--base', () => {
  it('compares each card with the file at the same relative path under DIR', () => {
    const dir = ws({
      'new/models/a/README.md': goodCard('apache-2.0', 'open'),
      'old/models/a/README.md': goodCard('mit', 'gated').replace(
        'access: gated',
        'access: gated\n  access_details: { approval: manual, conditions: Ask. }'
      ),
      'new/models/fresh/README.md': goodCard()
    });
    const run = runCli(['check', 'new', '--base', 'old', '--format', 'json'], dir);
    const report = json(run.stdout);
    const changed = report.cards.find((c) => c.path === 'new/models/a/README.md')!;
    expect(changed.findings.map((f) => `${f.rule}@${f.line}:${f.column}`)).toEqual(
      expect.arrayContaining(['licence-changed@2:10', 'access-widened@4:11'])
    );
    const fresh = report.cards.find((c) => c.path === 'new/models/fresh/README.md')!;
    expect(fresh.findings.filter((f) => f.rule === 'licence-changed' || f.rule === 'access-widened')).toEqual([]);
    expect(run.status).toBe(0);
  });

  it('a missing --base folder is a usage error', () => {
    const dir = ws({ 'm/README.md': goodCard() });
    const run = runCli(['check', 'm', '--base', 'gone'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--base');
  });
});

describe('cards as the contract defines them', () => {
  it('keeps file line numbers with CRLF line endings and a BOM', () => {
    const text = '\uFEFF---\r\nlicense: apache-2.0\r\nrelease:\r\n  access: open\r\n---\r\n';
    const dir = ws({ 'm/README.md': Buffer.from(text, 'utf8') });
    const report = json(runCli(['check', '--format', 'json'], dir).stdout);
    const findings = report.cards[0].findings;
    expect(findings.find((f) => f.rule === 'artefact-undeclared')).toMatchObject({ line: 1, column: 1 });
    expect(report.cards[0]).toMatchObject({ licence: 'apache-2.0', access: 'open' });
    expect(findings.some((f) => f.rule === 'card-parse')).toBe(false);
  });

  it('ignores a README.md without front matter, but a MODEL_CARD.md without it is a card-parse error', () => {
    const dir = ws({ 'a/README.md': '# Documentation\n', 'b/MODEL_CARD.md': '# No metadata\n' });
    const run = runCli(['check', '--format', 'json'], dir);
    const report = json(run.stdout);
    expect(report.cards.map((c) => c.path)).toEqual(['b/MODEL_CARD.md']);
    expect(report.cards[0].findings.map((f) => `${f.rule}@${f.line}:${f.column}`)).toEqual(['card-parse@1:1']);
    expect(run.status).toBe(1);
  });

  it('a file named explicitly is a card whatever its name', () => {
    const dir = ws({ 'notes/card.md': goodCard(), 'README.md': '# Docs\n' });
    const run = runCli(['check', 'notes/card.md', 'README.md', '--format', 'json'], dir);
    const report = json(run.stdout);
    expect(report.cards.map((c) => c.path).sort()).toEqual(['README.md', 'notes/card.md']);
    expect(report.cards.find((c) => c.path === 'README.md')!.findings[0].rule).toBe('card-parse');
  });

  it('writes paths relative to the working directory, also for paths outside it', () => {
    const dir = ws({ 'inside/README.md': goodCard(), 'outside/m/README.md': goodCard() });
    const run = runCli(['check', '.', '../outside', '--format', 'json'], path.join(dir, 'inside'));
    expect(
      json(run.stdout)
        .cards.map((c) => c.path)
        .sort()
    ).toEqual(['../outside/m/README.md', 'README.md']);
  });
});

describe('report shapes', () => {
  it('JSON: exactly the contract keys, in order', () => {
    const dir = ws({ 'm/README.md': failing });
    const report = json(runCli(['check', '--format', 'json'], dir).stdout) as unknown as Record<string, unknown>;
    expect(Object.keys(report).slice(0, 4)).toEqual(['version', 'result', 'summary', 'cards']);
    expect(report.version).toBe(1);
    expect(Object.keys(report.summary as object).slice(0, 4)).toEqual(['cards', 'errors', 'warnings', 'notices']);
    const card = (report.cards as Record<string, unknown>[])[0];
    expect(Object.keys(card).slice(0, 6)).toEqual(['path', 'licence', 'access', 'opennessClass', 'artefacts', 'findings']);
    const finding = (card.findings as Record<string, unknown>[])[0];
    expect(Object.keys(finding)).toEqual(['rule', 'severity', 'message', 'line', 'column']);
    expect(card).toMatchObject({ path: 'm/README.md', licence: 'apache-2.0', access: null, artefacts: {} });
  });

  it('SARIF: 2.1.0 with rule metadata and locations', () => {
    const dir = ws({ 'm/README.md': failing });
    const sarif = JSON.parse(runCli(['check', '--format', 'sarif'], dir).stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toContain('sarif');
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('model-release-gate');
    expect(run.tool.driver.rules).toHaveLength(19);
    expect(run.invocations[0].executionSuccessful).toBe(true);
    const result = run.results.find((r: { ruleId: string }) => r.ruleId === 'artefact-undeclared');
    expect(run.tool.driver.rules[result.ruleIndex].id).toBe('artefact-undeclared');
    expect(result.level).toBe('error');
    expect(result.locations[0].physicalLocation).toMatchObject({
      artifactLocation: { uri: 'm/README.md' },
      region: { startLine: 1, startColumn: 1 }
    });
  });

  it('markdown of 300 cards stays under the size limit and says what it left out', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++)
      files[`models/m${String(i).padStart(3, '0')}/README.md`] = i % 3 === 0 ? failing : goodCard('llama3.1', 'gated');
    const dir = ws(files);
    const run = runCli(['check', '--format', 'markdown'], dir);
    expect(run.status).toBe(1);
    expect(run.stdout.length).toBeLessThanOrEqual(65_000);
    expect(run.stdout).toContain('300 cards');
    expect(run.stdout).toContain('models/m000/README.md');
  });

  it('never prints HF_TOKEN and uses no network without --hub-lookup', () => {
    const dir = ws({ 'm/README.md': goodCard().replace('license: apache-2.0', 'license: apache-2.0\nbase_model: org/base') });
    const token = 'hf_canaryTOKEN0123456789';
    for (const format of ['text', 'json', 'sarif', 'markdown']) {
      const run = runCli(['check', '--format', format], dir, {
        HF_TOKEN: token,
        HTTPS_PROXY: 'http://127.0.0.1:9',
        HTTP_PROXY: 'http://127.0.0.1:9'
      });
      expect(run.stdout + run.stderr).not.toContain(token);
      expect([0, 1]).toContain(run.status);
    }
  });
});

describe('links are not followed', () => {
  it('a card that is a symbolic link is reported, not read', () => {
    const dir = ws({ 'real/README.md': goodCard() });
    mkdirSync(path.join(dir, 'm'));
    writeFileSync(path.join(dir, 'secret.md'), goodCard());
    symlinkSync(path.join(dir, 'secret.md'), path.join(dir, 'm', 'MODEL_CARD.md'));
    const report = json(runCli(['check', 'm', '--format', 'json'], dir).stdout);
    expect(report.cards[0].findings.map((f) => f.rule)).toEqual(['card-parse']);
  });
});
