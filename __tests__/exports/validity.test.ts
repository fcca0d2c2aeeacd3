/**
 * Every release record the bundled CLI writes validates against its official schema (vendored in
 * schemas/vendor/): the examples of examples/ and the published cards of shared/corpus/real-cards,
 * copied to a temporary folder.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { rmSync } from 'node:fs';
import { copyRealCards, FORMATS, parseRecord, REPO, runRecord, type Format } from './helpers.js';
import { problems, validators } from './schemas.js';

let real: { dir: string; files: string[] };

beforeAll(() => {
  real = copyRealCards();
});
afterAll(() => rmSync(real.dir, { recursive: true, force: true }));

function expectValid(format: Format, text: string, cards: number): void {
  const documents = parseRecord(format, text);
  const validate = validators()[format];
  for (const doc of documents) expect(problems(validate, doc)).toEqual([]);
  if (format === 'mot') expect(documents).toHaveLength(cards);
  if (format === 'cyclonedx')
    expect(
      (documents[0].components as { type: string; 'bom-ref': string }[]).filter((c) => c['bom-ref'].startsWith('model:'))
    ).toHaveLength(cards);
  if (format === 'spdx') {
    const graph = documents[0]['@graph'] as { type: string; spdxId?: string; element?: string[] }[];
    expect(graph.filter((e) => e.type === 'ai_AIPackage')).toHaveLength(cards);
    // The document (last) lists every other element of the graph, in order (streamed back from a spool).
    const ids = graph.filter((e) => e.spdxId !== undefined && e.type !== 'SpdxDocument').map((e) => e.spdxId);
    expect(graph.at(-1)!.element).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  }
}

describe.each(FORMATS)('%s', (format) => {
  test('the examples validate against the official schema', () => {
    const run = runRecord(format, ['examples'], REPO);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expectValid(format, run.stdout, 6);
  });

  test('each example alone validates', () => {
    for (const example of ['examples/passing/README.md', 'examples/yaml-card/model-card.yaml', 'examples/no-licence-no-access/README.md']) {
      const run = runRecord(format, [example], REPO);
      expect(run.stderr).toBe('');
      expectValid(format, run.stdout, 1);
    }
  });

  test('the published cards of the corpus validate against the official schema', () => {
    expect(real.files.length).toBeGreaterThan(50);
    const run = runRecord(format, real.files, real.dir);
    expect(run.stderr).toBe('');
    expect([0, 1]).toContain(run.status);
    const cards = JSON.parse(runRecord('cyclonedx', real.files, real.dir).stdout).components.filter((c: { 'bom-ref': string }) =>
      c['bom-ref'].startsWith('model:')
    ).length;
    expect(cards).toBe(real.files.length);
    expectValid(format, run.stdout, cards);
  });

  test('an empty run is a valid, empty record', () => {
    const run = runRecord(format, ['docs'], REPO);
    expect(run.stderr).toBe('');
    if (format === 'mot') expect(run.stdout).toBe('');
    else expectValid(format, run.stdout, 0);
  });
});
