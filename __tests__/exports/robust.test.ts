/**
 * Odd and hostile cards still give valid records: licences no standard knows, locations with spaces,
 * quotes or newlines, unknown artefact keys, odd base-model and dataset ids, non-string values, and
 * 300 generated cards of the benchmark corpus.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeCorpus } from '../../bench/corpus.mjs';
import { FORMATS, parseRecord, runRecord } from './helpers.js';
import { problems, validators } from './schemas.js';

const ODD: Record<string, string> = {
  'weird/README.md': `---
license: [llama3.1, "MIT OR not-a-licence", other]
license_name: "Ünïcode licence \\"v2\\" <b>"
license_link: "not a url with spaces"
base_model: ["org/ok", "../../etc", "a b", "", 42]
base_model_relation: merge
datasets: ["org/data", "with space", "x/y/z", {nested: true}]
pipeline_tag: [not, a, string]
language: en
tags: code
model-index:
  - name: "  "
release:
  access: staged
  access_details: { approval: automatic, conditions: "", stages: [{ when: later, what: weights }] }
  use_restrictions: "https://example.org/aup"
  risk: { dual_use: high, assessment: "see\\nthe\\tfile" }
  artefacts:
    weights: { status: released, licence: "Apache-2.0 WITH LLVM-exception", location: "C:\\\\models\\\\w.bin" }
    training_code: { status: released, licence: "(MIT", location: "https://example.org/a b" }
    inference_code: { status: released, licence: "", location: "" }
    training_data: { status: released, licence: cc-by-nc-sa-4.0, location: "ftp://example.org/data" }
    hyperparameters: { status: released }
    prompts: { status: withheld, reason: "<script>alert(1)</script>" }
    intermediate_checkpoints: { status: not-applicable, reason: none }
---
# \`Name\` with *marks* ##
`,
  'no-meta/MODEL_CARD.md': '# no front matter\n',
  'empty/README.md': '---\n---\n# empty\n',
  'list/model-card.json':
    '{"license": "gemma", "release": {"access": "closed", "artefacts": {"weights": {"status": "withheld", "reason": "closed"}}}}'
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'mrg-odd-'));
  for (const [name, text] of Object.entries(ODD)) {
    mkdirSync(path.join(dir, path.dirname(name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  writeCorpus(path.join(dir, 'generated'), 300);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(FORMATS)('%s', (format) => {
  test('odd cards and 300 generated ones give a valid record', () => {
    const run = runRecord(format, ['weird', 'no-meta/MODEL_CARD.md', 'empty', 'list', 'generated'], dir);
    expect(run.stderr).toBe('');
    const documents = parseRecord(format, run.stdout);
    for (const doc of documents) expect(problems(validators()[format], doc)).toEqual([]);
    expect(run.stdout).toContain('weird/README.md');
    // Card text is data: it is escaped by the serialiser, never breaks the document.
    expect(run.stdout).toContain('<script>alert(1)</script>');
    if (format === 'cyclonedx') {
      // A licence list is one declaration: all its licences, not only the first.
      const model = (documents[0].components as { 'bom-ref': string; licenses?: unknown }[]).find(
        (c) => c['bom-ref'] === 'model:weird/README.md'
      )!;
      expect(JSON.stringify(model.licenses)).toContain('MIT OR not-a-licence');
    }
  });
});
