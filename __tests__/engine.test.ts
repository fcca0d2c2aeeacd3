import { parseCard } from '../src/card/parse.js';
import { applyWaivers, check, decide } from '../src/engine.js';
import { defaultPolicy } from '../src/policy/defaults.js';
import { createRule } from '../src/rules/create.js';
import type { Finding, ReportSummary } from '../src/types.js';

const counts = (errors: number, warnings: number, notices = 0): ReportSummary => ({ cards: 1, errors, warnings, notices, waived: 0 });

describe('decide', () => {
  it('fails on errors unless fail-on is never', () => {
    expect(decide(counts(1, 0), 'error')).toBe('fail');
    expect(decide(counts(0, 3, 2), 'error')).toBe('pass');
    expect(decide(counts(0, 1), 'warning')).toBe('fail');
    expect(decide(counts(0, 0, 9), 'warning')).toBe('pass');
    expect(decide(counts(5, 5), 'never')).toBe('pass');
  });
});

describe('check', () => {
  const noisy = createRule({
    id: 'licence-missing',
    defaultSeverity: 'error',
    description: 'Require a test finding.',
    check: (ctx) => ctx.report({ message: 'here', path: ['release', 'access'], part: 'value' })
  });
  const broken = createRule({
    id: 'card-schema',
    defaultSeverity: 'warning',
    description: 'Require nothing.',
    check: () => {
      throw new Error('boom');
    }
  });
  const card = parseCard('b/README.md', '---\nrelease:\n  access: open\n---\n');

  it('places findings at the YAML position of the path and counts them', () => {
    const report = check({ cards: [card], policy: defaultPolicy(), rules: [noisy], today: '2026-01-01' });
    expect(report.cards[0].findings).toEqual([
      { rule: 'licence-missing', severity: 'error', message: 'here', line: 3, column: 11, endLine: 3, endColumn: 15 }
    ]);
    expect(report.summary).toMatchObject({ cards: 1, errors: 1 });
    expect(report.result).toBe('fail');
  });

  it('applies policy severities and off', () => {
    const policy = defaultPolicy();
    policy.rules['licence-missing'] = 'notice';
    expect(check({ cards: [card], policy, rules: [noisy] }).result).toBe('pass');
    policy.rules['licence-missing'] = 'off';
    expect(check({ cards: [card], policy, rules: [noisy] }).cards[0].findings).toEqual([]);
  });

  it('turns a rule that throws into an error finding instead of crashing', () => {
    const report = check({ cards: [card], policy: defaultPolicy(), rules: [broken] });
    expect(report.cards[0].findings[0].message).toMatch(/Internal error in rule card-schema: boom/);
  });

  it('sorts cards by path for deterministic output', () => {
    const other = parseCard('a/README.md', '---\n---\n');
    expect(check({ cards: [card, other], policy: defaultPolicy(), rules: [] }).cards.map((c) => c.path)).toEqual([
      'a/README.md',
      'b/README.md'
    ]);
  });
});

describe('applyWaivers', () => {
  const finding = (): Finding => ({ rule: 'licence-non-commercial', severity: 'warning', message: 'm', line: 2, column: 1 });

  it('waives matching findings by path glob until the expiry date', () => {
    const findings = [finding()];
    applyWaivers(
      'models/x/README.md',
      findings,
      [{ rule: 'licence-non-commercial', path: 'models/**', reason: 'Legal approved', expires: '2027-01-01' }],
      '2026-06-01'
    );
    expect(findings[0].waived).toEqual({ reason: 'Legal approved', expires: '2027-01-01' });
  });

  it('ignores expired waivers and other rules', () => {
    const findings = [finding()];
    applyWaivers(
      'models/x/README.md',
      findings,
      [
        { rule: 'licence-non-commercial', path: 'models/x/README.md', reason: 'r', expires: '2026-01-01' },
        { rule: 'licence-denied', path: 'models/x/README.md', reason: 'r' }
      ],
      '2026-06-01'
    );
    expect(findings[0].waived).toBeUndefined();
  });
});
