/** The vendored schemas are the unmodified official files their README names (by sha256). */
import { expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const VENDOR = path.resolve('schemas/vendor');

test('every vendored schema matches the sha256 in schemas/vendor/README.md', () => {
  const rows = [
    ...readFileSync(path.join(VENDOR, 'README.md'), 'utf8').matchAll(/^\| ([\w.-]+\/[\w.-]+\.json) \|.*\| ([0-9a-f]{64}) \|/gm)
  ];
  expect(rows.map((r) => r[1]).sort()).toEqual([
    'cyclonedx-1.6/bom-1.6.schema.json',
    'cyclonedx-1.6/jsf-0.82.schema.json',
    'cyclonedx-1.6/spdx.schema.json',
    'mot/mof_schema.json',
    'spdx-3.0.1/spdx-json-schema.json'
  ]);
  for (const [, file, sha] of rows)
    expect([
      file,
      createHash('sha256')
        .update(readFileSync(path.join(VENDOR, file)))
        .digest('hex')
    ]).toEqual([file, sha]);
});
