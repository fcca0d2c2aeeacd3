import { findingsOf } from '../helpers/rule-harness.js';
import { parseCard } from '../../src/card/parse.js';

const card = (...lines: string[]): string => ['---', 'license: apache-2.0', ...lines, '---', ''].join('\n');
const at = (found: { line: number; column: number }[]): number[][] => found.map((f) => [f.line, f.column]);

describe('access-inconsistent', () => {
  it('reports open with withheld weights and open with gate fields', () => {
    const found = findingsOf(
      'access-inconsistent',
      card(
        'extra_gated_prompt: Accept the terms.',
        'release:',
        '  access: open',
        '  artefacts:',
        '    weights: { status: withheld, reason: Not yet. }'
      )
    );
    expect(found.map((f) => f.rule)).toEqual(['access-inconsistent', 'access-inconsistent']);
    expect(at(found)).toEqual([
      [3, 1],
      [7, 24]
    ]);
    expect(found[0].message).toContain('`extra_gated_prompt`');
    expect(found[1].message).toContain('weights are withheld');
  });

  it('reports gated without access_details at the access key', () => {
    const found = findingsOf(
      'access-inconsistent',
      card('release:', '  access: gated', '  artefacts:', '    weights: { status: released, licence: mit, location: x }')
    );
    expect(at(found)).toEqual([[4, 3]]);
    expect(found[0].message).toContain('`release.access_details` is missing');
  });

  it('reports gated, staged and research-only releases whose weights are not released', () => {
    for (const tier of ['gated', 'staged', 'research-only']) {
      const found = findingsOf(
        'access-inconsistent',
        card(
          'release:',
          `  access: ${tier}`,
          '  access_details: { approval: manual, conditions: Apply., stages: [{ date: 2027-01-01, what: weights }] }',
          '  artefacts:',
          '    weights: { status: withheld, reason: Served by API. }'
        )
      );
      expect(found.map((f) => [f.rule, f.line, f.column])).toEqual([['access-inconsistent', 7, 24]]);
      expect(found[0].message).toContain(`\`${tier}\``);
      expect(found[0].message).toContain('api-only');
    }
  });

  it('reports api-only and closed releases whose weights are released', () => {
    const found = findingsOf(
      'access-inconsistent',
      card(
        'release:',
        '  access: api-only',
        '  access_details: { approval: automatic, conditions: Sign up. }',
        '  artefacts:',
        '    weights:',
        '      status: released'
      )
    );
    expect(at(found)).toEqual([[8, 15]]);
    expect(found[0].message).toContain('marked released');
    const closed = findingsOf(
      'access-inconsistent',
      card('release:', '  access: closed', '  artefacts:', '    weights: { status: released }')
    );
    expect(at(closed)).toEqual([[6, 24]]);
  });

  it('reports staged without stages, at the stages key', () => {
    const found = findingsOf(
      'access-inconsistent',
      card('release:', '  access: staged', '  access_details:', '    approval: manual', '    stages: []')
    );
    expect(at(found)).toEqual([[7, 5]]);
    expect(found[0].message).toContain('no `stages`');
  });

  it("reports a gated release without an approval mode (an invalid mode is card-schema's)", () => {
    const missing = findingsOf('access-inconsistent', card('release:', '  access: gated', '  access_details:', '    conditions: Accept.'));
    expect(at(missing)).toEqual([[5, 3]]);
    expect(missing[0].message).toContain('approval` is missing');
    const invalid = findingsOf('access-inconsistent', card('release:', '  access: gated', '  access_details:', '    approval: sometimes'));
    expect(invalid).toEqual([]);
    const schema = findingsOf('card-schema', card('release:', '  access: gated', '  access_details:', '    approval: sometimes'));
    expect(at(schema)).toEqual([[6, 15]]);
  });

  it('reports research-only without approval, and api-only without access_details', () => {
    const research = findingsOf(
      'access-inconsistent',
      card('release:', '  access: research-only', '  access_details: { conditions: Academic use. }')
    );
    expect(at(research)).toEqual([[5, 3]]);
    expect(research[0].message).toContain('who checks');
    const api = findingsOf('access-inconsistent', card('release:', '  access: api-only'));
    expect(at(api)).toEqual([[4, 3]]);
  });

  it('passes consistent cards of every tier', () => {
    const weights = (status: string): string => `    weights: { status: ${status}, licence: mit, location: x, reason: r }`;
    const cases = [
      card('release:', '  access: open', '  artefacts:', weights('released')),
      card('gated: false', 'release:', '  access: open'),
      card(
        'extra_gated_prompt: Accept.',
        'release:',
        '  access: gated',
        '  access_details: { approval: automatic, conditions: Accept. }',
        '  artefacts:',
        weights('released')
      ),
      card(
        'release:',
        '  access: staged',
        '  access_details: { approval: manual, stages: [{ when: now, what: 1B }] }',
        '  artefacts:',
        weights('released')
      ),
      card('license: cc-by-nc-4.0', 'release:', '  access: research-only', '  access_details: { approval: manual }'),
      card('release:', '  access: api-only', '  access_details: { approval: automatic }', '  artefacts:', weights('withheld')),
      card('release:', '  access: closed', '  artefacts:', weights('withheld'))
    ];
    for (const raw of cases) {
      const text = raw.replace('license: apache-2.0\nlicense: cc-by-nc-4.0', 'license: cc-by-nc-4.0');
      expect(parseCard('m/README.md', text).data).toBeDefined();
      expect(findingsOf('access-inconsistent', text)).toEqual([]);
    }
  });

  it('reads odd shapes as what they are, never as an internal error', () => {
    const shapes = [
      'release: 7',
      'release: { access: 3 }',
      'release: { access: gated, access_details: [] }',
      'release: { access: staged, access_details: { stages: nope } }',
      'release: { access: open, artefacts: { weights: [1] } }'
    ].map((release) => findingsOf('access-inconsistent', card(release)).map((f) => [f.line, f.column, f.message]));
    expect(shapes[0]).toEqual([]);
    expect(shapes[1]).toEqual([]);
    expect(shapes[2]).toEqual([[3, 43, expect.stringMatching(/^The release is `gated` but `release\.access_details` is a list/)]]);
    expect(shapes[3]).toEqual([[3, 46, expect.stringMatching(/^The release is `staged` but lists no `stages`/)]]);
    expect(shapes[4]).toEqual([]);
  });
});

describe('access-inconsistent and the card-level gated flag', () => {
  it('reports gated: false under a gated tier, at its value', () => {
    const text = [
      '---',
      'gated: false',
      'release:',
      '  access: gated',
      '  access_details: { approval: manual, conditions: Apply. }',
      '  artefacts:',
      '    weights: { status: released, licence: mit, location: x }',
      '---'
    ].join('\n');
    const found = findingsOf('access-inconsistent', text);
    expect(found.map((f) => [f.line, f.column])).toEqual([[2, 8]]);
    expect(found[0].message).toContain('`gated: false`');
  });

  it('stays quiet on gated: true under a gated tier', () => {
    const text = [
      '---',
      'gated: true',
      'release:',
      '  access: gated',
      '  access_details: { approval: manual, conditions: Apply. }',
      '  artefacts:',
      '    weights: { status: released, licence: mit, location: x }',
      '---'
    ].join('\n');
    expect(findingsOf('access-inconsistent', text)).toEqual([]);
  });
});
