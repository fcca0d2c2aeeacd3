import { readFileSync } from 'node:fs';
import { ancestorsOf, offlineLicenceOf, PUBLISHERS } from '../../src/licences/ancestry.js';
import { FAMILY_SELECTORS, isLicenceSelector, matchesSelector } from '../../src/licences/select.js';
import { summariseLicence } from '../../src/licences/summary.js';
import { parseCard } from '../../src/card/parse.js';
import { fixture, ZEPHYR_HUB } from './fixtures.js';

describe('offline publisher table', () => {
  it.each([
    ['meta-llama/Llama-3.1-8B-Instruct', 'llama3.1'],
    ['unsloth/Meta-Llama-3.1-8B-Instruct-bnb-4bit', 'llama3.1'],
    ['TheBloke/Llama-2-7B-GGUF', 'llama2'],
    ['meta-llama/Meta-Llama-3-8B', 'llama3'],
    ['google/gemma-2-9b-it', 'gemma'],
    ['google/gemma-4-31b', 'apache-2.0'],
    ['CompVis/stable-diffusion-v1-4', 'creativeml-openrail-m'],
    ['stabilityai/stable-diffusion-xl-base-1.0', 'openrail++'],
    ['stabilityai/stable-diffusion-3.5-large', 'stabilityai-ai-community'],
    ['bigscience/bloom-7b1', 'bigscience-bloom-rail-1.0'],
    ['bigcode/starcoderbase', 'bigcode-openrail-m'],
    ['mistralai/Mistral-7B-Instruct-v0.2', 'apache-2.0'],
    ['mistralai/Ministral-8B-Instruct-2410', 'mrl'],
    ['EleutherAI/pythia-410m', 'apache-2.0'],
    ['allenai/OLMo-7B-0424-hf', 'apache-2.0'],
    ['Qwen/Qwen2.5-7B-Instruct', 'apache-2.0'],
    ['Qwen/Qwen2.5-72B-Instruct', 'qwen'],
    ['Qwen/Qwen-7B-Chat', 'tongyi-qianwen-license-agreement'],
    ['deepseek-ai/DeepSeek-R1-Distill-Llama-8B', 'mit AND llama3.1'],
    ['tiiuae/falcon-180B', 'falcon-180b-tii']
  ])('%s → %s', (id, licence) => {
    expect(offlineLicenceOf(id)?.licence).toBe(licence);
  });

  it('gives every entry a source and a valid pattern, and knows nothing of unknown ids', () => {
    for (const p of PUBLISHERS) {
      expect(p.source).toMatch(/^https:\/\//);
      expect(() => new RegExp(p.match, 'i')).not.toThrow();
    }
    expect(offlineLicenceOf('someone/my-model')).toBeUndefined();
    expect(offlineLicenceOf('x'.repeat(5000))).toBeUndefined();
    const data = JSON.parse(readFileSync('src/licences/publishers.json', 'utf8'));
    expect(data.publishers.length).toBe(PUBLISHERS.length);
  });

  it('follows Hub chains to the root', () => {
    const meta = parseCard('a.md', fixture('zephyr-7b-gemma-v0.1.md')).data!;
    const chain = ancestorsOf(meta, ZEPHYR_HUB);
    expect(chain.map((a) => [a.id, a.path.length, a.source])).toEqual([
      ['HuggingFaceH4/zephyr-7b-gemma-sft-v0.1', 1, 'hub'],
      ['google/gemma-7b', 2, 'hub']
    ]);
    const deep = new Map(
      Array.from({ length: 30 }, (_, i) => [`m/${i}`, { id: `m/${i}`, license: 'mit', baseModels: [`m/${i + 1}`], source: 'hub' as const }])
    );
    expect(ancestorsOf({ base_model: 'm/0' }, deep).length).toBe(8);
  });
});

describe('selectors', () => {
  it('recognises Hub ids, SPDX ids, custom ids and families', () => {
    for (const s of ['apache-2.0', 'MIT', 'gpl-3.0-or-later', 'mrl', ...FAMILY_SELECTORS])
      expect([s, isLicenceSelector(s)]).toEqual([s, true]);
    expect(isLicenceSelector('nonsense-licence')).toBe(false);
    expect(isLicenceSelector('')).toBe(false);
  });

  it('matches licences against selectors', () => {
    expect(matchesSelector('llama3.1', 'llama')).toBe(true);
    expect(matchesSelector('other:gemma-terms-of-use', 'gemma')).toBe(true);
    expect(matchesSelector('creativeml-openrail-m', 'rail')).toBe(true);
    expect(matchesSelector('cc-by-nc-4.0', 'non-commercial')).toBe(true);
    expect(matchesSelector('other:mrl', 'research-only')).toBe(true);
    expect(matchesSelector('cc-by-sa-4.0', 'share-alike')).toBe(true);
    expect(matchesSelector('gpl-3.0', 'copyleft')).toBe(true);
    expect(matchesSelector('Apache-2.0', 'apache-2.0')).toBe(true);
    expect(matchesSelector('mit', 'permissive')).toBe(true);
    expect(matchesSelector('mit', 'osi')).toBe(true);
    expect(matchesSelector('llama3.1', 'permissive')).toBe(false);
    expect(matchesSelector('llama3.1', 'custom')).toBe(true);
    expect(matchesSelector('MIT OR CC-BY-NC-4.0', 'non-commercial')).toBe(true);
    expect(matchesSelector('other:acme', 'acme')).toBe(true);
    expect(matchesSelector('mit', 'apache-2.0')).toBe(false);
  });
});

describe('licence summary', () => {
  const summary = (text: string, hub = new Map()) => summariseLicence(parseCard('a.md', text).data!, hub);

  it('is green for a permissive model and its data', () => {
    const s = summary(
      '---\nlicense: apache-2.0\nrelease:\n  artefacts:\n    training_data: { status: released, licence: odc-by, location: x }\n---\n'
    );
    expect([s.weights.light, s.data.light, s.outputs.light]).toEqual(['green', 'green', 'green']);
    expect(s.duties[0]).toContain('NOTICE');
  });

  it('is red for a research-only licence, with duties and no inheritance', () => {
    const s = summary(fixture('ministral-8b-instruct-2410.md'));
    expect(s.declared).toBe('other:mrl');
    expect(s.weights.light).toBe('red');
    expect(s.outputs.light).toBe('red');
    expect(s.duties.join(' ')).toContain('Licensed by Mistral AI');
  });

  it('is amber for a Llama-derived model, naming the inherited licence and the naming duty', () => {
    const s = summary(fixture('deepseek-r1-distill-llama-8b.md'));
    expect(s.weights.light).toBe('amber');
    expect(s.inherited).toEqual([{ from: 'meta-llama/Llama-3.1-8B', licence: 'llama3.1' }]);
    expect(s.duties.join(' ')).toContain('"Llama…"');
    const z = summary(fixture('zephyr-7b-gemma-v0.1.md'), ZEPHYR_HUB);
    expect(z.inherited.map((i) => i.licence)).toEqual(['other:gemma-terms-of-use', 'gemma']);
  });

  it('is unknown where the licence is, and never throws on odd metadata', () => {
    expect(summary(fixture('falcon-180b.md')).weights.light).toBe('unknown');
    expect(summary('---\nlicense: cc\n---\n').weights.light).toBe('unknown');
    for (const meta of [
      {},
      { license: 3 },
      { license: ['mit', null] },
      { release: 'x' },
      { release: { artefacts: { training_data: 'x' } } }
    ]) {
      expect(() => summariseLicence(meta as Record<string, unknown>, new Map())).not.toThrow();
    }
  });
});
