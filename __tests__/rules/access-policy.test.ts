import { findingsOf, findingsWithDetail } from '../helpers/rule-harness.js';
import { parsePolicy } from '../../src/policy/load.js';

const card = (access: string, risk?: string): string =>
  ['---', 'license: apache-2.0', 'release:', `  access: ${access}`, ...(risk ? ['  risk:', `    dual_use: ${risk}`] : []), '---', ''].join(
    '\n'
  );

const policy = parsePolicy(
  [
    'access:',
    '  allowed: [closed, api-only, gated, open]',
    '  by_risk:',
    '    medium: [closed, api-only, gated]',
    '    high: [closed, api-only]'
  ].join('\n'),
  '.github/model-release-policy.yml'
);

describe('access-policy', () => {
  it('reports a tier the policy does not allow, at the tier value', () => {
    const found = findingsWithDetail('access-policy', card('staged'), { policy });
    expect(found.map((f) => [f.rule, f.line, f.column])).toEqual([['access-policy', 4, 11]]);
    expect(found[0].message).toContain('does not allow `staged`');
    expect(found[0].message).toContain('.github/model-release-policy.yml');
  });

  it('reports a tier not allowed for the declared dual-use risk', () => {
    const found = findingsWithDetail('access-policy', card('open', 'high'), { policy });
    expect(found.map((f) => [f.line, f.column])).toEqual([[4, 11]]);
    expect(found[0].message).toContain('`high` dual-use risk');
    expect(found[0].message).toContain('`closed`, `api-only`');
    expect(findingsWithDetail('access-policy', card('gated', 'high'), { policy })).toHaveLength(1);
  });

  it('holds an unrated card to every risk list', () => {
    const found = findingsWithDetail('access-policy', card('gated'), { policy });
    expect(found.map((f) => [f.line, f.column])).toEqual([[4, 11]]);
    expect(found[0].message).toContain('declares no dual-use risk level');
    expect(found[0].message).toContain('`high`');
    expect(findingsWithDetail('access-policy', card('open', 'extreme'), { policy })[0].message).toContain('`extreme`');
    expect(findingsWithDetail('access-policy', card('api-only'), { policy })).toEqual([]);
  });

  it('passes allowed tiers, levels without a list, and the default policy', () => {
    expect(findingsWithDetail('access-policy', card('open', 'low'), { policy })).toEqual([]);
    expect(findingsWithDetail('access-policy', card('gated', 'medium'), { policy })).toEqual([]);
    expect(findingsWithDetail('access-policy', card('staged', 'high'))).toEqual([]);
    expect(findingsWithDetail('access-policy', card('open'))).toEqual([]);
  });

  it('reads odd shapes as no tier or no risk level, never as an internal error', () => {
    const shapes = [card('[open]'), card('7', '[high]'), '---\nrelease: { access: open, risk: 3 }\n---\n'].map((text) =>
      findingsOf('access-policy', text, { policy }).map((f) => [f.line, f.column, f.message])
    );
    expect(shapes[0]).toEqual([]);
    expect(shapes[1]).toEqual([]);
    expect(shapes[2]).toEqual([[2, 20, expect.stringMatching(/the card rates none: declare `release.risk.dual_use`/)]]);
  });
});
