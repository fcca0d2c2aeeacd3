/** Every rule has its file, docs page and test, named by its id, and the docs follow one outline. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { RULES } from '../src/rules/index.js';
import { CONTRACT_IDS } from './helpers/contract.js';

const HEADINGS = ['## What it checks', '## Why it matters', '## How to fix', '## Options', '## When to turn it off'];

describe('rule conformance', () => {
  it('registers every contract id, and every id once', () => {
    const ids = RULES.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(CONTRACT_IDS));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('registers exactly the rule files of src/rules/ (the generated registry is fresh: run `npm run bundle`)', () => {
    const files = readdirSync('src/rules')
      .filter((f) => f.endsWith('.ts') && !['create.ts', 'index.ts', 'registry.generated.ts'].includes(f))
      .map((f) => f.slice(0, -3));
    expect(RULES.map((r) => r.id).sort()).toEqual(files.sort());
  });

  it.each(RULES.map((r) => [r.id, r]))('%s has a description, a docs page with the outline, and a test', (id, rule) => {
    expect(rule.description).toMatch(/^(Require|Disallow|Limit|Report)\b/);
    expect(existsSync(`src/rules/${id}.ts`)).toBe(true);
    expect(existsSync(`__tests__/rules/${id}.test.ts`)).toBe(true);
    const docs = readFileSync(`docs/rules/${id}.md`, 'utf8');
    expect(docs.startsWith(`# ${id}\n`)).toBe(true);
    expect(docs.split('\n').slice(1, 4).join(' ').toLowerCase()).toContain(rule.defaultSeverity);
    let last = -1;
    for (const heading of HEADINGS) {
      const at = docs.indexOf(`\n${heading}\n`);
      expect(at).toBeGreaterThan(last);
      last = at;
    }
  });
});
