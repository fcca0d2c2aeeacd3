/**
 * The action's metadata, the project's own workflows and every workflow example in the docs validate
 * against GitHub Actions' schemas, and the examples name only inputs that action.yml declares.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fromMarkdown } from 'mdast-util-from-markdown';
import picomatch from 'picomatch';
import { parse } from 'yaml';
import { DEFAULT_CARD_GLOBS } from '../../src/card/discover.js';
import { actionErrors, workflowErrors } from './validate.js';

const REPO = process.cwd();
const read = (file: string): string => readFileSync(path.join(REPO, file), 'utf8');

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  permissions?: Record<string, string>;
  on?: { pull_request?: { paths?: string[] } };
  jobs: Record<string, { steps?: Step[] }>;
}

const action = parse(read('action.yml')) as {
  name: string;
  description: string;
  branding: { icon: string; color: string };
  inputs: Record<string, unknown>;
  runs: { using: string; main: string };
};
const INPUTS = Object.keys(action.inputs);

/** The ```yaml blocks of a Markdown page, as CommonMark parses them. */
function yamlBlocks(file: string): string[] {
  const blocks: string[] = [];
  const visit = (node: { type: string; lang?: string | null; value?: string; children?: unknown[] }): void => {
    if (node.type === 'code' && node.lang === 'yaml' && node.value !== undefined) blocks.push(node.value);
    for (const child of (node.children ?? []) as (typeof node)[]) visit(child);
  };
  visit(fromMarkdown(read(file)));
  return blocks;
}

/** The workflows of a Markdown page that use this action, with `<owner>` made a real owner. */
function workflowExamples(file: string): string[] {
  return yamlBlocks(file)
    .filter((block) => block.includes('/model-release-gate@v1') && /^jobs:/m.test(block))
    .map((block) => block.replace(/<owner>|OWNER/g, 'example-org'));
}

/** Every step of a workflow that runs this action (`uses: ./` or `…/model-release-gate@…`). */
function actionSteps(workflow: Workflow): Step[] {
  return Object.values(workflow.jobs).flatMap((job) =>
    (job.steps ?? []).filter((s) => s.uses === './' || /\/model-release-gate@/.test(s.uses ?? ''))
  );
}

describe('action.yml', () => {
  it('validates against the action metadata schema', () => {
    expect(actionErrors(read('action.yml'))).toEqual([]);
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('the validator is not a rubber stamp: a broken action and a broken workflow are refused', () => {
    expect(actionErrors('name: x\ndescription: y\nruns:\n  using: node24\n  mian: dist/index.js\n').length).toBeGreaterThan(0);
    expect(workflowErrors('on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n').length).toBeGreaterThan(0);
    expect(
      workflowErrors('on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: a/b@v1\n        with: [1]\n')
        .length
    ).toBeGreaterThan(0);
  });

  it('has the Marketplace metadata: a name, a description of at most 125 characters, branding', () => {
    expect(action.name).toBe('Model Release Gate');
    expect(action.description.length).toBeGreaterThan(20);
    expect(action.description.length).toBeLessThanOrEqual(125);
    expect(action.branding).toEqual({ icon: 'shield', color: 'purple' });
  });
});

describe("the project's workflows", () => {
  const files = readdirSync(path.join(REPO, '.github/workflows')).filter((f) => /\.ya?ml$/.test(f));

  it('are ci, check-dist and self-test', () => {
    expect(files.sort()).toEqual(expect.arrayContaining(['check-dist.yml', 'ci.yml', 'self-test.yml']));
  });

  it.each(files)('%s validates against the workflow schema', (file) => {
    expect(workflowErrors(read(`.github/workflows/${file}`))).toEqual([]);
  });

  it('ci runs install, lint, type check and the tests on Node 24', () => {
    const text = read('.github/workflows/ci.yml');
    for (const command of ['npm ci', 'npm run lint', 'npm run build', 'npm test']) expect(text).toContain(command);
    expect(text).toMatch(/node-version: 24\b/);
  });

  it('self-test runs the action from ./ on examples/ in pull requests, with inputs action.yml declares', () => {
    const workflow = parse(read('.github/workflows/self-test.yml')) as Workflow;
    expect(workflow.on).toHaveProperty('pull_request');
    const steps = actionSteps(workflow);
    expect(steps.map((s) => s.uses)).toEqual(['./']);
    expect(String(steps[0].with?.cards)).toContain('examples/');
    for (const key of Object.keys(steps[0].with ?? {})) expect(INPUTS).toContain(key);
  });
});

describe.each(['README.md', 'docs/github-action.md'])('the workflow examples in %s', (file) => {
  const examples = workflowExamples(file);

  it('exist', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it('validate as a workflow file and name only inputs that exist in action.yml', () => {
    for (const example of examples) {
      expect(workflowErrors(example)).toEqual([]);
      const steps = actionSteps(parse(example) as Workflow);
      expect(steps.length).toBeGreaterThan(0);
      for (const step of steps) {
        expect(step.uses).toBe('example-org/model-release-gate@v1');
        for (const key of Object.keys(step.with ?? {})) expect(INPUTS).toContain(key);
      }
    }
  });
});

describe('the README', () => {
  const examples = workflowExamples('README.md');

  it('starts its usage with a complete pull-request workflow: least permissions, card paths, @v1', () => {
    const readme = read('README.md');
    const firstYaml = readme.indexOf('```yaml');
    expect(firstYaml).toBeGreaterThan(-1);
    expect(readme.indexOf('```sh')).toBeGreaterThan(firstYaml);
    expect(readme.slice(0, firstYaml)).toMatch(/Replace `<owner>`/);
    const first = parse(examples[0]) as Workflow;
    expect(first.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const paths = first.on?.pull_request?.paths ?? [];
    for (const glob of DEFAULT_CARD_GLOBS) expect(paths).toContain(glob);
  });

  it('has a monorepo example: a matrix with all-cards and comment-header', () => {
    const monorepo = examples
      .map((e) => parse(e) as Workflow & { jobs: Record<string, { strategy?: { matrix?: unknown } }> })
      .find((w) => Object.values(w.jobs).some((j) => j.strategy?.matrix));
    expect(monorepo).toBeDefined();
    const step = actionSteps(monorepo as Workflow)[0];
    expect(step.with).toMatchObject({ 'all-cards': true });
    expect(String(step.with?.['comment-header'])).toContain('matrix.');
  });

  it('keeps the newcomer commands', () => {
    const readme = read('README.md');
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toMatch(/^npm test$/m);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  interface Hook {
    id: string;
    entry: string;
    language: string;
    files: string;
    pass_filenames: boolean;
  }
  const hooks = parse(read('.pre-commit-hooks.yaml')) as Hook[];
  const main = hooks.find((h) => h.id === 'model-release-gate') as Hook;
  const isCard = picomatch(DEFAULT_CARD_GLOBS, { dot: true });
  const samples = [
    'README.md',
    'models/x/README.md',
    'a/b/MODEL_CARD.md',
    'MODELCARD.md',
    'm/model-card.yaml',
    'model-card.yml',
    'x/model-card.json',
    'readme.md',
    'models/x/README.md.bak',
    'docs/my-README.md',
    'model-card.yaml.orig',
    'x/model-card.txt',
    'src/index.ts',
    'xmodel-card.json'
  ];

  it("the README's pre-commit snippet names hooks this file defines", () => {
    const snippets = yamlBlocks('README.md').filter((block) => /^repos:/m.test(block));
    expect(snippets).toHaveLength(1);
    const config = parse(snippets[0]) as { repos: { repo: string; rev: string; hooks: { id: string }[] }[] };
    const ours = config.repos.find((r) => r.repo.endsWith('/model-release-gate')) as (typeof config.repos)[number];
    expect(ours.rev).toBe(`v${JSON.parse(read('package.json')).version}`);
    for (const hook of ours.hooks) expect(hooks.map((h) => h.id)).toContain(hook.id);
  });

  it('runs the installed bin on the changed cards with language node', () => {
    expect(main).toMatchObject({ entry: 'model-release-gate check', language: 'node', pass_filenames: true });
    expect(JSON.parse(read('package.json')).bin).toHaveProperty('model-release-gate');
  });

  it.each(hooks.map((h) => [h.id, h] as const))('%s: `files` matches exactly the card globs', (_id, hook) => {
    // Python's re.search, as pre-commit uses it, agrees with JavaScript's RegExp on this plain pattern.
    const files = new RegExp(hook.files);
    for (const sample of samples) expect([sample, files.test(sample)]).toEqual([sample, isCard(sample)]);
  });
});
