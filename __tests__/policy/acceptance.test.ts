/**
 * Issue 4 acceptance, through the engine as the CLI drives it (parseCard + check with every rule and
 * a policy file read by the loader): access-policy, licence-denied, licence-changed + access-widened
 * against a base, and waivers that show in the report.
 */
import { readFileSync } from 'node:fs';
import { parseCard } from '../../src/card/parse.js';
import { check } from '../../src/engine.js';
import { parsePolicy } from '../../src/policy/load.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import type { CardReport, ParsedCard, Policy } from '../../src/types.js';

const POLICY_PATH = '__tests__/fixtures/policy/acceptance/policy.yml';
const policy: Policy = parsePolicy(readFileSync(new URL('../fixtures/policy/acceptance/policy.yml', import.meta.url), 'utf8'), POLICY_PATH);
const TODAY = '2026-11-24';

/** A complete, consistent card: only the tier, licence and risk vary. */
function card(opts: { access: string; licence: string; risk?: string; details?: boolean }): string {
  const details = opts.details ?? opts.access !== 'open';
  return [
    '---',
    `license: ${opts.licence}`,
    'release:',
    `  access: ${opts.access}`,
    ...(details ? ['  access_details: { approval: manual, conditions: Accept the licence. }'] : []),
    '  artefacts:',
    `    weights: { status: released, licence: ${opts.licence}, location: https://example.org/w }`,
    '    training_code: { status: released, licence: Apache-2.0, location: https://example.org/c }',
    '    inference_code: { status: released, licence: Apache-2.0, location: https://example.org/i }',
    '    training_data: { status: withheld, reason: Licensed third-party text. }',
    '    hyperparameters: { status: released, location: configs/train.yaml }',
    ...(opts.risk ? ['  risk:', `    dual_use: ${opts.risk}`, '    assessment: https://example.org/risk'] : []),
    '---',
    '# Model',
    ''
  ].join('\n');
}

function run(path: string, text: string, options: { base?: string; policy?: Policy } = {}) {
  const parsed = parseCard(path, text);
  const bases = new Map<string, ParsedCard>();
  if (options.base !== undefined) bases.set(path, parseCard(path, options.base));
  return check({ cards: [parsed], policy: options.policy ?? policy, bases, today: TODAY });
}

const rules = (c: CardReport): string[] => c.findings.filter((f) => !f.waived && f.severity !== 'notice').map((f) => f.rule);

describe('issue 4 acceptance', () => {
  it('a consistent card within the policy passes', () => {
    const report = run('models/ok/README.md', card({ access: 'gated', licence: 'apache-2.0', risk: 'medium' }));
    expect(rules(report.cards[0])).toEqual([]);
    expect(report.result).toBe('pass');
  });

  it('a high-risk card released open under a policy that forbids it fails with access-policy', () => {
    const report = run('models/risky/README.md', card({ access: 'open', licence: 'apache-2.0', risk: 'high' }));
    expect(report.result).toBe('fail');
    const finding = report.cards[0].findings.find((f) => f.rule === 'access-policy')!;
    expect(finding).toMatchObject({ severity: 'error', line: 4, column: 11 });
    expect(finding.message).toContain('`high` dual-use risk');
    expect(rules(report.cards[0])).toEqual(['access-policy']);
    // The same card under the default policy passes: the policy made the difference.
    expect(
      run('models/risky/README.md', card({ access: 'open', licence: 'apache-2.0', risk: 'high' }), { policy: defaultPolicy() }).result
    ).toBe('pass');
  });

  it('a licence outside the allow list fails with licence-denied', () => {
    const report = run('models/gpl/README.md', card({ access: 'gated', licence: 'gpl-3.0', risk: 'low' }));
    expect(report.result).toBe('fail');
    expect(report.cards[0].findings.filter((f) => f.rule === 'licence-denied').map((f) => [f.severity, f.line])).toEqual([['error', 2]]);
  });

  it('a card moved from gated CC-BY-NC-4.0 to open Apache-2.0 raises licence-changed and access-widened against its base', () => {
    const base = card({ access: 'gated', licence: 'cc-by-nc-4.0', risk: 'low' });
    const head = card({ access: 'open', licence: 'apache-2.0', risk: 'low' });
    const report = run('models/moved/README.md', head, { base });
    const changed = report.cards[0].findings.filter((f) => f.rule === 'licence-changed' || f.rule === 'access-widened');
    expect(changed.map((f) => [f.rule, f.severity, f.line, f.column])).toEqual([
      ['licence-changed', 'warning', 2, 10],
      ['access-widened', 'warning', 4, 11]
    ]);
    expect(changed[0].message).toContain('from `cc-by-nc-4.0` (base branch) to `apache-2.0`');
    expect(changed[1].message).toContain('from `gated` (base branch) to `open`');
    // A new card (no base) raises neither.
    const fresh = run('models/moved/README.md', head);
    expect(fresh.cards[0].findings.filter((f) => f.rule === 'licence-changed' || f.rule === 'access-widened')).toEqual([]);
  });

  it('a live waiver keeps the finding in the report, marked waived, and the gate passes', () => {
    const report = run('models/waived/m1/README.md', card({ access: 'open', licence: 'apache-2.0', risk: 'high' }));
    const finding = report.cards[0].findings.find((f) => f.rule === 'access-policy')!;
    expect(finding.waived).toEqual({
      reason: 'The board approved the open release of this high-risk model (minute 2026-11-02).',
      expires: '2027-01-31'
    });
    expect(report.summary).toMatchObject({ errors: 0, waived: 1 });
    expect(report.result).toBe('pass');
  });

  it('an expired waiver stops applying and the report says so', () => {
    const report = run('models/lapsed/README.md', card({ access: 'open', licence: 'apache-2.0', risk: 'high' }));
    expect(report.cards[0].findings.find((f) => f.rule === 'access-policy')!.waived).toBeUndefined();
    expect(report.result).toBe('fail');
    expect(report.notes).toEqual(['The waiver of access-policy for models/lapsed/README.md expired on 2026-10-01; it no longer applies.']);
  });

  it('the report carries the openness class per card', () => {
    const report = run('models/ok/README.md', card({ access: 'gated', licence: 'apache-2.0', risk: 'medium' }));
    expect(report.cards[0].opennessClass).toBe('none');
    expect(report.cards[0].openness?.missingForNext[0]).toContain('Technical report');
    expect(report.cards[0].findings.filter((f) => f.rule === 'openness-class')).toHaveLength(1);
  });
});
