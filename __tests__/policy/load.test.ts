import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { loadPolicy, parsePolicy, PolicyError } from '../../src/policy/load.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { DEFAULT_REQUIRED_ARTEFACTS } from '../../src/types.js';
import { RULE_IDS } from '../../src/rules/index.js';

const FILE = '.github/model-release-policy.yml';
const EXAMPLE = new URL('../../examples/model-release-policy.yml', import.meta.url);

/** The PolicyError thrown for some text. */
function errorOf(text: string): PolicyError {
  try {
    parsePolicy(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    return error as PolicyError;
  }
  throw new Error('expected a PolicyError');
}

describe('parsePolicy', () => {
  it('reads the shipped example, every key', () => {
    const policy = parsePolicy(readFileSync(EXAMPLE, 'utf8'), 'examples/model-release-policy.yml');
    expect(policy.source).toBe('examples/model-release-policy.yml');
    expect(policy.licences).toEqual({
      allow: ['permissive', 'osi', 'cc-by-4.0', 'cdla-permissive-2.0', 'openmdw-1.0', 'bigscience-openrail-m'],
      deny: ['non-commercial', 'research-only', 'agpl-3.0'],
      osiOnly: false,
      commercialUseRequired: true
    });
    expect(policy.artefacts.required).toEqual([...DEFAULT_REQUIRED_ARTEFACTS, 'evaluation_code', 'technical_report']);
    expect(policy.access.allowed).toHaveLength(6);
    expect(policy.access.byRisk.high).toEqual(['closed', 'research-only', 'api-only']);
    expect(policy.rules).toEqual({ 'licence-custom-terms': 'error', 'licence-text-mismatch': 'notice', 'openness-class': 'off' });
    expect(policy.waivers).toEqual([
      {
        rule: 'licence-non-commercial',
        path: 'models/research-demo/README.md',
        reason: 'Legal approved the non-commercial demo release (LEGAL-1234).',
        expires: '2027-06-30',
        line: 43
      },
      { rule: 'artefact-undeclared', path: 'models/legacy/**', reason: 'Cards of retired models are not updated any more.', line: 47 }
    ]);
  });

  it('gives the defaults for an empty file, comments only, or empty sections', () => {
    const expected = { ...defaultPolicy(), source: FILE };
    expect(parsePolicy('', FILE)).toEqual(expected);
    expect(parsePolicy('# nothing yet\n', FILE)).toEqual(expected);
    expect(parsePolicy('licences:\naccess:\nwaivers:\n', FILE)).toEqual(expected);
  });

  it('replaces the default artefacts with `required`, and adds `also_required` to them', () => {
    expect(parsePolicy('artefacts:\n  required: [weights]\n  also_required: [prompts, weights]\n', FILE).artefacts.required).toEqual([
      'weights',
      'prompts'
    ]);
    expect(parsePolicy('artefacts:\n  required: []\n', FILE).artefacts.required).toEqual([]);
  });

  it('follows YAML anchors so a tier list can be reused', () => {
    const policy = parsePolicy('access:\n  by_risk:\n    medium: &safe [closed, api-only]\n    high: *safe\n', FILE);
    expect(policy.access.byRisk).toEqual({ medium: ['closed', 'api-only'], high: ['closed', 'api-only'] });
  });

  it('names file, line, column, key, bad value and expected form', () => {
    const error = errorOf('access:\n  allowed: [open, public]\n');
    expect(error.problems).toEqual([
      { line: 2, column: 19, key: 'access.allowed[1]', message: expect.stringContaining('`"public"` is not an access tier') }
    ]);
    expect(error.message).toBe(
      'Invalid policy file .github/model-release-policy.yml:2:19: `access.allowed[1]`: `"public"` is not an access tier; expected one of closed, research-only, api-only, gated, staged, open.'
    );
  });

  it('rejects unknown rule ids, in rules and in waivers, with a suggestion', () => {
    const error = errorOf('rules:\n  licence-deny: off\nwaivers:\n  - { rule: acess-policy, path: a.md, reason: r }\n');
    expect(error.problems.map((p) => [p.line, p.column, p.key])).toEqual([
      [2, 3, 'rules.licence-deny'],
      [4, 13, 'waivers[0].rule']
    ]);
    expect(error.problems[0].message).toContain('did you mean `licence-denied`?');
    expect(error.problems[1].message).toContain('did you mean `access-policy`?');
  });

  it('rejects unknown licences, keys, severities, artefacts, risk levels and bad types', () => {
    const error = errorOf(
      [
        'licenses:',
        '  allow: [mit]',
        'licences:',
        '  allow: [apache-2.0, not-a-licence]',
        '  deny: mit',
        '  osi_only: yes',
        'artefacts:',
        '  required: [weights, model_card]',
        'access:',
        '  by_risk:',
        '    extreme: [closed]',
        'rules:',
        '  card-schema: fatal',
        'colour: blue'
      ].join('\n')
    );
    expect(error.problems.map((p) => [p.line, p.key])).toEqual([
      [1, 'licenses'],
      [4, 'licences.allow[1]'],
      [5, 'licences.deny'],
      [6, 'licences.osi_only'],
      [8, 'artefacts.required[1]'],
      [11, 'access.by_risk.extreme'],
      [13, 'rules.card-schema'],
      [14, 'colour']
    ]);
    const text = error.problems.map((p) => p.message);
    expect(text[0]).toContain('did you mean `licences`?');
    expect(text[1]).toContain('`not-a-licence` is not a known licence');
    expect(text[2]).toContain('`"mit"` is not a list');
    expect(text[3]).toContain('`"yes"` is not a boolean; expected true or false');
    expect(text[4]).toContain('`"model_card"` is not an artefact key; expected one of weights,');
    expect(text[5]).toContain('expected one of low, medium, high');
    expect(text[6]).toContain('`"fatal"` is not a severity; expected one of error, warning, notice, off');
    expect(error.message.split('\n')[0]).toBe('Invalid policy file .github/model-release-policy.yml (8 problems):');
  });

  it('checks waivers: required fields, real dates, shapes', () => {
    const error = errorOf(
      [
        'waivers:',
        '  - rule: licence-denied',
        '    path: models/**',
        '  - { rule: licence-denied, path: m.md, reason: ok, expires: 2027-02-30 }',
        '  - just a string',
        '  - { rule: licence-denied, path: "", reason: ok, until: 2027-01-01 }'
      ].join('\n')
    );
    expect(error.problems.map((p) => [p.line, p.key])).toEqual([
      [2, 'waivers[0].reason'],
      [4, 'waivers[1].expires'],
      [5, 'waivers[2]'],
      [6, 'waivers[3].path'],
      [6, 'waivers[3].until']
    ]);
    expect(error.problems[1].message).toContain('expected a calendar date written YYYY-MM-DD');
    expect(errorOf('waivers: {rule: x}\n').problems[0].message).toContain('is not a list');
  });

  it('reports YAML syntax errors and duplicate keys with their position', () => {
    expect(errorOf('access:\n  allowed: [open\n').problems[0]).toMatchObject({
      key: '(file)',
      message: expect.stringContaining('the YAML does not parse')
    });
    const dup = errorOf('rules:\n  card-schema: off\n  card-schema: error\n');
    expect(dup.problems).toEqual([
      { line: 3, column: 3, key: 'card-schema', message: 'this key appears twice in the same mapping; keep one of them.' }
    ]);
    expect(errorOf('- a\n- b\n').problems[0].message).toContain('must be a mapping of sections');
  });

  it('rejects contradictions: an empty allow list, an empty allowed-tier list, a licence both allowed and denied', () => {
    expect(errorOf('licences:\n  allow: []\n').problems[0].message).toContain('would forbid every licence');
    expect(errorOf('access:\n  allowed: []\n').problems[0].message).toContain('would forbid every release');
    expect(errorOf('licences:\n  allow: [mit]\n  deny: [MIT]\n').problems[0].message).toContain('both allowed and denied');
  });

  it('reads a YAML 1.1 timestamp as the date it writes', () => {
    const policy = parsePolicy('%YAML 1.1\n---\nwaivers:\n  - { rule: card-schema, path: a.md, reason: r, expires: 2027-01-01 }\n', FILE);
    expect(policy.waivers[0].expires).toBe('2027-01-01');
  });

  it('expands `<<` merge keys: a waiver or tier map built from an anchor, own keys winning', () => {
    const policy = parsePolicy(
      [
        'waivers:',
        '  - &w { rule: access-policy, path: models/a/README.md, reason: Board approved., expires: 2027-01-31 }',
        '  - { <<: *w, path: "models/b/**" }',
        'rules:',
        '  <<: { access-widened: off, licence-changed: notice }',
        '  licence-changed: error',
        ''
      ].join('\n'),
      FILE
    );
    expect(policy.waivers).toEqual([
      { rule: 'access-policy', path: 'models/a/README.md', reason: 'Board approved.', expires: '2027-01-31', line: 2 },
      { rule: 'access-policy', path: 'models/b/**', reason: 'Board approved.', expires: '2027-01-31', line: 3 }
    ]);
    expect(policy.rules).toEqual({ 'licence-changed': 'error', 'access-widened': 'off' });
    expect(errorOf('rules:\n  <<: [off]\n').problems[0].message).toContain('merge key `<<` must point at a mapping');
    expect(errorOf('rules:\n  <<: { nope: off }\n').problems[0].message).toContain('`nope` is not a rule id');
  });

  it('reads by_risk levels in any order, every rule turned off, zero required artefacts', () => {
    const policy = parsePolicy(
      `access:\n  by_risk:\n    high: [closed, api-only]\n    low: [open]\n    medium: [gated, staged]\nartefacts:\n  required: []\nrules:\n${RULE_IDS.map((id) => `  ${id}: off`).join('\n')}\n`,
      FILE
    );
    expect(policy.access.byRisk).toEqual({ high: ['closed', 'api-only'], low: ['open'], medium: ['gated', 'staged'] });
    expect(policy.artefacts.required).toEqual([]);
    expect(Object.keys(policy.rules).sort()).toEqual([...RULE_IDS].sort());
    expect(Object.values(policy.rules).every((v) => v === 'off')).toBe(true);
  });

  it('treats an empty file, comments only, blank lines and a bare document marker as the defaults', () => {
    for (const text of ['', '# only a comment\n# and another\n', '\n  \n', '---\n', '\ufeff', '\ufeff# comment\r\n']) {
      expect({ ...parsePolicy(text, FILE), source: undefined }).toEqual({ ...defaultPolicy(), source: undefined });
    }
  });

  it('reads Windows line endings and a BOM, and keeps line numbers', () => {
    const policy = parsePolicy(
      '\ufeffversion: 1\r\naccess:\r\n  allowed: &t [open, gated]\r\n  by_risk:\r\n    high: *t\r\nwaivers:\r\n  - { rule: licence-denied, path: m.md, reason: ok }\r\n',
      FILE
    );
    expect(policy.access).toEqual({ allowed: ['open', 'gated'], byRisk: { high: ['open', 'gated'] } });
    expect(policy.waivers[0].line).toBe(7);
    expect(errorOf('\ufeffrules:\r\n  nope: off\r\n').problems[0]).toMatchObject({ line: 2, column: 3, key: 'rules.nope' });
  });

  it('bounds alias use', () => {
    const lines = ['access:', '  by_risk:', '    low: &t [open]'];
    const many = Array.from({ length: 120 }, () => '*t').join(', ');
    expect(errorOf([...lines, `    high: [${many}]`].join('\n')).problems.some((p) => p.message.includes('aliases'))).toBe(true);
  });
});

describe('loadPolicy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-'));
  mkdirSync(join(dir, '.github'));

  it('uses the defaults when no file is named and the default path is absent', async () => {
    expect(await loadPolicy(undefined, join(dir, 'nothing.yml'))).toEqual(defaultPolicy());
  });

  it('reads the default path when it exists, and a named file', async () => {
    const path = join(dir, '.github', 'model-release-policy.yml');
    writeFileSync(path, 'access:\n  allowed: [closed]\n');
    expect((await loadPolicy(undefined, path)).access.allowed).toEqual(['closed']);
    expect((await loadPolicy(path, join(dir, 'other.yml'))).source).toBe(path);
  });

  it('fails for a named file that is missing, a directory, or a symbolic link', async () => {
    await expect(loadPolicy(join(dir, 'missing.yml'), 'x')).rejects.toThrow(/missing\.yml:1:1: the policy file does not exist/);
    await expect(loadPolicy(dir, 'x')).rejects.toThrow(PolicyError);
    const link = join(dir, 'link.yml');
    symlinkSync(join(dir, '.github', 'model-release-policy.yml'), link);
    await expect(loadPolicy(link, 'x')).rejects.toThrow(/symbolic link/);
  });

  it('fails for an invalid default file rather than ignoring it', async () => {
    const path = join(dir, 'bad.yml');
    writeFileSync(path, 'rules:\n  nope: off\n');
    await expect(loadPolicy(undefined, path)).rejects.toThrow(/bad\.yml:2:3: `rules\.nope`/);
  });
});

describe('loadPolicy paths', () => {
  it('shows a path inside the working directory relative to it', async () => {
    const policy = await loadPolicy(join(process.cwd(), 'examples', 'model-release-policy.yml'), 'x');
    expect(policy.source).toBe('examples/model-release-policy.yml');
  });
});
