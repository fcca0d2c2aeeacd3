/** The licence rules together on front matter of published cards: who fires, who stays quiet. */
import { parseCard } from '../../src/card/parse.js';
import { check } from '../../src/engine.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { ruleById } from '../../src/rules/index.js';
import type { HubFacts } from '../../src/types.js';
import { fixture, ZEPHYR_HUB } from './fixtures.js';

const RULE_IDS = [
  'licence-unknown',
  'licence-denied',
  'licence-inherited-conflict',
  'licence-use-restrictions',
  'licence-non-commercial',
  'licence-custom-terms',
  'licence-artefact-mismatch',
  'licence-text-mismatch'
];

function rulesFired(name: string, hub: HubFacts = new Map()): string[] {
  const card = parseCard(`models/${name}`, fixture(name));
  const report = check({ cards: [card], policy: defaultPolicy(), hub, rules: RULE_IDS.map((id) => ruleById(id)!), today: '2026-11-24' });
  return [...new Set(report.cards[0].findings.map((f) => f.rule))].sort();
}

describe('licence rules on published cards', () => {
  it.each([
    [
      'deepseek-r1-distill-llama-8b.md',
      ['licence-custom-terms', 'licence-inherited-conflict', 'licence-non-commercial', 'licence-use-restrictions']
    ],
    ['gemma-relabelled-mit.md', ['licence-custom-terms', 'licence-inherited-conflict', 'licence-use-restrictions']],
    ['sd15-lora-mit.md', ['licence-custom-terms', 'licence-inherited-conflict', 'licence-use-restrictions']],
    // The text says it was fine-tuned from LLaMA: that base binds the delta weights even with no base_model (issue 11 §4).
    ['vicuna-7b-delta-v0.md', ['licence-custom-terms', 'licence-inherited-conflict', 'licence-non-commercial', 'licence-text-mismatch']],
    ['vicuna-7b-delta-v0-with-base.md', ['licence-custom-terms', 'licence-inherited-conflict', 'licence-non-commercial']],
    ['ministral-8b-instruct-2410.md', ['licence-custom-terms', 'licence-non-commercial']],
    ['falcon-180b.md', ['licence-unknown']],
    ['sd35-large.md', ['licence-custom-terms', 'licence-non-commercial', 'licence-use-restrictions']],
    ['thebloke-llama-2-7b-gguf.md', ['licence-custom-terms', 'licence-non-commercial', 'licence-use-restrictions']],
    ['pythia-1b.md', []],
    ['olmo-7b.md', []]
  ])('%s', (name, expected) => {
    expect(rulesFired(name)).toEqual(expected);
  });

  it('zephyr-7b-gemma-v0.1 keeps the Gemma terms through its SFT parent', () => {
    expect(rulesFired('zephyr-7b-gemma-v0.1.md', ZEPHYR_HUB)).toEqual(['licence-custom-terms', 'licence-use-restrictions']);
  });
});
