/** lookupAncestry against a local stand-in for the Hub API (127.0.0.1 only; nothing reaches the internet). */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { lookupAncestry, type LookupOptions } from '../../src/hub/lookup.js';
import { parseDatasetId, parseModelId } from '../../src/hub/ids.js';
import { factsFromTags } from '../../src/hub/facts.js';
import { parseRetryAfter } from '../../src/hub/http.js';
import type { ParsedCard } from '../../src/types.js';
import { FakeHub } from './hub-server.js';

function card(data: Record<string, unknown> | undefined, path = 'models/x/README.md'): ParsedCard {
  return { path, format: 'markdown', data, body: '', bodyLine: 1, lineCount: 1, problems: [], locate: () => undefined };
}

let hub: FakeHub;
let hubUrl: string;
/** Waits asked for between retries, instead of sleeping. */
let waits: number[];
const noSleep = async (ms: number): Promise<void> => {
  waits.push(ms);
};

beforeEach(async () => {
  hub = new FakeHub();
  hubUrl = await hub.start();
  waits = [];
});
afterEach(async () => {
  await hub.close();
});

function run(cards: ParsedCard[], options: Partial<LookupOptions> = {}) {
  return lookupAncestry(cards, { hubUrl, sleep: noSleep, ...options });
}

describe('found', () => {
  test('reads licence, licence name, gating, base models and relation from cardData', async () => {
    hub.model(
      'acme/base-7b',
      { license: 'other', license_name: 'acme-licence', base_model: 'root/r', base_model_relation: 'finetune' },
      { gated: 'manual' }
    );
    hub.model('root/r', { license: 'apache-2.0' });
    const { facts, notes } = await run([card({ base_model: 'acme/base-7b' })]);
    expect(facts.get('acme/base-7b')).toEqual({
      id: 'acme/base-7b',
      source: 'hub',
      license: 'other',
      licenseName: 'acme-licence',
      gated: 'manual',
      baseModels: ['root/r'],
      relation: 'finetune'
    });
    expect(facts.get('root/r')).toEqual({ id: 'root/r', source: 'hub', license: 'apache-2.0', gated: false });
    expect(notes).toEqual([]);
    expect(hub.requests.map((r) => r.rawPath)).toEqual(['/api/models/acme/base-7b', '/api/models/root/r']);
    expect(hub.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  test('synthetic-data generators are looked up too', async () => {
    hub.model('gen/teacher', { license: 'gemma' });
    const { facts } = await run([
      card({ release: { synthetic_data: [{ dataset: 'me/data', generator: 'gen/teacher' }, 'junk', { generator: 5 }] } })
    ]);
    expect(facts.get('gen/teacher')?.license).toBe('gemma');
  });

  test('a chain of three is followed to the root, using the Hub tags where cardData is silent', async () => {
    hub.model('c/child', { license: 'llama3.1', base_model: ['b/middle'], base_model_relation: 'quantized' });
    hub.model('b/middle', {}, { tags: ['text-generation', 'license:llama3.1', 'base_model:a/root', 'base_model:finetune:a/root'] });
    hub.model('a/root', { license: 'llama3.1' });
    const { facts, notes } = await run([card({ base_model: 'c/child' })]);
    expect([...facts.keys()]).toEqual(['a/root', 'b/middle', 'c/child']);
    expect(facts.get('c/child')).toMatchObject({ baseModels: ['b/middle'], relation: 'quantized' });
    expect(facts.get('b/middle')).toMatchObject({ license: 'llama3.1', baseModels: ['a/root'], relation: 'finetune' });
    expect(facts.get('a/root')?.baseModels).toBeUndefined();
    expect(notes).toEqual([]);
  });

  test('a mirror with a path prefix is asked under that prefix', async () => {
    hub.model('o/m', { license: 'mit' });
    const { facts } = await run([card({ base_model: 'o/m' })], { hubUrl: `${hubUrl}/mirror/hf/` });
    expect(facts.get('o/m')?.license).toBe('mit');
    expect(hub.requests[0].rawPath).toBe('/mirror/hf/api/models/o/m');
  });

  test('a same-origin redirect (a renamed repository) is followed; one leaving the API is not', async () => {
    hub.set('old/name', { status: 307, headers: { location: '/api/models/new/name' } });
    hub.model('new/name', { license: 'mit' });
    hub.set('evil/redirect', { status: 302, headers: { location: 'http://127.0.0.2:9/steal' } });
    const { facts, notes } = await run([card({ base_model: ['old/name', 'evil/redirect'] })], { token: 'hf_secret_token' });
    expect(facts.get('old/name')).toMatchObject({ id: 'old/name', license: 'mit' });
    expect(facts.get('evil/redirect')?.error).toMatch(/redirected the request outside its API/);
    expect(notes).toHaveLength(1);
    expect(hub.requests.map((r) => r.rawPath).sort()).toEqual([
      '/api/models/evil/redirect',
      '/api/models/new/name',
      '/api/models/old/name'
    ]);
  });
});

describe('failures become facts with an error and one note', () => {
  test('not found', async () => {
    const { facts, notes } = await run([card({ base_model: 'ghost/model' })]);
    expect(facts.get('ghost/model')).toEqual({ id: 'ghost/model', source: 'hub', error: 'not found on the Hub' });
    expect(notes).toEqual(['Hub lookup of ghost/model: not found on the Hub.']);
  });

  test('a 401 marked RepoNotFound (how the Hub answers for private or missing repos) is not found', async () => {
    hub.set('priv/model', { status: 401, headers: { 'x-error-code': 'RepoNotFound' }, body: { error: 'Repository not found' } });
    const { facts } = await run([card({ base_model: 'priv/model' })]);
    expect(facts.get('priv/model')?.error).toMatch(/^not found on the Hub \(or private/);
  });

  test('a gated base without access (403) says a token with access is needed', async () => {
    hub.model('me/ft', { license: 'other', base_model: 'gated/base' });
    hub.set('gated/base', {
      status: 403,
      body: { error: 'Access to model gated/base is restricted.', gated: 'manual' },
      headers: { 'x-error-code': 'GatedRepo' }
    });
    const { facts, notes } = await run([card({ base_model: 'me/ft' })]);
    const gated = facts.get('gated/base')!;
    expect(gated.error).toMatch(/gated/);
    expect(gated.error).toMatch(/token that has access/);
    expect(gated.gated).toBe('manual');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^Hub lookup of gated\/base: gated on the Hub/);
  });

  test('a 401 without details is reported as gated, with gating unknown', async () => {
    hub.set('g/b', { status: 401, raw: 'no' });
    const { facts } = await run([card({ base_model: 'g/b' })]);
    expect(facts.get('g/b')?.error).toMatch(/gated/);
    expect(facts.get('g/b')?.gated).toBeUndefined();
  });

  test('malformed JSON, a body that is not an object and a body over 1 MiB are errors', async () => {
    hub.set('bad/json', { raw: '{"cardData": {' });
    hub.set('bad/array', { body: ['not', 'an', 'object'] });
    hub.set('bad/null', { raw: 'null' });
    hub.set('big/declared', { raw: `{"x":"${'a'.repeat(1024 * 1024)}"}` });
    hub.set('big/chunked', { raw: `{"x":"${'a'.repeat(1024 * 1024)}"}`, chunked: true });
    const { facts, notes } = await run([card({ base_model: ['bad/json', 'bad/array', 'bad/null', 'big/declared', 'big/chunked'] })]);
    expect(facts.get('bad/json')?.error).toBe('the Hub answered with something that is not JSON');
    expect(facts.get('bad/array')?.error).toBe("the Hub's answer is not a JSON object");
    expect(facts.get('bad/null')?.error).toBe("the Hub's answer is not a JSON object");
    expect(facts.get('big/declared')?.error).toMatch(/larger than 1 MiB/);
    expect(facts.get('big/chunked')?.error).toMatch(/larger than 1 MiB/);
    expect(notes).toHaveLength(5);
  });

  test('odd shapes in cardData and tags are tolerated', async () => {
    hub.set('odd/one', {
      body: { cardData: { license: ['mit', 3], base_model: [null, 7, ' x/y '], base_model_relation: 9 }, tags: 'nope', gated: 'sometimes' }
    });
    hub.set('odd/two', { body: { cardData: 'str', tags: [1, 'license:', 'base_model:weird:z/z', 'base_model:adapter:p/q'] } });
    const { facts } = await run([card({ base_model: ['odd/one', 'odd/two'] })], { maxDepth: 1 });
    expect(facts.get('odd/one')).toEqual({ id: 'odd/one', source: 'hub', license: 'mit', baseModels: ['x/y'] });
    expect(facts.get('odd/two')).toEqual({ id: 'odd/two', source: 'hub', baseModels: ['p/q'], relation: 'adapter' });
  });
});

describe('chains', () => {
  test('a loop A → B → A is looked up once per model and noted', async () => {
    hub.model('loop/a', { license: 'mit', base_model: 'loop/b' });
    hub.model('loop/b', { license: 'mit', base_model: 'loop/a' });
    const { facts, notes } = await run([card({ base_model: 'loop/a' }), card({ base_model: 'loop/b' }, 'other/README.md')]);
    expect(facts.size).toBe(2);
    expect(hub.count('loop/a')).toBe(1);
    expect(hub.count('loop/b')).toBe(1);
    expect(notes).toEqual(['The base_model chain loops (loop/a → loop/b → loop/a); it was followed no further.']);
  });

  test('a longer loop reached part-way along a chain is noted once', async () => {
    hub.model('l/start', { base_model: 'l/x' });
    hub.model('l/x', { base_model: 'l/y' });
    hub.model('l/y', { base_model: 'l/z' });
    hub.model('l/z', { base_model: ['l/x', 'l/root'] });
    hub.model('l/root', { license: 'mit' });
    const { facts, notes } = await run([card({ base_model: 'l/start' })]);
    expect(facts.size).toBe(5);
    expect(hub.requests).toHaveLength(5);
    expect(notes).toEqual(['The base_model chain loops (l/x → l/y → l/z → l/x); it was followed no further.']);
  });

  test('a model naming itself as its base is a loop', async () => {
    hub.model('self/ref', { base_model: 'SELF/ref' });
    const { notes } = await run([card({ base_model: 'self/ref' })]);
    expect(hub.count('self/ref')).toBe(1);
    expect(notes).toEqual(['The base_model chain loops (self/ref → self/ref); it was followed no further.']);
  });

  test('a chain deeper than the limit stops at the limit with a note', async () => {
    for (let i = 1; i <= 5; i++) hub.model(`deep/m${i}`, { license: 'mit', base_model: i < 5 ? `deep/m${i + 1}` : undefined });
    const { facts, notes } = await run([card({ base_model: 'deep/m1' })], { maxDepth: 3 });
    expect([...facts.keys()]).toEqual(['deep/m1', 'deep/m2', 'deep/m3']);
    expect(hub.count('deep/m4')).toBe(0);
    expect(notes).toEqual(['Base models were followed to the depth limit of 3: deep/m4, the base of deep/m3, was not looked up.']);
  });

  test('the default depth limit is 8', async () => {
    for (let i = 1; i <= 10; i++) hub.model(`d/m${i}`, { base_model: `d/m${i + 1}` });
    const { facts } = await run([card({ base_model: 'd/m1' })]);
    expect(facts.size).toBe(8);
  });

  test('invalid base ids returned by the Hub are not followed', async () => {
    hub.model('h/m', { base_model: ['../../x', 'https://evil.example/a/b'] });
    const { notes } = await run([card({ base_model: 'h/m' })]);
    expect(hub.requests).toHaveLength(1);
    expect(notes).toHaveLength(2);
    expect(notes.every((n) => n.includes('not a model id of the form owner/name'))).toBe(true);
  });
});

describe('time limits', () => {
  test('a request the server never answers times out and the lookup finishes', async () => {
    hub.set('slow/model', { hang: true });
    hub.model('fast/model', { license: 'mit' });
    const started = Date.now();
    const { facts, notes } = await run([card({ base_model: ['slow/model', 'fast/model'] })], { timeoutMs: 150 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(facts.get('slow/model')?.error).toBe('no answer from the Hub within 0.15 s');
    expect(facts.get('fast/model')?.license).toBe('mit');
    expect(hub.count('slow/model')).toBe(1);
    expect(notes).toEqual([expect.stringMatching(/^Hub lookup of slow\/model: no answer from the Hub within/)]);
  });

  test('the total budget ends the whole lookup, however long each request may take', async () => {
    hub.set('hang/one', { hang: true });
    hub.set('hang/two', { hang: true });
    const started = Date.now();
    const { facts, notes } = await run([card({ base_model: ['hang/one', 'hang/two'] })], { timeoutMs: 60_000, totalTimeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(facts.get('hang/one')?.error).toMatch(/used up its time budget of 0.2 s/);
    expect(facts.get('hang/two')?.error).toMatch(/used up its time budget/);
    expect(notes[0]).toMatch(/stopped after its time budget/);
  });
});

describe('retries', () => {
  test('a 500 then a success is retried with back-off', async () => {
    hub.set('flaky/m', [{ status: 500, raw: 'oops' }, { status: 503 }, { body: { cardData: { license: 'mit' } } }]);
    const { facts, notes } = await run([card({ base_model: 'flaky/m' })], { retryBaseMs: 100 });
    expect(facts.get('flaky/m')?.license).toBe('mit');
    expect(hub.count('flaky/m')).toBe(3);
    expect(waits).toEqual([100, 200]);
    expect(notes).toEqual([]);
  });

  test('retries are bounded', async () => {
    hub.set('down/m', { status: 502 });
    const { facts } = await run([card({ base_model: 'down/m' })], { maxRetries: 2 });
    expect(hub.count('down/m')).toBe(3);
    expect(facts.get('down/m')?.error).toBe('the Hub answered with a server error (HTTP 502), still after 3 attempts');
  });

  test('a 429 waits as long as Retry-After says', async () => {
    hub.set('busy/m', [{ status: 429, headers: { 'retry-after': '7' } }, { body: { cardData: { license: 'mit' } } }]);
    const { facts } = await run([card({ base_model: 'busy/m' })]);
    expect(waits).toEqual([7000]);
    expect(facts.get('busy/m')?.license).toBe('mit');
  });

  test('a Retry-After longer than the bound gives up instead of waiting', async () => {
    hub.set('busy/long', [{ status: 429, headers: { 'retry-after': '3600' } }, { body: {} }]);
    const { facts, notes } = await run([card({ base_model: 'busy/long' })]);
    expect(waits).toEqual([]);
    expect(hub.count('busy/long')).toBe(1);
    expect(facts.get('busy/long')?.error).toMatch(/rate-limiting.*asked to wait 3600 s/);
    expect(notes).toHaveLength(1);
  });

  test('a network error (connection refused) is retried, then reported', async () => {
    const closed = new FakeHub();
    const url = await closed.start();
    await closed.close();
    const { facts } = await run([card({ base_model: 'x/y' })], { hubUrl: url, maxRetries: 1 });
    expect(waits).toHaveLength(1);
    expect(facts.get('x/y')?.error).toBe('the Hub could not be reached (network error), still after 2 attempts');
  });

  test('Retry-After is read as seconds or as an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('12', now)).toBe(12_000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('token', () => {
  test('sent as a bearer token when given, never in notes', async () => {
    hub.model('t/ok', { license: 'mit' });
    const { notes } = await run([card({ base_model: ['t/ok', 't/missing'] })], { token: 'hf_abcdef123456' });
    expect(hub.requests.map((r) => r.authorization)).toEqual(['Bearer hf_abcdef123456', 'Bearer hf_abcdef123456']);
    expect(notes.join('\n')).not.toContain('hf_abcdef123456');
  });

  test('absent when not given or empty', async () => {
    hub.model('t/ok', { license: 'mit' });
    await run([card({ base_model: 't/ok' })]);
    await run([card({ base_model: 't/ok' })], { token: '' });
    expect(hub.requests).toHaveLength(2);
    expect(hub.requests.every((r) => r.authorization === undefined)).toBe(true);
  });

  test('not sent over plain http to a host that is not this machine', async () => {
    // No card names a model, so nothing is requested; only the refusal is checked.
    const { notes } = await run([], { hubUrl: 'http://hub.example.invalid', token: 'hf_abcdef123456' });
    expect(notes).toEqual(['HF_TOKEN was not sent: hub-url uses plain http, which would expose it on the network; use https.']);
  });

  test('a token with characters a header cannot carry is not sent', async () => {
    hub.model('t/ok', {});
    const { notes } = await run([card({ base_model: 't/ok' })], { token: 'abc\r\nX-Evil: 1' });
    expect(hub.requests[0].authorization).toBeUndefined();
    expect(notes[0]).toMatch(/HF_TOKEN was not sent/);
  });
});

describe('ids', () => {
  test('ids with .., %2F or other characters the Hub does not allow are refused without a request', async () => {
    const bad = [
      '../../etc/passwd',
      'owner/..',
      'owner/%2F..',
      'owner%2Fname',
      'a/b/c',
      'owner/na me',
      'https://huggingface.co/a/b',
      'gpt2',
      'o/n?x=1',
      'o/n#f',
      '-o/n',
      'o/n.git',
      'o--x/n',
      ''
    ];
    const { facts, notes } = await run([card({ base_model: bad, release: { synthetic_data: [{ generator: '../x' }] } })]);
    expect(hub.requests).toEqual([]);
    expect(facts.size).toBe(0);
    expect(notes).toHaveLength(bad.length + 1);
    expect(notes[0]).toBe(
      'Skipped the base_model "../../etc/passwd" in models/x/README.md: it is not a Hub model id of the form owner/name, so it was not looked up.'
    );
    expect(notes.at(-1)).toMatch(/^Skipped the synthetic-data generator "..\/x"/);
  });

  test('Hub-legal ids pass', () => {
    for (const id of ['meta-llama/Llama-3.1-8B', 'TheBloke/Llama-2-7B-GGUF', 'a/b', 'org_1/model.v2-final', ' google/gemma-2b ']) {
      expect(parseModelId(id)).toBeDefined();
    }
    expect(parseModelId(' google/gemma-2b ')).toEqual({ owner: 'google', name: 'gemma-2b', id: 'google/gemma-2b' });
    expect(parseModelId(42)).toBeUndefined();
  });

  test('control characters in a skipped id are dropped from the note', async () => {
    const { notes } = await run([card({ base_model: 'evil\u202e/\u0007x y' })]);
    expect(notes[0]).toContain('"evil/x y"');
  });

  test('each id is requested once even when many cards share it, with bounded concurrency', async () => {
    hub.set('shared/base', { body: { cardData: { license: 'mit' } }, delayMs: 20 });
    for (let i = 0; i < 12; i++) hub.set(`own/m${i}`, { body: { cardData: { base_model: 'shared/base' } }, delayMs: 20 });
    const cards = Array.from({ length: 40 }, (_, i) => card({ base_model: [`own/m${i % 12}`, 'Shared/Base'] }, `c${i}/README.md`));
    const { facts } = await run(cards, { concurrency: 4 });
    expect(hub.count('shared/base')).toBe(1);
    for (let i = 0; i < 12; i++) expect(hub.count(`own/m${i}`)).toBe(1);
    expect(hub.requests).toHaveLength(13);
    expect(hub.maxInFlight).toBeLessThanOrEqual(4);
    expect(facts.size).toBe(13);
  });

  test('the number of models per run is bounded', async () => {
    const { facts, notes } = await run([card({ base_model: ['a/1', 'a/2', 'a/3'] })], { maxModels: 2 });
    expect(facts.size).toBe(2);
    expect(notes.at(-1)).toBe('1 more model was not looked up: one run looks up at most 2 models on the Hub.');
  });
});

describe('never throws', () => {
  test('bad hub-url, cards without metadata and odd shapes', async () => {
    await expect(lookupAncestry([card({ base_model: 'a/b' })], { hubUrl: 'not a url' })).resolves.toEqual({
      facts: new Map(),
      notes: ['The Hub lookup was skipped: hub-url is not a valid URL.']
    });
    const ftp = await lookupAncestry([card({ base_model: 'a/b' })], { hubUrl: 'ftp://x' });
    expect(ftp.notes[0]).toMatch(/http or https/);
    const creds = await lookupAncestry([card({ base_model: 'a/b' })], { hubUrl: 'http://user:pw@127.0.0.1:1' });
    expect(creds.notes[0]).toMatch(/user name or password/);
    const odd = await run([
      card(undefined),
      card({ base_model: 5, release: { synthetic_data: 'x' } }),
      card({ base_model: [null, {}, []], release: null })
    ]);
    expect(odd).toEqual({ facts: new Map(), notes: [] });
    expect(hub.requests).toEqual([]);
  });

  test('tags are read as the Hub writes them', () => {
    expect(
      factsFromTags(['license:cc-by-nc-4.0', 'license:mit', 'base_model:quantized:x/y', 'base_model:x/y', 'base_model:merge:z/w'])
    ).toEqual({
      license: 'cc-by-nc-4.0',
      baseModels: ['x/y', 'z/w'],
      relation: 'quantized'
    });
  });
});

describe('datasets', () => {
  test('licence, licence name and gating are read from cardData or the tags, and stored under datasets/<id>', async () => {
    hub.dataset('org/data', { license: 'other', license_name: 'org-data-licence', base_model: 'x/ignored' }, { gated: 'auto' });
    hub.dataset('tag/only', {}, { tags: ['task_categories:text-generation', 'license:cc-by-sa-4.0'] });
    hub.dataset('multi/licence', { license: ['cc-by-4.0', 'CC-BY-NC-4.0', 'cc-by-4.0'] });
    const { facts, notes } = await run([card({ license: 'apache-2.0', datasets: ['org/data', 'tag/only', 'multi/licence'] })]);
    expect(facts.get('datasets/org/data')).toEqual({
      id: 'datasets/org/data',
      source: 'hub',
      license: 'other',
      licenseName: 'org-data-licence',
      gated: 'auto'
    });
    expect(facts.get('datasets/tag/only')).toEqual({ id: 'datasets/tag/only', source: 'hub', license: 'cc-by-sa-4.0', gated: false });
    // Every licence a dataset lists binds a model trained on it.
    expect(facts.get('datasets/multi/licence')?.license).toBe('cc-by-4.0 AND CC-BY-NC-4.0');
    expect(notes).toEqual([]);
    // Datasets are not followed further, even when their card names a base model.
    expect(hub.requests.map((r) => r.rawPath).sort()).toEqual([
      '/api/datasets/multi/licence',
      '/api/datasets/org/data',
      '/api/datasets/tag/only'
    ]);
  });

  test("a single-name canonical dataset is looked up, following the Hub's redirect to its repository", async () => {
    hub.setDataset('squad', { status: 307, headers: { location: '/api/datasets/rajpurkar/squad' } });
    hub.dataset('rajpurkar/squad', { license: 'cc-by-sa-4.0' });
    const { facts, notes } = await run([card({ datasets: 'squad' })]);
    expect(facts.get('datasets/squad')).toMatchObject({ id: 'datasets/squad', license: 'cc-by-sa-4.0' });
    expect(notes).toEqual([]);
    expect(hub.requests.map((r) => r.rawPath)).toEqual(['/api/datasets/squad', '/api/datasets/rajpurkar/squad']);
  });

  test('a redirect that leaves /api/datasets/ is refused', async () => {
    hub.setDataset('o/moved', { status: 302, headers: { location: '/api/models/o/moved' } });
    const { facts } = await run([card({ datasets: ['o/moved'] })]);
    expect(facts.get('datasets/o/moved')?.error).toMatch(/redirected the request outside its API/);
    expect(hub.count('o/moved')).toBe(0);
  });

  test('not found', async () => {
    const { facts, notes } = await run([card({ datasets: ['ghost/data'] })]);
    expect(facts.get('datasets/ghost/data')).toEqual({ id: 'datasets/ghost/data', source: 'hub', error: 'not found on the Hub' });
    expect(notes).toEqual(['Hub lookup of the dataset ghost/data: not found on the Hub.']);
  });

  test('gated without access: an error that says it is gated and a token is needed', async () => {
    hub.setDataset('gated/data', {
      status: 403,
      body: { error: 'Access to dataset gated/data is restricted.', gated: 'manual' },
      headers: { 'x-error-code': 'GatedRepo' }
    });
    const { facts, notes } = await run([card({ datasets: ['gated/data'] })], { token: 'hf_datasetToken99' });
    const gated = facts.get('datasets/gated/data')!;
    expect(gated.error).toMatch(/^gated on the Hub/);
    expect(gated.error).toMatch(/token that has access/);
    expect(gated.gated).toBe('manual');
    expect(hub.requests[0].authorization).toBe('Bearer hf_datasetToken99');
    expect(notes).toEqual([expect.stringMatching(/^Hub lookup of the dataset gated\/data: gated on the Hub/)]);
    expect(notes.join('\n')).not.toContain('hf_datasetToken99');
  });

  test('a dataset shared by several cards is requested once, alongside models, with bounded concurrency', async () => {
    hub.setDataset('shared/data', { body: { cardData: { license: 'mit' } }, delayMs: 20 });
    for (let i = 0; i < 6; i++) hub.setDataset(`own/d${i}`, { body: { cardData: { license: 'cc0-1.0' } }, delayMs: 20 });
    hub.set('shared/data', { body: { cardData: { license: 'apache-2.0' } }, delayMs: 20 });
    const cards = Array.from({ length: 30 }, (_, i) =>
      card({ base_model: 'shared/data', datasets: i % 2 === 0 ? 'Shared/Data' : ['shared/data', `own/d${i % 6}`] }, `c${i}/README.md`)
    );
    const { facts, notes } = await run(cards, { concurrency: 3 });
    expect(hub.countDataset('shared/data')).toBe(1);
    expect(hub.count('shared/data')).toBe(1);
    expect(hub.requests).toHaveLength(5);
    expect(hub.maxInFlight).toBeLessThanOrEqual(3);
    // The same id as a model and as a dataset: two requests, two separate facts.
    expect(facts.get('shared/data')?.license).toBe('apache-2.0');
    expect(facts.get('datasets/Shared/Data')?.license).toBe('mit');
    expect(notes).toEqual([]);
  });

  test('invalid dataset ids are skipped with a note, never requested', async () => {
    const bad = ['../x', 'a/b/c', 'https://huggingface.co/datasets/a/b', 'my data', 'o/%2F..', 'x.git', 'datasets/x', '-x', 'o/n?x=1', ''];
    const { facts, notes } = await run([card({ datasets: [...bad, 5, null, { id: 'o/n' }] })]);
    expect(hub.requests).toEqual([]);
    expect(facts.size).toBe(0);
    expect(notes).toHaveLength(bad.length);
    expect(notes[0]).toBe(
      'Skipped the dataset "../x" in models/x/README.md: it is not a Hub dataset id (owner/name, or the single name of a canonical dataset such as squad), so its licence was not looked up.'
    );
    expect(parseDatasetId(' glue ')).toEqual({ name: 'glue', id: 'glue' });
    expect(parseDatasetId('HuggingFaceFW/fineweb-edu')).toEqual({
      owner: 'HuggingFaceFW',
      name: 'fineweb-edu',
      id: 'HuggingFaceFW/fineweb-edu'
    });
    // A model id cannot live in the Hub's own `datasets` namespace, which keeps it apart from dataset keys.
    expect(parseModelId('datasets/squad')).toBeUndefined();
  });

  test('the time budget and the per-run limit cover datasets too', async () => {
    hub.setDataset('slow/data', { hang: true });
    const slow = await run([card({ datasets: ['slow/data'] })], { timeoutMs: 60_000, totalTimeoutMs: 200 });
    expect(slow.facts.get('datasets/slow/data')?.error).toMatch(/used up its time budget of 0.2 s/);
    expect(slow.notes[0]).toBe('The Hub lookup stopped after its time budget of 0.2 s; some licences of datasets were not looked up.');
    const capped = await run([card({ datasets: ['a/1', 'a/2', 'A/1', 'a/3'] })], { maxDatasets: 2 });
    expect([...capped.facts.keys()]).toEqual(['datasets/a/1', 'datasets/a/2']);
    expect(capped.notes.at(-1)).toBe('1 more dataset was not looked up: one run looks up at most 2 datasets on the Hub.');
  });

  test('malformed answers are errors; a server error is retried', async () => {
    hub.setDataset('bad/json', { raw: '{' });
    hub.setDataset('flaky/data', [{ status: 503 }, { body: { cardData: { license: 'odc-by' } } }]);
    const { facts } = await run([card({ datasets: ['bad/json', 'flaky/data'] })], { retryBaseMs: 50 });
    expect(facts.get('datasets/bad/json')?.error).toBe('the Hub answered with something that is not JSON');
    expect(facts.get('datasets/flaky/data')?.license).toBe('odc-by');
    expect(waits).toEqual([50]);
  });
});
