/** Real-card fixtures of the licence tests, and Hub facts the tests construct directly. */
import { readFileSync } from 'node:fs';
import type { HubFacts, ModelFacts } from '../../src/types.js';

export function fixture(name: string): string {
  return readFileSync(`__tests__/fixtures/licences/${name}`, 'utf8');
}

export function hubOf(...facts: Omit<ModelFacts, 'source'>[]): HubFacts {
  return new Map(facts.map((f) => [f.id, { source: 'hub' as const, ...f }]));
}

/** The Hub facts for Zephyr Gemma's chain: SFT checkpoint → google/gemma-7b. */
export const ZEPHYR_HUB = hubOf(
  { id: 'HuggingFaceH4/zephyr-7b-gemma-sft-v0.1', license: 'other', licenseName: 'gemma-terms-of-use', baseModels: ['google/gemma-7b'] },
  { id: 'google/gemma-7b', license: 'gemma' }
);
