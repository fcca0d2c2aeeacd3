/**
 * Hostile workspaces built at test time and checked by the bundled CLI (run `npm run bundle`
 * first). Every bad file must become a clear finding, nothing may hang or crash, and nothing from
 * outside the workspace or from the card's tricks may reach the output.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Report } from '../../src/types.js';
import { cliBundled, runCli, type CliRun } from './cli-harness.js';
import { markdownFacts, PINGING_MENTION } from './markdown-check.js';

const SECRET = 'SECRET-TOKEN-123';
const ENV_CANARY = 'mrg-env-canary-4711';
const FORMATS = ['json', 'markdown', 'text', 'sarif'] as const;

let base: string;
let ws: string;
const runs = new Map<string, CliRun>();

const write = (relative: string, content: string | Buffer): void => {
  const file = path.join(ws, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
};

function billionLaughs(): string {
  const lines = ['lol0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++)
    lines.push(
      `lol${i}: &l${i} [${Array(9)
        .fill(`*l${i - 1}`)
        .join(',')}]`
    );
  return `---\n${lines.join('\n')}\n---\n`;
}

/** Bad files and the path each is reported under. */
const BAD_CARDS = [
  'laughs/README.md',
  'deep/README.md',
  'big/README.md',
  'binary/README.md',
  'utf16/MODEL_CARD.md',
  'link/MODEL_CARD.md',
  'link-proc/model-card.yaml',
  'fifo/MODEL_CARD.md'
];

const INJECT = [
  '---',
  'license: "\u0430pache-2.0"',
  'base_model: "@everyone"',
  'tags: ["@github/security", "<img src=x onerror=alert(1)>", "</details>", "\u202Egnp.exe", "a|b", "```"]',
  'license_name: "x\\n::add-mask::visible\\n::stop-commands::tok\\n::error::fake"',
  'release:',
  '  access: "open\\n::error file=x::forged"',
  '  artefacts:',
  '    weights: { status: released, licence: "<script>alert(1)</script>", location: "javascript:alert(1)" }',
  '    training_code: { status: "![](http://tracker.evil.example/p.png)" }',
  '---',
  '# Model',
  ''
].join('\n');

beforeAll(async () => {
  base = mkdtempSync(path.join(tmpdir(), 'mrg-hostile-'));
  ws = path.join(base, 'ws');
  mkdirSync(path.join(base, 'outside', 'models'), { recursive: true });
  writeFileSync(path.join(base, 'outside', 'secret.md'), `---\nlicense: ${SECRET}\n---\n${SECRET}\n`);
  writeFileSync(path.join(base, 'outside', 'models', 'README.md'), `---\nlicense: ${SECRET}\n---\n`);
  mkdirSync(ws);
  write('laughs/README.md', billionLaughs());
  write('deep/README.md', `---\nx: ${'['.repeat(10000)}${']'.repeat(10000)}\n---\n`);
  write('big/README.md', `---\nlicense: mit\n---\n${'A'.repeat(5 * 1024 * 1024)}\n`);
  write('binary/README.md', Buffer.concat([Buffer.from('---\nlicense: mit\n---\n'), Buffer.alloc(4096)]));
  write('utf16/MODEL_CARD.md', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('---\nlicense: mit\n---\n', 'utf16le')]));
  mkdirSync(path.join(ws, 'link'));
  symlinkSync(path.join(base, 'outside', 'secret.md'), path.join(ws, 'link', 'MODEL_CARD.md'));
  mkdirSync(path.join(ws, 'link-proc'));
  symlinkSync('/proc/self/environ', path.join(ws, 'link-proc', 'model-card.yaml'));
  symlinkSync(path.join(base, 'outside', 'models'), path.join(ws, 'linked-folder'));
  mkdirSync(path.join(ws, 'fifo'));
  execFileSync('mkfifo', [path.join(ws, 'fifo', 'MODEL_CARD.md')]);
  write('inject/README.md', INJECT);
  // File and folder names are PR content too.
  write('::error::forged-by-folder/README.md', '---\nlicense: mit\n---\n');
  if (!cliBundled()) return;
  for (const format of FORMATS) runs.set(format, await runCli(['check', '--format', format], ws, { MRG_CANARY: ENV_CANARY }));
}, 120_000);

afterAll(() => rmSync(base, { recursive: true, force: true }));

const maybe = cliBundled() ? describe : describe.skip;

maybe('the CLI on a hostile workspace', () => {
  it.each(FORMATS)('finishes with a verdict (exit 0 or 1) in --format %s, without a hang or crash', (format) => {
    const run = runs.get(format)!;
    expect({ signal: run.signal, stderr: run.stderr.slice(0, 500) }).toEqual({ signal: null, stderr: expect.any(String) });
    expect([0, 1]).toContain(run.status);
  });

  it.each(FORMATS)('leaks nothing from outside the workspace in --format %s', (format) => {
    const run = runs.get(format)!;
    for (const stream of [run.stdout, run.stderr]) {
      expect(stream).not.toContain(SECRET);
      expect(stream).not.toContain(ENV_CANARY);
      expect(stream).not.toContain('outside/models');
    }
  });

  it('reports each bad file as a clear card-parse finding', () => {
    const report = JSON.parse(runs.get('json')!.stdout) as Report;
    expect(report.result).toBe('fail');
    for (const cardPath of BAD_CARDS) {
      const card = report.cards.find((c) => c.path === cardPath);
      expect({ cardPath, parse: card?.findings.filter((f) => f.rule === 'card-parse').length ?? 0 }).toEqual({ cardPath, parse: 1 });
      expect(card!.findings.find((f) => f.rule === 'card-parse')!.message.length).toBeGreaterThan(20);
    }
    expect(report.cards.some((c) => c.path.startsWith('linked-folder/'))).toBe(false);
  });

  it('does not take a Cyrillic look-alike for the Apache licence', () => {
    const report = JSON.parse(runs.get('json')!.stdout) as Report;
    const card = report.cards.find((c) => c.path === 'inject/README.md')!;
    expect(card.findings.some((f) => f.rule === 'licence-unknown')).toBe(true);
  });

  it('renders the comment with no raw HTML, pings, images or bidi controls from the cards', () => {
    const markdown = runs.get('markdown')!.stdout;
    const facts = markdownFacts(markdown);
    for (const html of facts.html) expect(html).not.toMatch(/<img|<script|onerror|@everyone|\u202E/i);
    for (const text of facts.text) expect(text).not.toMatch(PINGING_MENTION);
    expect(facts.images).toEqual([]);
    expect(facts.links.filter((url) => /^javascript:/i.test(url))).toEqual([]);
    expect(markdown).not.toContain('\u202E');
  });

  it('prints no line that would start a workflow command, in any format', () => {
    for (const format of FORMATS) {
      const run = runs.get(format)!;
      for (const line of `${run.stdout}\n${run.stderr}`.split(/\r\n|[\r\n]/)) {
        expect({ format, line: /^\s*(::|##\[)/.test(line) ? line : '' }).toEqual({ format, line: '' });
      }
    }
  });

  it('writes valid SARIF whose results stay inside the files', () => {
    const sarif = JSON.parse(runs.get('sarif')!.stdout) as {
      version: string;
      runs: { results: { locations?: { physicalLocation?: { region?: { startLine?: number } } }[] }[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    for (const result of sarif.runs[0].results) {
      const line = result.locations?.[0]?.physicalLocation?.region?.startLine;
      if (line !== undefined) expect(line).toBeGreaterThanOrEqual(1);
    }
  });
});

maybe('the CLI on a card with very many keys', () => {
  // FAILS today: parse.ts asks yaml for `uniqueKeys: true`, which compares every key with every
  // other (quadratic): ~100,000 short keys fit under the 1 MiB cap and take minutes.
  it('finishes within the hang guard', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mrg-keys-'));
    try {
      const keys = Array.from({ length: 90_000 }, (_, i) => `k${i}: 1`).join('\n');
      writeFileSync(path.join(dir, 'README.md'), `---\n${keys}\n---\n`);
      const run = await runCli(['check', '--format', 'json'], dir);
      expect(run.signal).toBeNull();
      expect([0, 1]).toContain(run.status);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
