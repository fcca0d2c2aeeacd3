/** Issue 11 §3: every non-trivial fact of a verified entry carries a short verbatim quote with section, URL and read date. */
import { factsOf, unquotedFacts, unverifiedClause } from '../../src/licences/audit.js';
import { entryById, LICENCES } from '../../src/licences/knowledge.js';
import { findingsOf } from '../helpers/rule-harness.js';

describe('the licence knowledge is auditable', () => {
  it.each(LICENCES.filter((e) => e.verified).map((e) => [e.id, e] as const))('verified %s quotes every non-trivial fact', (_, entry) => {
    expect(unquotedFacts(entry)).toEqual([]);
  });

  it('every quote is short, sourced over https, dated, and about a fact the entry states', () => {
    for (const entry of LICENCES) {
      const facts = new Set(factsOf(entry));
      for (const q of entry.quotes ?? []) {
        expect([
          entry.id,
          q.text.length <= 400,
          /^https:\/\//.test(q.url),
          /^\d{4}-\d{2}-\d{2}$/.test(q.read),
          q.section.length > 0
        ]).toEqual([entry.id, true, true, true, true]);
        expect([entry.id, q.fact, facts.has(q.fact)]).toEqual([entry.id, q.fact, true]);
      }
    }
  });

  it('an unverified entry lists what was not verified', () => {
    for (const entry of LICENCES.filter((e) => !e.verified))
      expect([entry.id, (entry.unverified ?? []).length > 0]).toEqual([entry.id, true]);
  });

  it('a verified entry stating facts has quotes; a plain permissive one needs none', () => {
    expect(factsOf(entryById('llama3.1')!)).toEqual(expect.arrayContaining(['commercial', 'cap', 'naming', 'notice']));
    expect(factsOf(entryById('mit')!)).toEqual([]);
  });
});

describe('findings built on an unverified entry say so', () => {
  it('in one short clause', () => {
    expect(unverifiedClause([entryById('llama3.1')!])).toBe('');
    expect(unverifiedClause([entryById('qwen')!])).toMatch(/^ \(the gate's facts on the .* are not verified against its text\)$/);
  });

  it('licence-non-commercial on an unverified licence carries the clause; on a verified one it does not', () => {
    const card = (lines: string[]) => `---\n${lines.join('\n')}\n---\n# m\n`;
    const [f] = findingsOf('licence-non-commercial', card(['license: other', 'license_name: qwen', 'license_link: LICENSE']));
    expect(f.message).toContain('licence facts not yet verified');
    expect(f.detail).toContain('not verified against its text');
    expect(findingsOf('licence-non-commercial', card(['license: llama3.1']))[0].message).not.toContain('not verified');
  });
});
