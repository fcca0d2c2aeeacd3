/** The hidden run state of the sticky comment: round trip, comparison by rule+card+message, hostile blocks. */
import { compareRuns, readState, stateBlock } from '../../src/report/changes.js';
import type { CardReport, Finding } from '../../src/types.js';

const finding = (rule: string, message: string, line = 1): Finding => ({ rule, severity: 'error', message, line, column: 1 });
const card = (path: string, findings: Finding[]): CardReport => ({
  path,
  licence: null,
  access: null,
  opennessClass: null,
  artefacts: {},
  findings
});

describe('run state', () => {
  test('round-trips and compares by rule, card and message, not line', () => {
    const before = [card('a/README.md', [finding('licence-missing', 'No licence.', 2), finding('access-undeclared', 'No access.', 1)])];
    const state = readState(`text\n${stateBlock(before)}\nmore`);
    expect(state?.findings).toHaveLength(2);
    const after = [
      card('a/README.md', [finding('access-undeclared', 'No access.', 9), finding('artefact-incomplete', 'Lacks location.', 4)])
    ];
    const changes = compareRuns(state!, after);
    expect(changes.fixed.map((f) => f.rule)).toEqual(['licence-missing']);
    expect(changes.added.map((f) => f.rule)).toEqual(['artefact-incomplete']);
  });

  test('the block cannot close its HTML comment early and stays bounded', () => {
    const many = [
      card(
        'x--y/README.md',
        Array.from({ length: 5000 }, (_, i) => finding('card-schema', `m${i} --> <b>`))
      )
    ];
    const block = stateBlock(many);
    expect(block.indexOf('-->')).toBe(block.length - 3);
    expect(block.length).toBeLessThan(20_000);
  });

  test.each([
    ['no block', 'hello'],
    ['not base64', '<!-- model-release-gate:state v1 !!! -->'],
    ['not JSON', `<!-- model-release-gate:state v1 ${Buffer.from('{').toString('base64')} -->`],
    [
      'a bad rule id',
      `<!-- model-release-gate:state v1 ${Buffer.from(JSON.stringify({ p: ['a'], f: [['<img>', 0, '0123456789']] })).toString('base64')} -->`
    ],
    [
      'an index out of range',
      `<!-- model-release-gate:state v1 ${Buffer.from(JSON.stringify({ p: ['a'], f: [['x', 5, '0123456789']] })).toString('base64')} -->`
    ],
    ['a prototype key', `<!-- model-release-gate:state v1 ${Buffer.from('{"__proto__":{"p":[]}}').toString('base64')} -->`]
  ])('ignores %s', (_name, body) => {
    expect(readState(body)).toBeUndefined();
  });
});
