/** gatherCards and gatherBasesOf: what is read, how paths are written, which base goes with which card. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gatherBasesOf, gatherCards, isInside } from '../../src/gather.js';

const CARD = (licence: string): string => `---\nlicense: ${licence}\n---\n`;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mrg-gather-'));
  const put = (name: string, text: string): void => {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  };
  put('new/a/README.md', CARD('mit'));
  put('new/b/model-card.yaml', 'license: mit\n');
  put('new/docs/README.md', '# docs\n');
  put('old/a/README.md', CARD('apache-2.0'));
  put('old/b/model-card.yaml', 'license: [unclosed\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('searches folders with the contract globs and writes paths relative to reportBase', async () => {
  const gathered = await gatherCards({ root: dir, paths: ['new'], reportBase: dir });
  expect(gathered.cards.map((c) => c.path)).toEqual(['new/a/README.md', 'new/b/model-card.yaml']);
  expect(gathered.errors).toEqual([]);
  const elsewhere = await gatherCards({ root: path.join(dir, 'new'), reportBase: path.join(dir, 'old') });
  expect(elsewhere.cards.map((c) => c.path)).toEqual(['../new/a/README.md', '../new/b/model-card.yaml']);
});

it('reports a path that does not exist and refuses one that climbs out', async () => {
  const gathered = await gatherCards({ root: dir, paths: ['missing.md', '../x.md'], reportBase: dir });
  expect(gathered.cards).toEqual([]);
  expect(gathered.errors).toHaveLength(2);
});

it('pairs each card under cardRoot with the same relative path under baseRoot', async () => {
  const { cards } = await gatherCards({ root: dir, paths: ['new'], reportBase: dir });
  const bases = await gatherBasesOf(
    cards.map((c) => c.path),
    path.join(dir, 'old'),
    path.join(dir, 'new'),
    dir
  );
  // b's base does not parse: no base rather than a comparison with a broken file.
  expect([...bases.keys()]).toEqual(['new/a/README.md']);
  expect(bases.get('new/a/README.md')!.data).toEqual({ license: 'apache-2.0' });
  expect(
    (
      await gatherBasesOf(
        cards.map((c) => c.path),
        path.join(dir, 'nothing-here'),
        path.join(dir, 'new'),
        dir
      )
    ).size
  ).toBe(0);
});

it('isInside', () => {
  expect(isInside('/a', '/a/b')).toBe(true);
  expect(isInside('/a', '/a')).toBe(true);
  expect(isInside('/a', '/ab')).toBe(false);
  expect(isInside('/a/b', '/a')).toBe(false);
});
