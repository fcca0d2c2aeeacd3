/**
 * Issue 10 at unit level: paths with line terminators, non-UTF-8 READMEs found by discovery,
 * sticky-comment markers, prototype keys from a card, and hostile policies. The same classes run
 * through the bundles in hardening-dist.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { discoverCards, matchable } from '../../src/card/discover.js';
import { loadCards } from '../../src/card/read.js';
import { parseCard } from '../../src/card/parse.js';
import { applyWaivers, check } from '../../src/engine.js';
import type { Finding } from '../../src/types.js';
import { commentBody, isOwnMarkerBody, markerFor, neutraliseMarkers, ownComments, type Identity } from '../../src/github/comment.js';
import { cardMatcher } from '../../src/github/pr.js';
import { inlineBody } from '../../src/github/review.js';
import { artefactsOf } from '../../src/meta.js';
import { classifyOpenness } from '../../src/openness.js';
import { allowedAndDenied, globProblem, waiverCovers } from '../../src/policy/bounds.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { parsePolicy, PolicyError } from '../../src/policy/load.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderText } from '../../src/report/text.js';
import { licenceStatements } from '../../src/licences/text.js';
import { ODD_FOLDERS, utf16 } from './hostile-names.js';

const UTF16 = (order: 'le' | 'be'): Buffer => utf16('---\nlicense: mit\n---\n', order);

describe('discovery finds every card whatever bytes its path holds', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'mrg-paths-'));
    for (const folder of ODD_FOLDERS) {
      mkdirSync(path.join(root, folder));
      writeFileSync(path.join(root, folder, 'README.md'), '---\nlicense: mit\n---\n');
    }
    mkdirSync(path.join(root, 'names'));
    writeFileSync(path.join(root, 'names', 'MODEL_CARD.md'), '---\nlicense: mit\n---\n');
    for (const [folder, bytes] of [
      ['utf16le', UTF16('le')],
      ['utf16be', UTF16('be')],
      ['latin1', Buffer.from('# caf\xe9\n', 'latin1')]
    ] as const) {
      mkdirSync(path.join(root, folder));
      writeFileSync(path.join(root, folder, 'README.md'), bytes);
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each([
    ['a folder walk', ['.']],
    ['the default globs', ['**/README.md']],
    ['a glob with ?', ['x?y/README.md']]
  ])('lists each odd folder by %s', async (_how, patterns) => {
    const { files } = await discoverCards(root, patterns);
    const shown = files.map((f) => f.reportPath);
    for (const folder of ODD_FOLDERS) expect(shown).toContain(`${folder}/README.md`);
  });

  it('enters a folder whose name is not valid UTF-8 and reports the card under it as unreadable', async () => {
    const raw = Buffer.concat([Buffer.from(path.join(root, 'bad')), Buffer.from([0xff, 0xfe]), Buffer.from('name')]);
    mkdirSync(raw);
    writeFileSync(Buffer.concat([raw, Buffer.from('/README.md')]), '---\nlicense: mit\n---\n');
    try {
      const { files } = await discoverCards(root, ['.']);
      const cards = await loadCards(
        root,
        files.filter((f) => f.reportPath.startsWith('bad'))
      );
      expect(cards.map((c) => [c.path, c.problems[0]?.message])).toEqual([
        ['bad\uFFFD\uFFFDname/README.md', expect.stringMatching(/not valid UTF-8/)]
      ]);
    } finally {
      rmSync(raw, { recursive: true, force: true });
    }
  });

  it('matches the PR file list the same way', () => {
    const match = cardMatcher(undefined);
    for (const folder of ODD_FOLDERS) expect(match(`models/${folder}/README.md`)).toEqual({ explicit: false });
    expect(match('a\nb/MODEL_CARD.md')).toEqual({ explicit: false });
    expect(matchable('a\r\nb')).not.toMatch(/[\r\n]/);
  });

  it('turns a README.md in UTF-16 (either byte order) or Latin-1, found by a walk, into a card-parse card', async () => {
    const { files } = await discoverCards(root, ['.']);
    const cards = await loadCards(root, files);
    const messages = Object.fromEntries(cards.map((c) => [c.path, c.problems[0]?.message ?? '']));
    expect(messages['utf16le/README.md']).toMatch(/UTF-16/);
    expect(messages['utf16be/README.md']).toMatch(/UTF-16/);
    expect(messages['latin1/README.md']).toMatch(/not valid UTF-8/);
    const report = check({ cards, policy: defaultPolicy(), today: '2026-01-01' });
    expect(report.cards.find((c) => c.path === 'utf16le/README.md')!.findings.map((f) => f.rule)).toEqual(['card-parse']);
  });

  it('shows each odd path escaped, never folded or raw, in text and markdown', () => {
    const cards = ODD_FOLDERS.map((f) => parseCard(`${f}/README.md`, '---\nlicense: nope\n---\n'));
    const report = check({ cards, policy: defaultPolicy(), today: '2026-01-01' });
    const text = renderText(report);
    const markdown = renderMarkdown(report);
    for (const out of [text, markdown]) {
      expect(out).toContain('x\\u{000A}y/README.md');
      expect(out).toContain('x\\u{000D}y/README.md');
      expect(out).toContain('x\\u{2028}y/README.md');
      expect(out).toContain('x\\u{001B}y/README.md');
      expect(out).not.toMatch(/x[\r\u2028\u2029\u0085\u0001\u001b]y/);
    }
    expect(text).not.toContain('x\ny');
    expect(JSON.parse(renderJson(report)).cards.map((c: { path: string }) => c.path)).toEqual(
      expect.arrayContaining(ODD_FOLDERS.map((f) => `${f}/README.md`))
    );
  });
});

describe('sticky-comment markers', () => {
  const identity: Identity = { logins: ['github-actions[bot]'], source: 'fallback' };
  const bot = { login: 'github-actions[bot]' };
  const marker = markerFor('');
  const other = markerFor('other');

  it('counts a comment as ours only with the marker as its exact first line and our author', () => {
    const comments = [
      { id: 1, user: bot, body: `intro\n${marker}\nbody` },
      { id: 2, user: bot, body: `${marker}x\nbody` },
      { id: 3, user: bot, body: ` ${marker}\nbody` },
      { id: 4, user: { login: 'mallory' }, body: `${marker}\nbody` },
      { id: 5, user: bot, body: `${other}\nbody ${marker}` },
      { id: 6, user: bot, body: `${marker}\r\nbody` },
      { id: 7, user: bot, body: marker }
    ];
    expect(ownComments(comments, marker, identity).map((c) => c.id)).toEqual([6, 7]);
    expect(isOwnMarkerBody(`${marker}\nx`, marker)).toBe(true);
    expect(isOwnMarkerBody(`${marker.toUpperCase()}\nx`, marker)).toBe(false);
  });

  it.each([
    other,
    '<!--model-release-gate:other-->',
    '<!--   MODEL-RELEASE-GATE:other   -->',
    '<!-- model-release-gate:review: rule=card-parse -->',
    '<!-- model_release_gate -->'
  ])('neutralises card text that looks like a marker (%s) in every body', (lookalike) => {
    const card = parseCard('m/README.md', `---\nlicense: ${JSON.stringify(lookalike)}\ntags: [${JSON.stringify(lookalike)}]\n---\n`);
    const report = check({ cards: [card], policy: defaultPolicy(), today: '2026-01-01' });
    const bodies = [commentBody(marker, renderMarkdown(report)), neutraliseMarkers(renderMarkdown(report))];
    for (const f of report.cards[0].findings)
      bodies.push(inlineBody({ path: 'm/README.md', line: f.line, rule: f.rule, severity: f.severity, message: f.message }, ''));
    for (const body of bodies) {
      const ours = body.startsWith(marker) ? body.slice(marker.length) : body;
      const tail = ours.replace(/\n\n<!-- model-release-gate:review: rule=[a-z-]+ -->$/, '');
      expect(tail).not.toContain('<!--');
    }
  });
});

describe('keys from a card never index plain objects', () => {
  const card = (artefacts: string): ReturnType<typeof parseCard> =>
    parseCard('m/README.md', `---\nlicense: apache-2.0\nrelease:\n  access: open\n  artefacts:\n${artefacts}\n---\n`);

  it('does not count a weights entry hidden under __proto__ towards openness', () => {
    const hidden = card('    __proto__: { weights: { status: released, licence: Apache-2.0, location: x } }');
    expect(artefactsOf(hidden.data!).weights).toBeUndefined();
    expect(Object.keys(artefactsOf(hidden.data!))).toEqual(['__proto__']);
    const plain = card('    training_code: { status: released, licence: Apache-2.0, location: x }');
    expect(classifyOpenness(hidden.data!)).toEqual(classifyOpenness(plain.data!));
    const report = check({ cards: [hidden], policy: defaultPolicy(), today: '2026-01-01' });
    const rules = report.cards[0].findings.map((f) => f.rule);
    expect(rules).toContain('card-schema');
    expect(rules).toContain('artefact-undeclared');
    expect(report.cards[0].artefacts.weights).toBeUndefined();
  });

  it.each(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'])(
    'renders a status or key named %s as ordinary text',
    (key) => {
      const c = card(`    weights: { status: ${key}, licence: Apache-2.0, location: x }\n    ${key}: { status: ${key} }`);
      const report = check({ cards: [c], policy: defaultPolicy(), today: '2026-01-01' });
      const markdown = renderMarkdown(report);
      expect(markdown).not.toContain('[object Object]');
      expect(markdown).not.toMatch(/function|native code/);
      expect(report.cards[0].artefacts.weights).toBe(key);
      expect(Object.hasOwn(report.cards[0].artefacts, key)).toBe(true);
      expect(JSON.parse(renderJson(report)).cards[0].artefacts[key]).toBe(key);
      expect(report.cards[0].findings.some((f) => f.rule === 'card-schema')).toBe(true);
      expect(({} as Record<string, unknown>).status).toBeUndefined();
    }
  );
});

describe('hostile policies', () => {
  it.each([
    ['many stars', `${'*a'.repeat(30)}*b/README.md`, /wildcards/],
    ['stars across segments', 'a*/b*/c*/d*/e*/README.md', /wildcards; the limit is 4/],
    ['an extglob', 'models/+(a|b)/README.md', /extended glob/],
    ['nested braces', 'models/{a,{b,c}}/README.md', /braces inside braces/],
    ['a very long glob', `${'a/'.repeat(200)}README.md`, /characters long/]
  ])('refuses a waiver glob with %s, at its line', (_name, glob, message) => {
    expect(globProblem(glob)).toMatch(message);
    const text = `rules: {}\nwaivers:\n  - rule: licence-missing\n    path: ${JSON.stringify(glob)}\n    reason: Accepted.\n`;
    let error: unknown;
    try {
      parsePolicy(text, 'policy.yml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).problems).toEqual([
      expect.objectContaining({ line: 4, key: 'waivers[0].path', message: expect.stringMatching(message) })
    ]);
  });

  it.each([
    'models/**/README.md',
    'models/legacy-*/README.md',
    '**/x-*-y*/MODEL_CARD.md',
    'models/{a,b,c}/README.md',
    'models/v?/README.md'
  ])('accepts an ordinary glob %s', (glob) => {
    expect(globProblem(glob)).toBeUndefined();
  });

  it('compiles each waiver glob once per policy, not once per card (thousands of each stay fast)', () => {
    const waivers = Array.from({ length: 3000 }, (_, i) => ({ rule: 'licence-missing', path: `m${i}/*/README.md`, reason: 'Accepted.' }));
    const start = performance.now();
    for (let c = 0; c < 300; c++) {
      const findings: Finding[] = [{ rule: 'licence-missing', severity: 'error', message: 'x', line: 1, column: 1 }];
      applyWaivers(`m${c}/a/README.md`, findings, waivers, '2026-01-01');
      expect(findings[0].waived).toEqual({ reason: 'Accepted.' });
    }
    // Recompiling per card (900,000 compilations) took tens of seconds.
    expect(Math.round(performance.now() - start)).toBeLessThan(5000);
    expect(waiverCovers({ path: 'models/*/README.md' }, 'models/x\ny/README.md')).toBe(true);
  });

  it('finds the ids both allowed and denied in one pass, once each', () => {
    const allow = Array.from({ length: 50_000 }, (_, i) => `id-${i}`);
    const deny = Array.from({ length: 50_000 }, (_, i) => `ID-${i + 49_998}`);
    expect(allowedAndDenied([...allow, 'id-49999'], deny)).toEqual(['id-49998', 'id-49999']);
  });
});

describe('licence statements keep their meaning on the capped, folded lines the scanner sees', () => {
  it('reads values and headings as before, and leaves an indented code block alone', () => {
    expect(licenceStatements('intro\n  License:      Apache-2.0   \n', 10)).toEqual([
      { line: 11, column: 3, text: 'Apache-2.0', kind: 'value' }
    ]);
    expect(licenceStatements('##   License\n\nMIT\n', 1)).toEqual([{ line: 3, column: 1, text: 'MIT', kind: 'value' }]);
    expect(licenceStatements('    ## License\n\nMIT\n', 1)).toEqual([]);
    expect(licenceStatements(`License: ${'x'.repeat(5000)} MIT`, 1)[0].text).toHaveLength(1000 - 'License: '.length);
  });
});
