// Writes the inputs and outputs tables of docs/github-action.md from action.yml, so the page and the
// metadata cannot drift: the text between the `action-docs` markers is generated, the rest is prose.
//   node scripts/action-docs.mjs           rewrite the page (npm run action-docs)
//   node scripts/action-docs.mjs --check   exit 1 when the page is stale (used by a test)
// --action FILE and --doc FILE name other files (tests use copies).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Table cell text: one line, with Markdown's active characters escaped (a pipe would split the row, `**` bold a glob). */
const cell = (text) =>
  String(text)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\|*<>]/g, (c) => `\\${c}`);
// Inside a code span only the pipe needs escaping (GFM tables), other backslashes would show.
const code = (text) => (text === '' ? '(empty)' : `\`${text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|')}\``);

/** The generated blocks, keyed by marker name. */
export function renderTables(actionText) {
  const action = parse(actionText);
  const inputs = Object.entries(action.inputs ?? {}).map(
    ([name, input]) =>
      `| \`${name}\` | ${input.required ? 'yes' : 'no'} | ${code(String(input.default ?? ''))} | ${cell(input.description ?? '')} |`
  );
  const outputs = Object.entries(action.outputs ?? {}).map(([name, output]) => `| \`${name}\` | ${cell(output.description ?? '')} |`);
  return {
    inputs: ['| input | required | default | description |', '|---|---|---|---|', ...inputs].join('\n'),
    outputs: ['| output | description |', '|---|---|', ...outputs].join('\n')
  };
}

/** The page with every marked block replaced; throws when a marker pair is missing. */
export function updatePage(pageText, actionText) {
  let page = pageText;
  for (const [name, table] of Object.entries(renderTables(actionText))) {
    const start = `<!-- action-docs:${name} (generated from action.yml by \`npm run action-docs\`; do not edit) -->`;
    const end = `<!-- /action-docs:${name} -->`;
    const from = page.indexOf(start);
    const to = page.indexOf(end);
    if (from < 0 || to < from) throw new Error(`docs page lacks the markers:\n${start}\n${end}`);
    page = `${page.slice(0, from + start.length)}\n${table}\n${page.slice(to)}`;
  }
  return page;
}

function main(argv) {
  const option = (flag, fallback) => (argv.includes(flag) ? resolve(argv[argv.indexOf(flag) + 1]) : fallback);
  const actionFile = option('--action', resolve(ROOT, 'action.yml'));
  const docFile = option('--doc', resolve(ROOT, 'docs/github-action.md'));
  const current = readFileSync(docFile, 'utf8');
  const wanted = updatePage(current, readFileSync(actionFile, 'utf8'));
  if (argv.includes('--check')) {
    if (current !== wanted) {
      console.error(`${docFile} is stale: run \`npm run action-docs\` and commit it.`);
      return 1;
    }
    return 0;
  }
  if (current !== wanted) writeFileSync(docFile, wanted);
  console.log(`${current === wanted ? 'unchanged' : 'wrote'} ${docFile}`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main(process.argv.slice(2));
