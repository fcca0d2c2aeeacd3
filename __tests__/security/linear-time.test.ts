/**
 * Every function that sees card, path or policy text must run in time linear in its input, so that
 * a 1 MB card cannot hold a runner. Each text-facing function gets each adversarial shape (1 MB) and
 * must answer within an explicit upper bound — generous against a slow, shared machine, yet far
 * below what a quadratic scan of 1 MB takes (seconds to minutes). The bundled CLI gets whole cards.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cardMatcher, commentableLines } from '../../src/github/pr.js';
import { isOwnMarkerBody, neutraliseMarkers } from '../../src/github/comment.js';
import { unsafePattern } from '../../src/card/discover.js';
import { parseCard, splitFrontMatter } from '../../src/card/parse.js';
import { check } from '../../src/engine.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { globProblem } from '../../src/policy/bounds.js';
import { offlineLicenceOf } from '../../src/licences/ancestry.js';
import {
  aliasKey,
  lookalikes,
  lookupLicence,
  lookupLicenseName,
  parseLicenceExpression,
  parseRailName,
  resolveDeclaration,
  suggestLicence
} from '../../src/licences/knowledge.js';
import { isLicenceSelector, matchesSelector } from '../../src/licences/select.js';
import { licenceStatements, licencesInText } from '../../src/licences/text.js';
import { displayId, parseDatasetId, parseModelId } from '../../src/hub/ids.js';
import {
  codeSpan,
  escapeAnnotation,
  escapeLogText,
  escapeMarkdownText,
  nonAsciiCodePoints,
  revealHidden,
  stripControl
} from '../../src/report/escape.js';
import { richText } from '../../src/report/markdown.js';
import { runCli, cliBundled } from './cli-harness.js';

/**
 * An explicit upper bound on adversarial input (not a speed test: linear code needs a few ms, a
 * quadratic scan of 1 MB seconds to minutes). On a machine loaded by other work the bound grows
 * with the time one plain linear pass over the same text takes, so load cannot fail the test.
 */
const BOUND_MS = 400;
const LINEAR_PASSES = 40;

/** One plain linear pass over `text` (code points, case fold, a regex scan), for scale. */
function linearPass(text: string): unknown {
  let n = 0;
  for (const ch of text) if (ch === 'x') n++;
  return n + text.toLowerCase().replace(/\s/g, '').length;
}

const bounds = new Map<string, number>();
function bound(text: string): number {
  let reference = bounds.get(text);
  if (reference === undefined)
    bounds.set(
      text,
      (reference = Math.min(
        elapsed(() => linearPass(text)),
        elapsed(() => linearPass(text))
      ))
    );
  return Math.max(BOUND_MS, LINEAR_PASSES * reference);
}
const MB = 1024 * 1024;

/** Fills `unit` up to about 1 MB between a prefix and a suffix. */
const fill = (prefix: string, unit: string, suffix = ''): string =>
  prefix + unit.repeat(Math.floor((MB - prefix.length - suffix.length) / unit.length)) + suffix;

/** Shapes that broke or could break a backtracking regex or a scanner that rescans. */
const SHAPES: [string, string][] = [
  ['spaces after a licence heading', fill('## License\n', ' ', 'x')],
  ['spaces in a licence heading', fill('## ', ' ', 'Licensex')],
  ['`](` runs after License:', fill('License: ', '](')],
  ['`](` runs after a bullet', fill('- **License:** [x', ']([')],
  ['spaces in a License: line', fill('License', ' ', 'x')],
  ['spaces in a table row', fill('| ', ' ', 'x')],
  ['bullet then spaces', fill('- ', ' ', '**x')],
  ['emphasis runs', fill('', '**')],
  ['dashes after a RAIL name', fill('openrail', '-', 'x')],
  ['separators after a RAIL name', fill('research only open rail', ' -_', 'v1x')],
  ['RAIL letters', fill('rail-', 'dams-', '!')],
  ['a long MIT AND expression', fill('', 'MIT AND ', 'MIT')],
  ['a long expression of Hub ids', fill('', 'llama3 OR ', 'llama3')],
  ['a long WITH expression', fill('', 'GPL-2.0 WITH Classpath-exception-2.0 OR ', 'MIT')],
  ['open parentheses', fill('', '(')],
  ['a long line without newline', fill('', 'a')],
  ['a long id with dashes', fill('', 'a-')],
  ['a long LicenseRef', fill('LicenseRef-', 'a')],
  ['many fences', fill('', '---\n')],
  ['many fences without newline', fill('', '---')],
  ['deep indentation', fill('a:\n', ' ', 'b: c')],
  ['deep list indentation', fill('', '  - ')],
  ['CR runs', fill('', 'x\r')],
  ['line-separator runs', fill('', 'x\u2028')],
  ['hash runs', fill('', '# ')],
  ['ordered-list markers', fill('', '1.')],
  ['backtick runs', fill('', '`')],
  ['at signs', fill('', '@')],
  ['scheme runs', fill('', 'https://')],
  ['comment openers', fill('', '<!--')],
  ['marker look-alikes', fill('', '<!-- model-release-gate ')],
  ['bidi controls', fill('', '\u202e')],
  ['distinct code points', Array.from({ length: 300_000 }, (_, i) => String.fromCodePoint(0x100 + i)).join('')],
  ['words that name no licence', fill('', 'non ')],
  ['research and not', fill('research not ', ' ', 'x')],
  ['versions', fill('v', '1.', 'x')],
  ['glob stars', fill('', '*a')],
  ['glob braces', fill('', '{a,')],
  ['slashes', fill('', 'a/')],
  ['hunk headers', fill('@@ -1 +', '1', ' @@')]
];

type Subject = (s: string) => unknown;

/** Every exported function that sees card, path or policy text (body, values, names, ids). */
const SUBJECTS: [string, Subject][] = [
  ['licenceStatements', (s) => licenceStatements(s, 1)],
  ['licenceStatements under a heading', (s) => licenceStatements(`## License\n${s}`, 1)],
  ['licencesInText (prose)', (s) => licencesInText(s, 'prose')],
  ['licencesInText (value)', (s) => licencesInText(s, 'value')],
  ['parseLicenceExpression', (s) => parseLicenceExpression(s)],
  ['lookupLicence', (s) => lookupLicence(s)],
  ['lookupLicenseName', (s) => lookupLicenseName(s)],
  ['parseRailName', (s) => parseRailName(s)],
  ['aliasKey', (s) => aliasKey(s)],
  ['lookalikes', (s) => lookalikes(s)],
  ['suggestLicence', (s) => suggestLicence(s)],
  ['resolveDeclaration', (s) => resolveDeclaration(s)],
  ['resolveDeclaration (other)', (s) => resolveDeclaration('other', s, s)],
  ['isLicenceSelector', (s) => isLicenceSelector(s)],
  ['matchesSelector', (s) => matchesSelector(s, 'family:rail')],
  ['offlineLicenceOf', (s) => offlineLicenceOf(s)],
  ['parseModelId', (s) => parseModelId(s)],
  ['parseDatasetId', (s) => parseDatasetId(s)],
  ['displayId', (s) => displayId(s)],
  ['splitFrontMatter', (s) => splitFrontMatter(s)],
  ['escapeMarkdownText', (s) => escapeMarkdownText(s)],
  ['codeSpan', (s) => codeSpan(s)],
  ['escapeAnnotation', (s) => escapeAnnotation(s)],
  ['escapeLogText', (s) => escapeLogText(s)],
  ['stripControl', (s) => stripControl(s)],
  ['revealHidden', (s) => revealHidden(s)],
  ['nonAsciiCodePoints', (s) => nonAsciiCodePoints(s)],
  ['richText', (s) => richText(s)],
  ['neutraliseMarkers', (s) => neutraliseMarkers(s)],
  ['isOwnMarkerBody', (s) => isOwnMarkerBody(s, '<!-- model-release-gate -->')],
  ['commentableLines', (s) => commentableLines(s)],
  ['cardMatcher', (s) => cardMatcher(undefined)(s)],
  ['unsafePattern', (s) => unsafePattern(s)],
  ['globProblem', (s) => globProblem(s)]
];

function elapsed(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

beforeAll(() => {
  // Warm the lazily built tables (phrases, near-miss keys) so they are not timed.
  for (const [, subject] of SUBJECTS) subject('License: MIT');
});

describe.each(SUBJECTS)('%s on 1 MB adversarial text', (_name, subject) => {
  it.each(SHAPES)(`answers %s within ${BOUND_MS} ms (more only on a loaded machine)`, (_shape, text) => {
    const took = elapsed(() => subject(text));
    expect({ took: Math.round(took), within: took < bound(text) }).toEqual({ took: Math.round(took), within: true });
  });
});

/** Cards that place each shape where the card's own scanners (YAML, rules, renderers) meet it. */
function hostileCards(): [string, string][] {
  const fm = (yaml: string, body = ''): string => `---\n${yaml}\n---\n${body}`;
  const cut = (s: string): string => s.slice(0, MB - 400);
  const q = (s: string): string => JSON.stringify(s);
  return [
    ['licence heading then spaces', fm('license: mit', cut(fill('## License\n', ' ', 'x')))],
    ['`](` after License:', fm('license: mit', cut(fill('License: ', '](')))],
    ['table row of spaces', fm('license: mit', cut(fill('| ', ' ', 'x')))],
    [
      'RAIL name then dashes',
      fm(`license: other\nlicense_name: ${q(cut(fill('openrail', '-', 'x')))}\nlicense_link: https://example.com/l`)
    ],
    ['RAIL licence id then dashes', fm(`license: ${q(cut(fill('openrail', '-', 'x')))}`)],
    ['MIT AND …', fm(`license: ${q(cut(fill('', 'MIT AND ', 'MIT')))}`)],
    ['Hub ids OR …', fm(`license: ${q(cut(fill('', 'llama3 OR ', 'llama3')))}`)],
    [
      'a list of 100,000 licences',
      fm(`license: [${Array.from({ length: 100_000 }, (_, i) => (i % 2 ? 'mit' : `l${i % 1000}`)).join(',')}]`)
    ],
    [
      '40,000 base models',
      fm(`license: mit\nbase_model: [${Array.from({ length: 40_000 }, (_, i) => `meta-llama/Llama-2-${i}`).join(',')}]`)
    ],
    ['base model of dashes', fm(`license: mit\nbase_model: ${q(cut(fill('', 'a-')))}`)],
    [
      'artefact licence of spaces',
      fm(
        `license: mit\nrelease:\n  access: open\n  artefacts:\n    weights: { status: released, licence: ${q(cut(fill('a', ' ', 'b')))}, location: x }`
      )
    ],
    ['many fences', fm('license: mit', cut(fill('', '---\n')))],
    ['long line', fm('license: mit', cut(fill('', 'a')))]
  ];
}

describe('the whole engine on 1 MB adversarial cards', () => {
  it.each(hostileCards())('checks a card with %s within the bound', (_name, text) => {
    const took = elapsed(() => check({ cards: [parseCard('m/README.md', text)], policy: defaultPolicy(), today: '2026-01-01' }));
    // Parsing 1 MB of YAML (100,000 list items) is itself up to a second; the bound is for the whole
    // check, and a quadratic step on such a card takes minutes.
    expect({ took: Math.round(took), within: took < 10 * bound(text) }).toEqual({ took: Math.round(took), within: true });
  });
});

const maybe = cliBundled() ? describe : describe.skip;

maybe('the bundled CLI on a 1 MB adversarial card', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mrg-linear-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(hostileCards())(
    'reports the card with %s, with a verdict, well within 10 s',
    async (name, text) => {
      const folder = path.join(dir, name.replace(/[^A-Za-z0-9]+/g, '-'));
      mkdirSync(folder);
      writeFileSync(path.join(folder, 'README.md'), text);
      const start = performance.now();
      const run = await runCli(['check', '--format', 'json'], folder);
      const took = performance.now() - start;
      expect({ signal: run.signal, status: run.status }).toEqual({ signal: null, status: 1 });
      expect((JSON.parse(run.stdout) as { summary: { cards: number } }).summary.cards).toBe(1);
      expect(Math.round(took)).toBeLessThan(10_000);
    },
    30_000
  );
});
