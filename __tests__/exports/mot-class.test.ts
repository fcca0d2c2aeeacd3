/**
 * The MOT record says what the gate's openness class says: scoring its components the MOT's way
 * (licences.md §2.3–2.4: required components per class, each included under an open licence, its
 * own or the distribution licence; classes cumulative) gives the class the gate reported.
 */
import { expect, test } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeCorpus } from '../../bench/corpus.mjs';
import { isOpenForMof } from '../../src/licences/knowledge.js';
import { copyRealCards, parseRecord, REPO, runRecord } from './helpers.js';

type Json = Record<string, any>;

const REQUIRED: [string, string[]][] = [
  ['III', ['Model architecture', 'Model parameters (Final)', 'Technical report', 'Evaluation results', 'Model card', 'Data card']],
  ['II', ['Training code', 'Inference code', 'Evaluation code', 'Evaluation data']],
  ['I', ['Datasets', 'Data preprocessing code', 'Model parameters (Intermediate)', 'Research paper']]
];

function motClass(record: Json): string {
  const distribution: string | undefined = record.release.license?.distribution?.name;
  const open = (name: string): boolean => {
    const component = (record.release.components as Json[]).find((c) => c.name === name);
    const licence: string | undefined = component?.license ?? distribution;
    return component !== undefined && licence !== undefined && isOpenForMof(licence).open;
  };
  let reached = 'none';
  for (const [cls, names] of REQUIRED) {
    if (!names.every(open)) break;
    reached = cls;
  }
  return reached;
}

test("examples and published cards: the MOT record scores to the gate's openness class", () => {
  const real = copyRealCards();
  try {
    const records = [
      ...parseRecord('mot', runRecord('mot', ['examples'], REPO).stdout),
      ...parseRecord('mot', runRecord('mot', real.files, real.dir).stdout)
    ] as Json[];
    expect(records.length).toBeGreaterThan(60);
    const classes = records.map((r) => [r.model_release_gate.card, motClass(r), r.model_release_gate.openness_class ?? 'none']);
    for (const [card, scored, reported] of classes) expect([card, scored]).toEqual([card, reported]);
    expect(classes.some(([, , reported]) => reported === 'III')).toBe(true);
  } finally {
    rmSync(real.dir, { recursive: true, force: true });
  }
});

test("generated release blocks of the benchmark corpus: the MOT record scores to the gate's class", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mrg-mot-class-'));
  try {
    writeCorpus(dir, 400);
    const records = parseRecord('mot', runRecord('mot', ['.'], dir).stdout) as Json[];
    expect(records.length).toBeGreaterThan(300);
    const seen = new Set<string>();
    for (const r of records) {
      const reported = r.model_release_gate.openness_class ?? 'none';
      seen.add(reported);
      expect([r.model_release_gate.card, motClass(r)]).toEqual([r.model_release_gate.card, reported]);
    }
    expect(seen.size).toBeGreaterThan(1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
