/** The bundled examples teach what they say they teach: each one's findings, via the bundled CLI. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO, runCli, type JsonCard, type JsonReport } from './harness.js';

const run = runCli(['check', 'examples', '--format', 'json'], REPO);
const report = JSON.parse(run.stdout) as JsonReport;
const card = (p: string): JsonCard => {
  const found = report.cards.find((c) => c.path === p);
  if (!found) throw new Error(`no report for ${p}`);
  return found;
};
const at = (c: JsonCard, severity: string): string[] => c.findings.filter((f) => f.severity === severity).map((f) => `${f.rule}@${f.line}`);
const ids = (c: JsonCard, severity: string): string[] =>
  [...new Set(c.findings.filter((f) => f.severity === severity).map((f) => f.rule))].sort();

describe('examples/', () => {
  it('the demo fails the gate (exit 1) and checks one card per example folder', () => {
    expect(run.status).toBe(1);
    expect(report.cards.map((c) => c.path).sort()).toEqual([
      'examples/gated-incomplete/README.md',
      'examples/llama-relabelled/README.md',
      'examples/lora-rail-mit/README.md',
      'examples/no-licence-no-access/README.md',
      'examples/passing/README.md',
      'examples/yaml-card/model-card.yaml'
    ]);
  });

  it('passing: a complete, consistent release passes with no error or warning', () => {
    const c = card('examples/passing/README.md');
    expect([...at(c, 'error'), ...at(c, 'warning')]).toEqual([]);
    expect(c).toMatchObject({ licence: 'apache-2.0', access: 'open', opennessClass: 'III' });
    expect(runCli(['check', 'examples/passing'], REPO).status).toBe(0);
  });

  it('llama-relabelled: a Llama 3.1 fine-tune relabelled apache-2.0', () => {
    const c = card('examples/llama-relabelled/README.md');
    expect(at(c, 'error')).toEqual(['licence-inherited-conflict@2']);
    expect(ids(c, 'warning')).toEqual(['licence-custom-terms', 'licence-non-commercial']);
  });

  it('no-licence-no-access: no licence and no access tier, reported at line 1', () => {
    const c = card('examples/no-licence-no-access/README.md');
    expect(at(c, 'error').sort()).toEqual(['access-undeclared@1', 'licence-missing@1']);
    expect(at(c, 'warning')).toEqual([]);
  });

  it('gated-incomplete: gated without access_details, training data not stated', () => {
    const c = card('examples/gated-incomplete/README.md');
    expect(at(c, 'error').sort()).toEqual(['access-inconsistent@10', 'artefact-undeclared@1']);
    expect(c.artefacts.training_data).toBeUndefined();
  });

  it('lora-rail-mit: a LoRA of a RAIL model under MIT', () => {
    const c = card('examples/lora-rail-mit/README.md');
    expect(at(c, 'error')).toEqual(['licence-inherited-conflict@2']);
    expect(ids(c, 'notice')).toContain('licence-use-restrictions');
  });

  it('yaml-card: a standalone model-card.yaml with a misspelt licence and an incomplete artefact', () => {
    const c = card('examples/yaml-card/model-card.yaml');
    expect(at(c, 'error')).toEqual(['licence-unknown@4']);
    expect(at(c, 'warning')).toEqual(['artefact-incomplete@11']);
  });

  it('each example explains itself in its body, and the folder README is not a card', () => {
    for (const folder of readdirSync(path.join(REPO, 'examples'), { withFileTypes: true }).filter((d) => d.isDirectory())) {
      const files = readdirSync(path.join(REPO, 'examples', folder.name));
      expect(files.length).toBe(1);
      const text = readFileSync(path.join(REPO, 'examples', folder.name, files[0]), 'utf8');
      const explanation = files[0].endsWith('.md')
        ? text.split(/^---$/m)[2]
        : text
            .split('\n')
            .filter((l) => l.startsWith('#'))
            .join('\n');
      expect(explanation.trim().length).toBeGreaterThan(100);
    }
    expect(report.cards.some((c) => c.path === 'examples/README.md')).toBe(false);
  });

  it('the example policy is valid', () => {
    const withPolicy = runCli(['check', 'examples', '--policy', 'examples/model-release-policy.yml'], REPO);
    expect(withPolicy.stderr).toBe('');
    expect(withPolicy.status).toBe(1);
  });
});
