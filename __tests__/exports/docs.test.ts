/** docs/exports.md: its examples are what the bundled CLI writes today, and they are valid records. */
import { expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { FORMATS, parseRecord } from './helpers.js';
import { problems, validators } from './schemas.js';

test('the generated examples are up to date (node scripts/exports-docs.mjs --check)', () => {
  const run = spawnSync(process.execPath, ['scripts/exports-docs.mjs', '--check'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' }
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
});

test.each(FORMATS)('the %s example validates and names both example cards', (format) => {
  const doc = readFileSync('docs/exports.md', 'utf8');
  const block = new RegExp(`<!-- generated:${format} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\`\`\`\\n<!-- /generated:${format} -->`).exec(doc);
  expect(block).not.toBeNull();
  const records = parseRecord(format, block![1]);
  for (const record of records) expect(problems(validators()[format], record)).toEqual([]);
  expect(block![1]).toContain('examples/llama-relabelled/README.md');
  expect(block![1]).toContain('examples/passing/README.md');
});
