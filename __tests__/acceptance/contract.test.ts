/**
 * Contract 1.1–1.5 from the outside: positions in CRLF/BOM files, front-matter edge cases, schema
 * findings, licence ids, discovery, --base, exit codes, and the JSON, SARIF and markdown outputs.
 * Files with CRLF and BOM are written at run time so that no checkout can normalise them.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { byRule, card, checkJson, cli, goodCard, remove, type Report, where, workspace } from './helpers.js';
import { textOf } from '../helpers/rule-harness.js';
import { CONTRACT_IDS } from '../helpers/contract.js';

const BOM = '\uFEFF';
const dirs: string[] = [];
function ws(files: Record<string, string | Buffer>): string {
  const d = workspace(files);
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach(remove));

describe('front matter positions (1.1)', () => {
  let report: Report;
  beforeAll(() => {
    const dir = ws({
      'crlf.md': '---\r\nlicense: apache2\r\ntags:\r\n  - a\r\n---\r\n# x\r\n',
      'bom.md': `${BOM}---\nlicense: apache2\n---\n`,
      'bomcrlf.md': `${BOM}---\r\nlanguage: en\r\nlicense: apache2\r\n---\r\n`,
      'blank.md': '\n\n---\nlicense: apache2\n---\n',
      'bomblankcrlf.md': `${BOM}\r\n\r\n---\r\nlicense: apache2\r\n---\r\n`,
      'dup.md': '---\nlicense: mit\nlicense: apache-2.0\n---\n',
      'dupcrlf.md': '---\r\nlicense: mit\r\nlicense: mit\r\n---\r\n',
      'nestdup.md': '---\nlicense: mit\nrelease:\n  artefacts:\n    weights: {status: released}\n    weights: {status: withheld}\n---\n',
      'unterminated.md': '---\nlicense: mit\n\n# Title\nbody\n',
      'untermcrlf.md': '---\r\nlicense: mit\r\n',
      'nofm.md': '# Just text\n',
      'listfm.md': '---\n- a\n- b\n---\n',
      'bomschema.md': `${BOM}---\r\nlicense: mit\r\nbase_model_relation: finetuned\r\n---\r\n`,
      'y/model-card.yaml': `${BOM}license: apache2\n`,
      'j/model-card.json': `${BOM}{\r\n  "language": "en",\r\n  "license": "apache2"\r\n}\r\n`,
      'jd/model-card.json': '{"license": "mit", "license": "apache2"}\n'
    });
    report = checkJson(
      ['.'].concat([
        'crlf.md',
        'bom.md',
        'bomcrlf.md',
        'blank.md',
        'bomblankcrlf.md',
        'dup.md',
        'dupcrlf.md',
        'nestdup.md',
        'unterminated.md',
        'untermcrlf.md',
        'nofm.md',
        'listfm.md',
        'bomschema.md'
      ]),
      dir
    ).report;
  });

  test.each([
    ['crlf.md', 2],
    ['bom.md', 2],
    ['bomcrlf.md', 3],
    ['blank.md', 4],
    ['bomblankcrlf.md', 4],
    ['y/model-card.yaml', 1]
  ])('%s: licence-unknown at line %i of the file, column of the value', (p, line) => {
    expect(where(card(report, p), 'licence-unknown')).toEqual([`licence-unknown@${line}:10`]);
  });

  test('a JSON card with BOM and CRLF: the licence value position', () => {
    expect(where(card(report, 'j/model-card.json'), 'licence-unknown')).toEqual(['licence-unknown@3:14']);
  });

  test.each([
    ['dup.md', 3, 1],
    ['dupcrlf.md', 3, 1],
    ['nestdup.md', 6, 5],
    ['jd/model-card.json', 1, 20]
  ])('%s: duplicate key is card-parse at %i:%i', (p, line, column) => {
    expect(where(card(report, p), 'card-parse')).toEqual([`card-parse@${line}:${column}`]);
    expect(byRule(card(report, p), 'card-parse')[0]!.severity).toBe('error');
  });

  test.each(['unterminated.md', 'untermcrlf.md', 'nofm.md'])('%s named explicitly: card-parse at 1:1', (p) => {
    expect(where(card(report, p), 'card-parse')).toEqual(['card-parse@1:1']);
  });

  test('front matter that is a list is card-parse', () => {
    expect(byRule(card(report, 'listfm.md'), 'card-parse')).toHaveLength(1);
  });

  test('card-schema at the offending value in a BOM + CRLF file', () => {
    expect(where(card(report, 'bomschema.md'), 'card-schema')).toEqual(['card-schema@3:22']);
  });
});

describe('discovery (1.1)', () => {
  test('README without front matter is ignored; MODEL_CARD.md / MODELCARD.md without one are card-parse; yaml/yml/json cards found; links not followed', () => {
    const dir = ws({
      'a/README.md': '# readme, no front matter\n',
      'b/MODEL_CARD.md': '# no front matter\n',
      'c/MODELCARD.md': '# no front matter\n',
      'e/README.md': goodCard(),
      'f/sub/model-card.yaml': 'license: apache2\n',
      'g/model-card.yml': 'license: apache2\n',
      'g/model-card.json': '{"license": "apache2"}\n',
      'notes.md': '---\nlicense: apache2\n---\n'
    });
    symlinkSync(path.join(dir, 'e', 'README.md'), path.join(dir, 'h-README.md'));
    symlinkSync('../e/README.md', path.join(dir, 'f', 'README.md'));
    const { report, status } = checkJson(['.'], dir);
    expect(report.cards.map((k) => k.path).sort()).toEqual(
      [
        'b/MODEL_CARD.md',
        'c/MODELCARD.md',
        'e/README.md',
        'f/README.md',
        'f/sub/model-card.yaml',
        'g/model-card.json',
        'g/model-card.yml'
      ].sort()
    );
    expect(where(card(report, 'b/MODEL_CARD.md'), 'card-parse')).toEqual(['card-parse@1:1']);
    expect(where(card(report, 'c/MODELCARD.md'), 'card-parse')).toEqual(['card-parse@1:1']);
    expect(where(card(report, 'f/README.md'), 'card-parse')).toEqual(['card-parse@1:1']);
    expect(card(report, 'e/README.md').findings.filter((f) => f.severity !== 'notice')).toEqual([]);
    expect(where(card(report, 'g/model-card.json'), 'licence-unknown')).toEqual(['licence-unknown@1:13']);
    expect(status).toBe(1);

    // Named explicitly, a README without front matter is a card.
    const named = checkJson(['a/README.md'], dir).report;
    expect(where(card(named, 'a/README.md'), 'card-parse')).toEqual(['card-parse@1:1']);
  });
});

describe('schema findings (card-schema at the offending line)', () => {
  test('wrong types and enums', () => {
    const dir = ws({
      'types.md':
        '---\nlicense: mit\nbase_model: 5\nlanguage: 12\ntags: foo\ndatasets: {a: 1}\nbase_model_relation: finetuned\npipeline_tag: text-gen\nlibrary_name: 3\n---\n',
      'enums.md':
        '---\nlicense: mit\nrelease:\n  access: public\n  artefacts:\n    weights: {status: published, licence: mit, location: x}\n    training_code: {status: released}\n    inference_code: {status: withheld}\n    training_data: {status: not-applicable, reason: x}\n    hyperparameters: {status: released, location: y}\n    checkpoints: {status: released}\n  risk: {dual_use: extreme}\n---\n'
    });
    const { report } = checkJson(['types.md', 'enums.md'], dir);
    expect(where(card(report, 'types.md'), 'card-schema')).toEqual([
      'card-schema@3:13',
      'card-schema@4:11',
      'card-schema@5:7',
      'card-schema@6:11',
      'card-schema@7:22',
      'card-schema@8:15',
      'card-schema@9:15'
    ]);
    const enums = card(report, 'enums.md');
    expect(where(enums, 'card-schema').sort()).toEqual(
      ['card-schema@11:5', 'card-schema@12:20', 'card-schema@4:11', 'card-schema@6:23'].sort()
    );
    for (const f of byRule(enums, 'card-schema')) expect(textOf(f)).not.toMatch(/must be equal to one of the allowed values|instancePath/);
    expect(where(enums, 'artefact-incomplete')).toEqual(expect.arrayContaining(['artefact-incomplete@7:5', 'artefact-incomplete@8:5']));
  });
});

describe('licence ids', () => {
  const ids: Record<string, string> = {
    spaced: '"Apache 2.0"',
    apache2: 'apache2',
    dashed: 'llama-3.1',
    cyrillic: '\u0430pache-2.0',
    ccby4: 'cc-by-4',
    gpl3: 'gpl3',
    cc: 'cc',
    unknown: 'unknown',
    other: 'other',
    noassertion: 'NOASSERTION',
    badwith: 'Apache-2.0 WITH Foo-exception',
    dangling: 'MIT OR'
  };
  const fine: Record<string, string> = {
    or: 'MIT OR Apache-2.0',
    with: 'Apache-2.0 WITH LLVM-exception',
    plus: 'GPL-2.0+',
    spdx: 'Apache-2.0',
    hub: 'apache-2.0',
    quoted: "'apache-2.0'",
    ref: 'LicenseRef-my-licence',
    openmdw: 'openmdw-1.1',
    eupl: 'eupl-1.2',
    list: '[mit, apache-2.0]'
  };
  let report: Report;
  beforeAll(() => {
    const files: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...ids, ...fine })) files[`${k}.md`] = `---\nlicense: ${v}\n---\n`;
    files['other-name.md'] = '---\nlicense: other\nlicense_name: my-licence\n---\n';
    files['other-link.md'] = '---\nlicense: other\nlicense_link: LICENSE\n---\n';
    files['other-both.md'] = '---\nlicense: other\nlicense_name: my-licence\nlicense_link: LICENSE\n---\n';
    files['list-bad.md'] = '---\nlicense: [mit, apahce]\n---\n';
    const dir = ws(files);
    report = checkJson(Object.keys(files), dir).report;
  });

  test.each(Object.keys(ids))('%s is licence-unknown at 2:10', (k) => {
    expect(where(card(report, `${k}.md`), 'licence-unknown')).toEqual(['licence-unknown@2:10']);
  });

  test('the messages suggest the id that was meant', () => {
    expect(textOf(byRule(card(report, 'apache2.md'), 'licence-unknown')[0]!)).toContain('`apache-2.0`');
    expect(textOf(byRule(card(report, 'dashed.md'), 'licence-unknown')[0]!)).toContain('`llama3.1`');
    expect(textOf(byRule(card(report, 'ccby4.md'), 'licence-unknown')[0]!)).toContain('`cc-by-4.0`');
    expect(textOf(byRule(card(report, 'gpl3.md'), 'licence-unknown')[0]!)).toContain('`gpl-3.0`');
    expect(textOf(byRule(card(report, 'cyrillic.md'), 'licence-unknown')[0]!)).toMatch(/U\+0430/);
  });

  test.each(Object.keys(fine))('%s is accepted', (k) => {
    expect(byRule(card(report, `${k}.md`), 'licence-unknown')).toEqual([]);
    expect(byRule(card(report, `${k}.md`), 'licence-missing')).toEqual([]);
  });

  test('other needs both license_name and license_link', () => {
    expect(textOf(byRule(card(report, 'other-name.md'), 'licence-unknown')[0]!)).toMatch(/license_link/);
    expect(textOf(byRule(card(report, 'other-link.md'), 'licence-unknown')[0]!)).toMatch(/license_name/);
    expect(byRule(card(report, 'other-both.md'), 'licence-unknown')).toEqual([]);
  });

  test('a bad id inside a licence list is reported at the item', () => {
    expect(where(card(report, 'list-bad.md'), 'licence-unknown')).toEqual(['licence-unknown@2:16']);
  });
});

describe('--base (1.4)', () => {
  const old = [
    '---',
    'license: cc-by-nc-4.0',
    'release:',
    '  access: gated',
    '  access_details: { approval: manual, conditions: Research only. }',
    '  artefacts:',
    '    weights: { status: released, licence: CC-BY-NC-4.0, location: https://example.org/w }',
    '    training_code: { status: released, licence: Apache-2.0, location: https://example.org/t }',
    '    inference_code: { status: released, licence: Apache-2.0, location: https://example.org/i }',
    '    training_data: { status: withheld, reason: Licensed third-party text. }',
    '    hyperparameters: { status: released, location: configs/train.yaml }',
    '---',
    ''
  ].join('\n');
  const now = old
    .replace('cc-by-nc-4.0', 'apache-2.0')
    .replace('CC-BY-NC-4.0', 'Apache-2.0')
    .replace('access: gated', 'access: open')
    .replace(/ {2}access_details.*\n/, '');

  test('gated CC-BY-NC → open Apache-2.0 raises licence-changed and access-widened; a new card raises neither', () => {
    const dir = ws({ 'old/m/README.md': old, 'new/m/README.md': now, 'new/fresh/README.md': now });
    const { report, status } = checkJson(['new', '--base', 'old'], dir);
    const m = card(report, 'new/m/README.md');
    expect(where(m, 'licence-changed')).toEqual(['licence-changed@2:10']);
    expect(where(m, 'access-widened')).toEqual(['access-widened@4:11']);
    expect(m.findings.filter((f) => ['licence-changed', 'access-widened'].includes(f.rule)).every((f) => f.severity === 'warning')).toBe(
      true
    );
    const fresh = card(report, 'new/fresh/README.md');
    expect(byRule(fresh, 'licence-changed')).toEqual([]);
    expect(byRule(fresh, 'access-widened')).toEqual([]);
    expect(status).toBe(0);
    expect(cli(['check', 'new', '--base', 'old', '--fail-on', 'warning'], dir).status).toBe(1);
    // Without --base nothing is compared.
    expect(byRule(card(checkJson(['new'], dir).report, 'new/m/README.md'), 'licence-changed')).toEqual([]);
  });
});

describe('exit codes and --fail-on (1.4)', () => {
  const dir = ws({
    'good/README.md': goodCard(),
    'warn/README.md': goodCard('cc-by-nc-4.0'),
    'bad/README.md': '---\nlicense: apache2\n---\n',
    'bad.yml': 'licences: [oops\n',
    'unknown-rule.yml': 'rules:\n  no-such-rule: off\n'
  });
  test.each([
    [['good'], 0],
    [['good', '--fail-on', 'warning'], 0],
    [['warn'], 0],
    [['warn', '--fail-on', 'warning'], 1],
    [['bad'], 1],
    [['bad', '--fail-on', 'never'], 0],
    [['bad', '--fail-on', 'warning'], 1],
    [['good', '--fail-on', 'bogus'], 2],
    [['good', '--format', 'xml'], 2],
    [['no/such/path'], 2],
    [['good', '--bogus'], 2],
    [['good', '--policy', 'missing.yml'], 2],
    [['good', '--policy', 'bad.yml'], 2],
    [['good', '--policy', 'unknown-rule.yml'], 2],
    [['good', '--base', 'nowhere'], 2]
  ])('check %j exits %i', (args, code) => {
    const r = cli(['check', ...args], dir);
    expect(r.status).toBe(code);
    if (code === 2) {
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim().length).toBeGreaterThan(10);
    }
  });

  test('no command is a usage error', () => {
    expect(cli([], dir).status).toBe(2);
  });
});

describe('report formats', () => {
  const dir = ws({
    'models/x/README.md': '---\nlicense: apache-2.0\nbase_model: meta-llama/Llama-3.1-8B\n---\n',
    'models/ok/README.md': goodCard(),
    'y/model-card.yaml': 'license: cc\n'
  });

  test('JSON report shape (1.5)', () => {
    const { report, status } = checkJson(['models', 'y'], dir);
    expect(status).toBe(1);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['version', 'result', 'summary', 'cards']));
    expect(report.version).toBe(1);
    expect(report.result).toBe('fail');
    const all = report.cards.flatMap((k) => k.findings);
    expect(report.summary).toMatchObject({
      cards: 3,
      errors: all.filter((f) => f.severity === 'error').length,
      warnings: all.filter((f) => f.severity === 'warning').length,
      notices: all.filter((f) => f.severity === 'notice').length
    });
    expect(report.cards.map((k) => k.path).sort()).toEqual(['models/ok/README.md', 'models/x/README.md', 'y/model-card.yaml']);
    for (const k of report.cards) {
      expect(Object.keys(k)).toEqual(expect.arrayContaining(['path', 'licence', 'access', 'opennessClass', 'artefacts', 'findings']));
      for (const f of k.findings) {
        expect(Object.keys(f)).toEqual(expect.arrayContaining(['rule', 'severity', 'message', 'line', 'column']));
        expect(['error', 'warning', 'notice']).toContain(f.severity);
        expect(f.line).toBeGreaterThanOrEqual(1);
        expect(f.column).toBeGreaterThanOrEqual(1);
      }
    }
    const ok = card(report, 'models/ok/README.md');
    expect(ok).toMatchObject({ licence: 'apache-2.0', access: 'open' });
    expect(ok.artefacts).toMatchObject({ weights: 'released', training_data: 'released' });
    expect(['I', 'II', 'III', 'none']).toContain(ok.opennessClass);
    expect(where(card(report, 'models/x/README.md'), 'licence-inherited-conflict')).toEqual(['licence-inherited-conflict@2:1']);
    expect(where(card(report, 'y/model-card.yaml'), 'licence-unknown')).toEqual(['licence-unknown@1:10']);
    // An absolute path argument is still reported relative to the working directory.
    const abs = checkJson([path.join(dir, 'models', 'ok', 'README.md')], dir).report;
    expect(abs.cards.map((k) => k.path)).toEqual(['models/ok/README.md']);
    expect(abs.result).toBe('pass');
  });

  test('SARIF 2.1.0 basics', () => {
    const r = cli(['check', '--format', 'sarif', 'models', 'y'], dir);
    expect(r.status).toBe(1);
    const sarif = JSON.parse(r.stdout) as {
      version: string;
      $schema: string;
      runs: {
        tool: { driver: { name: string; rules: { id: string; helpUri?: string; defaultConfiguration?: { level: string } }[] } };
        results: {
          ruleId: string;
          ruleIndex?: number;
          level: string;
          message: { text: string };
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn?: number } } }[];
        }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif/i);
    expect(sarif.runs).toHaveLength(1);
    const run = sarif.runs[0]!;
    expect(run.tool.driver.name).toBe('model-release-gate');
    const ids = run.tool.driver.rules.map((x) => x.id);
    for (const id of CONTRACT_IDS) expect(ids).toContain(id);
    for (const rule of run.tool.driver.rules) expect(rule.helpUri).toMatch(/^https:\/\/.*docs\/rules\/.+\.md$/);
    const json = checkJson(['models', 'y'], dir).report;
    expect(run.results).toHaveLength(json.cards.flatMap((k) => k.findings).length);
    for (const res of run.results) {
      expect(ids).toContain(res.ruleId);
      if (res.ruleIndex !== undefined) expect(ids[res.ruleIndex]).toBe(res.ruleId);
      expect(['error', 'warning', 'note']).toContain(res.level);
      expect(res.message.text.length).toBeGreaterThan(0);
      const loc = res.locations[0]!.physicalLocation;
      expect(loc.artifactLocation.uri).not.toMatch(/\\|^\//);
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
    }
    const conflict = run.results.find((x) => x.ruleId === 'licence-inherited-conflict')!;
    expect(conflict.level).toBe('error');
    expect(conflict.locations[0]!.physicalLocation.artifactLocation.uri).toBe('models/x/README.md');
    expect(conflict.locations[0]!.physicalLocation.region.startLine).toBe(2);
  });

  test('markdown is the PR comment, same verdict', () => {
    const r = cli(['check', '--format', 'markdown', 'models', 'y'], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^#+ /);
    expect(r.stdout).toContain('licence-inherited-conflict');
    expect(r.stdout).toContain('models/x/README.md');
    expect(r.stdout).not.toMatch(/<script|<img/i);
    const pass = cli(['check', '--format', 'markdown', 'models/ok'], dir);
    expect(pass.status).toBe(0);
  });

  test('text is the default format', () => {
    const r = cli(['check', 'models/x'], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('models/x/README.md:2:1');
    expect(r.stdout).toContain('licence-inherited-conflict');
  });
});
