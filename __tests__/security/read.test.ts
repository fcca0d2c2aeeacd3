import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { discoverCards, unsafePattern } from '../../src/card/discover.js';
import { checkInsideRoot, describeUndecodable, loadCard, loadCards, READ_LIMITS, type CardFile } from '../../src/card/read.js';

const CARD = '---\nlicense: mit\n---\n# Model\n';
const SECRET = 'SECRET-TOKEN-123';

let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'mrg-read-'));
  root = path.join(base, 'ws');
  mkdirSync(root);
  writeFileSync(path.join(base, 'secret.md'), `---\nlicense: ${SECRET}\n---\n`);
  mkdirSync(path.join(base, 'outside-dir'));
  writeFileSync(path.join(base, 'outside-dir', 'README.md'), `---\nlicense: ${SECRET}\n---\n`);
  mkdirSync(path.join(root, 'ok'));
  writeFileSync(path.join(root, 'ok', 'README.md'), CARD);
  mkdirSync(path.join(root, 'links'));
  symlinkSync(path.join(base, 'secret.md'), path.join(root, 'links', 'MODEL_CARD.md'));
  symlinkSync('/proc/self/environ', path.join(root, 'links', 'model-card.yaml'));
  symlinkSync(path.join(base, 'outside-dir'), path.join(root, 'linked-folder'));
  mkdirSync(path.join(root, 'pipe'));
  execFileSync('mkfifo', [path.join(root, 'pipe', 'MODEL_CARD.md')]);
  writeFileSync(path.join(root, '..odd.md'), CARD);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const file = (relative: string, explicit = true): CardFile => ({ absolute: path.join(root, relative), reportPath: relative, explicit });

describe('discoverCards', () => {
  it('lists links and pipes that match (for the reader to refuse) but never enters a linked folder', async () => {
    const found = await discoverCards(root);
    expect(found.files.map((f) => f.reportPath)).toEqual([
      'links/MODEL_CARD.md',
      'links/model-card.yaml',
      'ok/README.md',
      'pipe/MODEL_CARD.md'
    ]);
    expect(found.skipped).toEqual(['linked-folder']);
    expect(found.errors).toEqual([]);
  });

  it('does not list the inside of a linked folder named explicitly', async () => {
    const found = await discoverCards(root, ['linked-folder/README.md', 'linked-folder']);
    expect(found.files.map((f) => f.reportPath)).toEqual(['linked-folder/README.md', 'linked-folder']);
    const cards = await loadCards(root, found.files);
    expect(cards.map((c) => c.problems[0].message)).toEqual([
      expect.stringContaining('under a folder that is a symbolic link'),
      expect.stringContaining('symbolic link')
    ]);
    expect(JSON.stringify(cards)).not.toContain(SECRET);
  });

  it('refuses patterns that climb out of the workspace', async () => {
    for (const pattern of ['../x/README.md', '/etc/passwd', 'a/../../b', '**/../../*.md', 'C:\\x'])
      expect(unsafePattern(pattern)).toBeDefined();
    expect(unsafePattern('models/**/README.md')).toBeUndefined();
    const found = await discoverCards(root, ['../secret.md', '**/../../secret.md']);
    expect(found.files).toEqual([]);
    expect(found.errors).toHaveLength(2);
  });
});

describe('loadCard', () => {
  it('reads an ordinary card', async () => {
    const card = await loadCard(root, file('ok/README.md', false));
    expect(card?.problems).toEqual([]);
    expect(card?.data).toEqual({ license: 'mit' });
  });

  it('refuses file links, without reading the target', async () => {
    for (const name of ['links/MODEL_CARD.md', 'links/model-card.yaml']) {
      const card = await loadCard(root, file(name));
      expect(card?.problems[0].message).toMatch(/symbolic link/);
      expect(JSON.stringify({ ...card, locate: undefined })).not.toMatch(/SECRET|PATH=|HOME=/);
    }
  });

  it('refuses a FIFO without opening it (a blocking open would hang this test)', async () => {
    const card = await loadCard(root, file('pipe/MODEL_CARD.md'));
    expect(card?.problems[0].message).toBe('The card is not a regular file (it is a named pipe); it was not read.');
  });

  it('refuses paths outside the root, but not a file whose name starts with two dots', async () => {
    expect(await checkInsideRoot(root, path.join(base, 'secret.md'))).toMatch(/outside the workspace/);
    expect(await checkInsideRoot(root, path.join(root, 'ok', '..', '..', 'secret.md'))).toMatch(/outside the workspace/);
    expect(await checkInsideRoot(root, root)).toMatch(/outside the workspace/);
    expect(await checkInsideRoot(root, path.join(root, '..odd.md'))).toBeUndefined();
    const card = await loadCard(root, { absolute: path.join(base, 'secret.md'), reportPath: '../secret.md', explicit: true });
    expect(card?.problems[0].message).toMatch(/outside the workspace/);
    expect(card?.body).toBe('');
  });

  it('refuses an oversized card and keeps a per-run budget', async () => {
    writeFileSync(path.join(root, 'big.md'), CARD + 'x'.repeat(READ_LIMITS.maxCardBytes));
    const big = await loadCard(root, file('big.md'));
    expect(big?.problems[0].message).toMatch(/over the limit of 1048576 bytes/);
    const budget = { remainingBytes: 10 };
    const starved = await loadCard(root, file('ok/README.md'), budget);
    expect(starved?.problems[0].message).toMatch(/limit of card bytes/);
  });

  it('reports binary, UTF-16 and malformed UTF-8 cards clearly', async () => {
    writeFileSync(path.join(root, 'bin.md'), Buffer.concat([Buffer.from('---\nlicense: mit\n---\n'), Buffer.alloc(64)]));
    writeFileSync(path.join(root, 'utf16.md'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CARD, 'utf16le')]));
    writeFileSync(path.join(root, 'utf16nobom.md'), Buffer.from(CARD, 'utf16le'));
    writeFileSync(path.join(root, 'latin1.md'), Buffer.from('---\nlicense: caf\xe9\n---\n', 'latin1'));
    const messages = await Promise.all(
      ['bin.md', 'utf16.md', 'utf16nobom.md', 'latin1.md'].map(async (n) => (await loadCard(root, file(n)))?.problems[0].message)
    );
    expect(messages).toEqual([
      'The card is a binary file (it contains a NUL byte at offset 21), not UTF-8 text; it was not read.',
      'The card is encoded as UTF-16; save it as UTF-8. It was not read.',
      'The card appears to be encoded as UTF-16 (no byte-order mark); save it as UTF-8. It was not read.',
      'The card is not valid UTF-8 text (first bad byte near offset 16); save it as UTF-8. It was not read.'
    ]);
    expect(describeUndecodable(Buffer.from('plain é text'))).toBeUndefined();
    expect(describeUndecodable(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toMatch(/offset 1\)/); // a UTF-8 encoded surrogate
  });

  // Issue 10: a README.md that is not UTF-8 text cannot be told apart from a card, so it is one (card-parse).
  it('reports a README.md found by a glob that is not UTF-8 text, with or without front matter', async () => {
    writeFileSync(path.join(root, 'ok', 'README.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]));
    expect((await loadCard(root, file('ok/README.md', false)))?.problems[0].message).toMatch(/binary/);
    for (const bom of [
      [0xff, 0xfe],
      [0xfe, 0xff]
    ]) {
      const utf16 = Buffer.from('---\nlicense: mit\n---\n', 'utf16le');
      if (bom[0] === 0xfe) utf16.swap16();
      writeFileSync(path.join(root, 'ok', 'README.md'), Buffer.concat([Buffer.from(bom), utf16]));
      expect((await loadCard(root, file('ok/README.md', false)))?.problems[0].message).toMatch(/UTF-16/);
    }
    writeFileSync(path.join(root, 'ok', 'README.md'), Buffer.from('# Docs in Latin-1: caf\xe9\n', 'latin1'));
    expect((await loadCard(root, file('ok/README.md', false)))?.problems[0].message).toMatch(/not valid UTF-8/);
    writeFileSync(path.join(root, 'ok', 'README.md'), Buffer.concat([Buffer.from('---\n'), Buffer.alloc(8)]));
    expect((await loadCard(root, file('ok/README.md', false)))?.problems[0].message).toMatch(/binary/);
    writeFileSync(path.join(root, 'ok', 'README.md'), CARD);
  });
});
