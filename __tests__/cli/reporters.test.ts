/** Unit tests of the four reporters over reports built by the real engine. */
import { readFileSync } from 'node:fs';
import { parseCard } from '../../src/card/parse.js';
import { check } from '../../src/engine.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown, richText } from '../../src/report/markdown.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderText } from '../../src/report/text.js';
import { TOOL } from '../../src/report/tool.js';
import { docsUrl } from '../../src/rules/create.js';
import { RULES } from '../../src/rules/index.js';
import type { Policy, Report } from '../../src/types.js';
import { markdownFacts, PINGING_MENTION } from '../security/markdown-check.js';

const GOOD = `---
license: apache-2.0
release:
  access: open
  artefacts:
    weights: { status: released, licence: apache-2.0, location: https://example.org/w }
    training_code: { status: released, licence: apache-2.0, location: https://example.org/c }
    inference_code: { status: released, licence: apache-2.0, location: https://example.org/c }
    training_data: { status: withheld, reason: Private. }
    hyperparameters: { status: released, location: https://example.org/h }
---
`;
const BAD = `---
license: apache-2.0
release:
  access: gated
  artefacts:
    weights: { status: released, licence: apache-2.0, location: https://example.org/w }
---
`;

function build(cards: Record<string, string>, policy: Policy = defaultPolicy()): Report {
  const parsed = Object.entries(cards).map(([path, text]) => parseCard(path, text));
  return check({ cards: parsed, policy, today: '2026-01-01' });
}

describe('json', () => {
  it('writes the contract keys in a fixed order, deterministically', () => {
    const report = build({ 'b/README.md': BAD, 'a/README.md': GOOD });
    const text = renderJson(report);
    expect(renderJson(report)).toBe(text);
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual(['version', 'result', 'summary', 'cards']);
    expect(parsed.summary).toEqual({
      cards: 2,
      errors: report.summary.errors,
      warnings: report.summary.warnings,
      notices: report.summary.notices,
      waived: 0
    });
    expect(parsed.cards.map((c: { path: string }) => c.path)).toEqual(['a/README.md', 'b/README.md']);
    expect(Object.keys(parsed.cards[0].artefacts)).toEqual([
      'weights',
      'training_code',
      'inference_code',
      'training_data',
      'hyperparameters'
    ]);
    // detail and fix (contract 1.6) are optional and come in this order when present.
    expect(Object.keys(parsed.cards[1].findings[0])).toEqual(['rule', 'severity', 'message', 'detail', 'line', 'column', 'fix']);
    expect(parsed.cards[1].findings[0].fix).toEqual({ line: expect.any(Number), endLine: expect.any(Number), text: expect.any(String) });
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('marks waived findings and keeps notes', () => {
    const policy = { ...defaultPolicy(), waivers: [{ rule: 'artefact-undeclared', path: 'b/**', reason: 'Legacy card.' }] };
    const report = build({ 'b/README.md': BAD }, policy);
    report.notes = ['A note.'];
    const parsed = JSON.parse(renderJson(report));
    expect(parsed.cards[0].findings.filter((f: { waived?: unknown }) => f.waived)[0].waived).toEqual({ reason: 'Legacy card.' });
    expect(parsed.notes).toEqual(['A note.']);
  });
});

describe('text', () => {
  it('lists path:line:col, severity, message and rule id, then the verdict', () => {
    const text = renderText(build({ 'b/README.md': BAD }));
    expect(text).toMatch(/^ {2}b\/README\.md:4:3 +error +The release is `gated` .+ access-inconsistent$/m);
    expect(text).toMatch(/^FAIL model-release-gate: 5 errors, 0 warnings, 1 notice in 1 card$/m);
    expect(text).not.toContain('\u001b[');
  });

  it('colours only when asked', () => {
    expect(renderText(build({ 'b/README.md': BAD }), { color: true })).toContain('\u001b[31m');
  });

  it('cannot start a workflow command, whatever the path or message', () => {
    const report = build({ '::error::x/README.md': BAD });
    report.cards[0].findings[0].message = 'hi\n::set-output name=x::y';
    for (const line of renderText(report).split('\n')) expect(line.trimStart()).not.toMatch(/^::/);
  });
});

describe('sarif', () => {
  const report = build({ 'my models/b (v2)/README.md': BAD });
  const sarif = renderSarif(report) as {
    version: string;
    runs: {
      tool: {
        driver: {
          name: string;
          version: string;
          informationUri: string;
          rules: {
            id: string;
            helpUri: string;
            shortDescription: { text: string };
            fullDescription: { text: string };
            defaultConfiguration: { level: string };
          }[];
        };
      };
      results: Record<string, any>[];
      invocations: { executionSuccessful: boolean }[];
    }[];
  };
  const run = sarif.runs[0];

  it('describes every rule with its docs page and default level', () => {
    expect(sarif.version).toBe('2.1.0');
    expect(run.tool.driver).toMatchObject({ name: TOOL.name, version: TOOL.version, informationUri: TOOL.informationUri });
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    for (const rule of run.tool.driver.rules) {
      expect(rule.helpUri).toBe(docsUrl(rule.id));
      expect(rule.shortDescription.text.length).toBeGreaterThan(10);
      expect(rule.fullDescription.text.length).toBeGreaterThan(10);
    }
    expect(run.tool.driver.rules.find((r) => r.id === 'openness-class')!.defaultConfiguration.level).toBe('note');
    expect(run.invocations[0].executionSuccessful).toBe(true);
  });

  it('gives each result its rule index, level and an encoded location', () => {
    expect(run.results).toHaveLength(report.cards[0].findings.length);
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('my%20models/b%20%28v2%29/README.md');
      expect(result.locations[0].physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
    }
  });

  it('keeps waived findings as suppressions', () => {
    const policy = { ...defaultPolicy(), waivers: [{ rule: 'access-inconsistent', path: '**', reason: 'Approved.' }] };
    const waived = renderSarif(build({ 'b/README.md': BAD }, policy)) as {
      runs: { results: { ruleId: string; suppressions?: unknown[] }[] }[];
    };
    const result = waived.runs[0].results.find((r) => r.ruleId === 'access-inconsistent')!;
    expect(result.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'Approved.' }]);
  });
});

describe('markdown', () => {
  it('opens with the verdict and counts', () => {
    expect(renderMarkdown(build({ 'a/README.md': GOOD }))).toMatch(
      /^## ✅ Model release gate: passed\n\n\*\*0 errors\*\*, 0 warnings, 1 notice in 1 card\./
    );
    expect(renderMarkdown(build({ 'b/README.md': BAD }), { header: 'gpu' })).toMatch(/^## ❌ Model release gate · gpu: failed/);
  });

  it('shows the licence lights, the access tier, every required artefact and the openness class', () => {
    const md = renderMarkdown(build({ 'b/README.md': BAD }));
    expect(md).toContain('**Access** ` gated `');
    expect(md).toMatch(/\| the weights \| 🟢 yes \|/);
    expect(md).toMatch(/\| ` training_code ` \| ❔ \*\*not stated\*\* \| — \|/);
    expect(md).toMatch(/\| ` weights ` \| ✅ released \| ` apache-2\.0 ` \|/);
    expect(md).toContain('**Openness**');
  });

  it('links each finding to its line and each rule to its docs page', () => {
    const linkBase = 'https://github.com/o/r/blob/0123456789abcdef0123456789abcdef01234567/';
    const md = renderMarkdown(build({ 'm y/README.md': BAD }), { linkBase });
    expect(md).toContain(`[L4](${linkBase}m%20y/README.md#L4)`);
    expect(md).toContain(`[\`access-inconsistent\`](${docsUrl('access-inconsistent')})`);
    expect(renderMarkdown(build({ 'b/README.md': BAD }))).toContain('` b/README.md:4 `');
  });

  it('shows waived findings as waived and lists notes', () => {
    const policy = { ...defaultPolicy(), waivers: [{ rule: 'access-inconsistent', path: '**', reason: 'Approved by legal.' }] };
    const md = renderMarkdown(build({ 'b/README.md': BAD }, policy), { notes: ['The Hub lookup was skipped.'] });
    expect(md).toContain('1 waived finding (not counted)');
    expect(md).toContain('waived: Approved by legal.');
    expect(md).toContain('The Hub lookup was skipped.');
  });

  it('keeps card text inert: no HTML, pings, images or links from the card', () => {
    const hostile = BAD.replace(
      'license: apache-2.0',
      'license: "<img src=x onerror=alert(1)> @everyone [x](javascript:alert(1)) </details>"'
    );
    const report = build({ '<b>@octocat</b>/README.md': hostile });
    report.cards[0].findings[0].message =
      'Set `<script>@org/team</script>` and </details><img src=x> @someone ![i](https://tracker.evil.example/x.png)';
    const md = renderMarkdown(report, { linkBase: 'https://github.com/o/r/blob/abc/' });
    const facts = markdownFacts(md);
    for (const html of facts.html) expect(html).not.toMatch(/<img|<script|<b>|onerror/);
    for (const text of facts.text) expect(text).not.toMatch(PINGING_MENTION);
    expect(facts.images).toEqual([]);
    expect(facts.links.filter((u) => !u.startsWith('https://github.com/'))).toEqual([]);
  });

  it('richText turns backtick pairs into code spans and escapes the rest', () => {
    expect(richText('Set `a|b` to *x*')).toBe('Set ` a\\|b ` to \\*x\\*');
    expect(richText('odd ` tick')).toBe('odd \\` tick');
  });

  it('stays under maxLength with 300 cards, compacting before leaving cards out', () => {
    const cards: Record<string, string> = {};
    for (let i = 0; i < 300; i++) cards[`models/m${String(i).padStart(3, '0')}/README.md`] = i % 2 ? BAD : GOOD;
    const report = build(cards);
    const md = renderMarkdown(report);
    expect(md.length).toBeLessThanOrEqual(65_000);
    expect(renderMarkdown(report)).toBe(md);
    // Compacted to one line each, every card still fits: none left out.
    for (let i = 0; i < 300; i += 37) expect(md).toContain(`models/m${String(i).padStart(3, '0')}/README.md`);
    const small = renderMarkdown(report, { maxLength: 6000, summaryPointer: 'https://github.com/o/r/actions/runs/1' });
    expect(small.length).toBeLessThanOrEqual(6000);
    expect(small).toMatch(
      /…and \d+ more cards not shown here \(\d+ with errors\)\.\*\* The full report is in the \[job summary\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/1\)\./
    );
    // Failing cards come first.
    expect(small.indexOf('models/m001/README.md')).toBeGreaterThan(0);
  });

  it('folds long parts in <details> and keeps one card in full when it fits', () => {
    const md = renderMarkdown(build({ 'b/README.md': BAD }));
    expect(md).toMatch(/<details open>\n<summary>Artefacts: 1 released, 0 withheld, 4 not stated<\/summary>\n\n\|/);
    expect(md).toMatch(/<details>\n<summary>1 notice<\/summary>/);
  });
});

it('the tool version is the package version', () => {
  expect(TOOL.version).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
});
