// The script a user would otherwise write: find the cards, split the front matter, yaml.parse,
// validate with ajv (JSON Schema 2020-12) compiled at start-up. Schema only: no rules, no positions.
// Usage: node bench/naive.mjs <dir>   (prints a one-line JSON summary)
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const schema = JSON.parse(readFileSync(path.join(here, '..', 'schemas', 'model-card.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

function* cards(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* cards(full);
    else if (entry.name === 'README.md') yield full;
  }
}

const FRONT_MATTER = /^\s*---\r?\n([\s\S]*?)\r?\n---\r?(?:\n|$)/;
let count = 0;
let invalid = 0;
let errors = 0;
for (const file of cards(process.argv[2] ?? '.')) {
  const match = FRONT_MATTER.exec(readFileSync(file, 'utf8'));
  if (!match) continue;
  count++;
  let data;
  try {
    data = parse(match[1]);
  } catch {
    invalid++;
    continue;
  }
  if (!validate(data ?? {})) {
    invalid++;
    errors += validate.errors.length;
  }
}
process.stdout.write(JSON.stringify({ cards: count, invalid, errors }) + '\n');
