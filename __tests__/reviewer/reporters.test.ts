/** Where the detail shows: text with --verbose only, SARIF's markdown message, the comment's Why section. */
import { runCli, REPO } from '../cli/harness.js';

const CARD = 'examples/llama-relabelled/README.md';

test('text shows details only with --verbose', () => {
  const plain = runCli(['check', CARD], REPO);
  const verbose = runCli(['check', '--verbose', CARD], REPO);
  expect(plain.stdout).not.toContain('That licence says:');
  expect(verbose.stdout).toMatch(/\n {6}`license: apache-2\.0` drops the terms of the base model .*That licence says:/);
  // Every finding line stays as it was; the detail lines are added under it.
  const findingLines = (s: string) => s.split('\n').filter((l) => !l.startsWith('      '));
  expect(findingLines(verbose.stdout)).toEqual(findingLines(plain.stdout));
});

test('SARIF carries the detail as the markdown message, the text stays one sentence', () => {
  const sarif = JSON.parse(runCli(['check', '--format', 'sarif', CARD], REPO).stdout);
  const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'licence-inherited-conflict');
  expect(result.message.text.length).toBeLessThanOrEqual(160);
  expect(result.message.markdown).toContain('That licence says:');
});

test('the markdown comment keeps messages in its tables and adds one collapsed Why section per card', () => {
  const md = runCli(['check', '--format', 'markdown', 'examples'], REPO).stdout;
  const whys = md.match(/<summary>Why \(\d+\)<\/summary>/g) ?? [];
  const cards = md.match(/^### /gm) ?? [];
  expect(whys.length).toBeGreaterThan(0);
  expect(whys.length).toBeLessThanOrEqual(cards.length);
  expect(md).toContain('That licence says:');
});

test('JSON findings carry detail and fix', () => {
  const report = JSON.parse(runCli(['check', '--format', 'json', CARD], REPO).stdout);
  const f = report.cards[0].findings.find((x: { rule: string }) => x.rule === 'licence-inherited-conflict');
  expect(f.detail).toContain('Llama 3.1 Community License');
  expect(f.fix).toEqual({ line: 2, endLine: 2, text: 'license: llama3.1\n' });
});
