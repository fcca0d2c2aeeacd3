/**
 * Same input, same bytes: only the creation time and the serial number (SPDX: the document
 * namespace) change between runs, and SOURCE_DATE_EPOCH and MRG_BOM_SERIAL pin them.
 */
import { describe, expect, test } from '@jest/globals';
import { FIXED_ENV, FORMATS, parseRecord, REPO, runRecord } from './helpers.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/g;
const normalise = (text: string): string => text.replace(UUID, '<serial>').replace(TIME, '<time>');

describe.each(FORMATS)('%s', (format) => {
  test('pinned time and serial: byte-for-byte the same output', () => {
    const a = runRecord(format, ['examples'], REPO);
    const b = runRecord(format, ['examples'], REPO);
    expect(a.stdout.length).toBeGreaterThan(1000);
    expect(b.stdout).toBe(a.stdout);
  });

  test('unpinned: only the time and the serial differ', () => {
    const a = runRecord(format, ['examples'], REPO, {});
    const b = runRecord(format, ['examples'], REPO, { SOURCE_DATE_EPOCH: '0', MRG_BOM_SERIAL: '00000000-0000-4000-8000-000000000001' });
    expect(normalise(b.stdout)).toBe(normalise(a.stdout));
    if (format !== 'mot') {
      expect(b.stdout).toContain('1970-01-01T00:00:00Z');
      expect(b.stdout).toContain('00000000-0000-4000-8000-000000000001');
      expect(a.stdout).not.toContain('00000000-0000-4000-8000-000000000001');
    }
  });

  test('MRG_BOM_VERSION names the release version', () => {
    const [doc] = parseRecord(format, runRecord(format, ['examples/passing'], REPO, { ...FIXED_ENV, MRG_BOM_VERSION: 'v1.2.0' }).stdout);
    const version =
      format === 'cyclonedx'
        ? (doc.components as { version?: string }[])[0].version
        : format === 'spdx'
          ? (doc['@graph'] as { type: string; software_packageVersion?: string }[]).find((e) => e.type === 'ai_AIPackage')!
              .software_packageVersion
          : (doc.release as { version?: string }).version;
    expect(version).toBe('v1.2.0');
  });
});

test('a malformed SOURCE_DATE_EPOCH or serial is ignored, not written', () => {
  const run = runRecord('cyclonedx', ['examples/passing'], REPO, { SOURCE_DATE_EPOCH: 'yesterday', MRG_BOM_SERIAL: 'not-a-uuid' });
  const bom = JSON.parse(run.stdout);
  expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
  expect(bom.metadata.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
});

test('worker threads (MRG_BATCH_WORKERS) give the same bytes: card reports cross threads whole', () => {
  for (const format of FORMATS) {
    const one = runRecord(format, ['examples'], REPO);
    const two = runRecord(format, ['examples'], REPO, { ...FIXED_ENV, MRG_BATCH_WORKERS: '2' });
    expect(two.stdout).toBe(one.stdout);
  }
});
