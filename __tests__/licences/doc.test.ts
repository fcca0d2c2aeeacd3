/** docs/licences.md is generated from the licence knowledge; CI fails when the committed page is stale. */
import { readFileSync } from 'node:fs';
// @ts-expect-error: a plain .mjs build script without type declarations
import { renderLicencesDoc } from '../../scripts/licences-doc.mjs';

test('docs/licences.md is the page scripts/licences-doc.mjs renders from the data (run it after changing the data)', () => {
  expect(readFileSync('docs/licences.md', 'utf8')).toBe((renderLicencesDoc as () => string)());
});

test('it lists every licence the gate knows, with its source', () => {
  const page = readFileSync('docs/licences.md', 'utf8');
  const data = JSON.parse(readFileSync('src/licences/licences.json', 'utf8')) as { licences: { name: string; source: string }[] };
  for (const e of data.licences) {
    expect([e.name, page.includes(e.source)]).toEqual([e.name, true]);
  }
});
