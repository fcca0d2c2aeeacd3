// Renders docs/licences.md from the licence knowledge (src/licences/*.json), so the page a reviewer
// reads is the data the gate runs on. `node scripts/licences-doc.mjs` rewrites it; a test fails when
// the committed page is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (file) => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'));

/** A table cell: one line, pipes and backslashes escaped. */
function cell(text) {
  return (
    String(text ?? '')
      .replace(/\\/g, '\\\\')
      .replace(/\|/g, '\\|')
      .replace(/\s*\n\s*/g, ' ')
      .trim() || '—'
  );
}

function code(text) {
  return `\`${String(text).replace(/`/g, "'")}\``;
}

const FACT_NAMES = {
  commercial: 'Commercial use',
  cap: 'Cap',
  'use-restrictions': 'Use restrictions',
  derivatives: 'Derivatives',
  outputs: 'Outputs',
  remote: 'Remote restriction',
  notice: 'Notice',
  naming: 'Naming',
  eu: 'EU exclusion',
  'research-only': 'Research only'
};

function commercial(entry) {
  const c = entry.commercial;
  return c.status === 'yes' ? 'yes' : `${c.status}${c.condition ? `: ${c.condition}` : ''}`;
}

function derivatives(entry) {
  const inherit = entry.derivatives.inherit.filter((i) => i !== 'none');
  return inherit.length === 0 ? 'nothing' : inherit.join(', ');
}

function ids(entry) {
  const out = [entry.hubId ? `Hub ${code(entry.hubId)}` : `name ${code(entry.id)}`];
  if (entry.spdx.length > 0) out.push(`SPDX ${entry.spdx.map(code).join(' / ')}`);
  return out.join('; ');
}

export function renderLicencesDoc() {
  const knowledge = read('src/licences/licences.json');
  const publishers = read('src/licences/publishers.json').publishers;
  const families = read('src/licences/families.json').families;
  const licences = [...knowledge.licences].sort((a, b) => a.name.localeCompare(b.name, 'en'));
  const verified = licences.filter((e) => e.verified).length;
  const lines = [
    '# Licences the gate knows',
    '',
    `<!-- Generated from src/licences/licences.json, publishers.json and families.json by scripts/licences-doc.mjs: do not edit by hand. -->`,
    '',
    `${licences.length} licences (${verified} verified against their text, with the clauses quoted below; the rest list what was not verified). Knowledge snapshot ${knowledge.snapshot}. Not legal advice: every fact links its source.`,
    '',
    '## Facts',
    '',
    '| Licence | Id | Commercial use | Use restrictions | Derivatives must carry | Outputs | Verified | Source |',
    '|---|---|---|---|---|---|---|---|'
  ];
  for (const e of licences) {
    const outputs = e.outputs.restricted ? e.outputs.text : 'no restriction';
    const restrictions = e.useRestrictions.present ? e.useRestrictions.what : 'none';
    lines.push(
      `| ${cell(e.name)} | ${cell(ids(e))} | ${cell(commercial(e))} | ${cell(restrictions)} | ${cell(derivatives(e))} | ${cell(outputs)} | ${e.verified ? 'yes' : 'no'} | [${cell(e.sourceTag)}](${e.source}) (${e.checked}) |`
    );
  }
  lines.push('', '## Quoted clauses', '');
  for (const e of licences.filter((x) => (x.quotes ?? []).length > 0)) {
    lines.push(`### ${e.name}`, '');
    for (const q of e.quotes)
      lines.push(`- ${FACT_NAMES[q.fact] ?? q.fact}, §${q.section}: "${q.text}" ([source](${q.url}), read ${q.read})`);
    lines.push('');
  }
  lines.push('## Not verified', '');
  for (const e of licences.filter((x) => !x.verified)) lines.push(`- ${e.name} (${code(e.id)}): ${(e.unverified ?? []).join('; ')}`);
  lines.push(
    '',
    '## Known publishers and re-uploads',
    '',
    'A base model id that matches a pattern (case-insensitive; first match wins) binds with that licence when the Hub says nothing better.',
    ''
  );
  lines.push('| Pattern | Licence | Verified | Note | Source |', '|---|---|---|---|---|');
  for (const p of publishers)
    lines.push(
      `| ${cell(code(p.match))} | ${cell(code(p.licence))} | ${p.verified ? 'yes' : 'no'} | ${cell(p.note ?? '')} | [${cell(p.sourceTag)}](${p.source}) |`
    );
  lines.push(
    '',
    '## Families recognised by name',
    '',
    'Matched in base model ids, tags, model names and titles (lower-cased, spaces and underscores as hyphens), and in prose after phrases such as "fine-tuned from". Findings built on them say the family was inferred from the name.',
    ''
  );
  lines.push('| Family | Pattern | Licence | Prose only |', '|---|---|---|---|');
  for (const f of families)
    lines.push(`| ${cell(f.label)} | ${cell(code(f.match))} | ${cell(code(f.licence))} | ${f.proseOnly ? 'yes' : 'no'} |`);
  return `${lines.join('\n')}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(path.join(ROOT, 'docs', 'licences.md'), renderLicencesDoc());
  console.log('wrote docs/licences.md');
}
