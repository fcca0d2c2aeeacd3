// Fills the generated examples of docs/exports.md: the release records of two example cards, made
// by the bundled CLI (dist/cli.js) with the creation time and serial pinned. `--check` only
// compares (the test in __tests__/exports/docs.test.ts runs it), so the page cannot go stale.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DOC = path.join(ROOT, 'docs', 'exports.md');
export const EXAMPLE_CARDS = ['examples/llama-relabelled/README.md', 'examples/passing/README.md'];
export const EXAMPLE_ENV = { SOURCE_DATE_EPOCH: '1767225600', MRG_BOM_SERIAL: '6f1c1f3e-5b1a-4c39-9a57-0c2f4e8d9b10' };
const FENCE = { cyclonedx: 'json', spdx: 'json', mot: 'yaml' };

function record(format) {
  try {
    return execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'check', ...EXAMPLE_CARDS, '--format', format], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...EXAMPLE_ENV },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024
    });
  } catch (error) {
    // Exit code 1 is the gate failing: the examples have findings on purpose.
    if (error.status === 1) return error.stdout;
    throw error;
  }
}

export function render(text) {
  let out = text;
  for (const [format, fence] of Object.entries(FENCE)) {
    const open = `<!-- generated:${format} -->`;
    const close = `<!-- /generated:${format} -->`;
    const start = out.indexOf(open);
    const end = out.indexOf(close);
    if (start < 0 || end < start) throw new Error(`docs/exports.md lacks the ${open} … ${close} block`);
    out = `${out.slice(0, start + open.length)}\n\`\`\`${fence}\n${record(format)}\`\`\`\n${out.slice(end)}`;
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const current = readFileSync(DOC, 'utf8');
  const next = render(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error('docs/exports.md is stale: run `node scripts/exports-docs.mjs` after `npm run bundle`.');
      process.exit(1);
    }
  } else if (next !== current) {
    writeFileSync(DOC, next);
    console.log('wrote docs/exports.md');
  }
}
