import { findingsWithDetail } from '../helpers/rule-harness.js';
import { fixture, hubOf, ZEPHYR_HUB } from '../licences/fixtures.js';

const ID = 'licence-inherited-conflict';
const card = (lines: string[]) => `---\n${lines.join('\n')}\n---\n`;

describe('licence-inherited-conflict', () => {
  it('DeepSeek-R1-Distill-Llama-8B under mit drops Llama 3.1 (naming rule)', () => {
    const found = findingsWithDetail(ID, fixture('deepseek-r1-distill-llama-8b.md'));
    expect(found.map((f) => [f.rule, f.line, f.column])).toEqual([[ID, 3, 1]]);
    expect(found[0].message).toContain('`meta-llama/Llama-3.1-8B`');
    expect(found[0].message).toContain('`llama3.1`');
    expect(found[0].message).toContain('name beginning "Llama"');
    expect(found[0].message).toContain('Declare `license: llama3.1`');
  });

  it('a LoRA of Stable Diffusion 1.5 under MIT drops the OpenRAIL-M use restrictions', () => {
    const found = findingsWithDetail(ID, fixture('sd15-lora-mit.md'));
    expect(found.map((f) => [f.line, f.column])).toEqual([[3, 1]]);
    expect(found[0].message).toContain('creativeml-openrail-m');
    expect(found[0].message).toContain('use restrictions');
    const cc0 = findingsWithDetail(ID, fixture('sd15-lora-mit.md').replace('license: mit', 'license: cc0-1.0'));
    expect(cc0).toHaveLength(1);
  });

  it('Gemma weights relabelled MIT, and vicuna-7b-delta-v0 (apache-2.0) on LLaMA-1', () => {
    expect(findingsWithDetail(ID, fixture('gemma-relabelled-mit.md'))[0].message).toContain('Gemma Terms of Use');
    const vicuna = findingsWithDetail(ID, fixture('vicuna-7b-delta-v0-with-base.md'));
    expect(vicuna.map((f) => [f.line, f.column])).toEqual([[4, 1]]);
    expect(vicuna[0].message).toContain('llama-license');
  });

  it('stays quiet for consistent cards: a Llama 2 quant, Pythia, OLMo, Zephyr Gemma', () => {
    expect(findingsWithDetail(ID, fixture('thebloke-llama-2-7b-gguf.md'))).toEqual([]);
    expect(findingsWithDetail(ID, fixture('pythia-1b.md'))).toEqual([]);
    expect(findingsWithDetail(ID, fixture('olmo-7b.md'))).toEqual([]);
    expect(findingsWithDetail(ID, fixture('zephyr-7b-gemma-v0.1.md'), { hub: ZEPHYR_HUB })).toEqual([]);
    expect(findingsWithDetail(ID, fixture('zephyr-7b-gemma-v0.1.md'))).toEqual([]);
  });

  it('a Gemma derivative under CC-BY-NC conflicts only when it drops the Gemma terms', () => {
    const base = 'base_model: google/gemma-7b';
    expect(findingsWithDetail(ID, card(['license: cc-by-nc-4.0', base]))).toHaveLength(1);
    expect(findingsWithDetail(ID, card(['license: CC-BY-NC-4.0 AND LicenseRef-gemma', base]))).toEqual([]);
    expect(
      findingsWithDetail(
        ID,
        card(['license: other', 'license_name: my-gemma-nc-terms', 'license_link: https://ai.google.dev/gemma/terms', base])
      )
    ).toEqual([]);
    expect(findingsWithDetail(ID, card(['license: other', 'license_name: gemma-terms-of-use', base]))).toEqual([]);
  });

  it('non-commercial and share-alike bases under a permissive licence conflict; the most restrictive parent is named', () => {
    const hub = hubOf(
      { id: 'org/nc', license: 'cc-by-nc-4.0' },
      { id: 'org/sa', license: 'cc-by-sa-4.0' },
      { id: 'org/open', license: 'mit' }
    );
    const nc = findingsWithDetail(ID, card(['license: apache-2.0', 'base_model: org/nc']), { hub });
    expect(nc[0].message).toContain('Non-commercial only');
    expect(findingsWithDetail(ID, card(['license: cc-by-nc-sa-4.0', 'base_model: org/nc']), { hub })).toEqual([]);
    expect(findingsWithDetail(ID, card(['license: mit', 'base_model: org/sa']), { hub })[0].message).toContain('Share-alike');
    const merge = findingsWithDetail(ID, card(['license: mit', 'base_model: [org/open, org/sa, org/nc]', 'base_model_relation: merge']), {
      hub
    });
    expect(merge).toHaveLength(1);
    expect(merge[0].message).toContain('`org/nc`');
    expect(merge[0].message).toContain('Also binding');
  });

  it('Hub facts win over the offline table and are followed to the root; loops and depth are safe', () => {
    const hub = hubOf(
      { id: 'someone/relabelled', license: 'apache-2.0', baseModels: ['someone/middle'] },
      { id: 'someone/middle', license: 'apache-2.0', baseModels: ['meta-llama/Llama-3.1-8B'] },
      { id: 'meta-llama/Llama-3.1-8B', license: 'llama3.1' },
      { id: 'loop/a', license: 'mit', baseModels: ['loop/b'] },
      { id: 'loop/b', license: 'mit', baseModels: ['loop/a'] },
      { id: 'google/gemma-7b', license: 'apache-2.0' }
    );
    const chain = findingsWithDetail(ID, card(['license: apache-2.0', 'base_model: someone/relabelled']), { hub });
    expect(chain[0].message).toContain('`meta-llama/Llama-3.1-8B` (through `someone/relabelled` → `someone/middle`)');
    expect(chain[0].message).toContain('according to the Hub');
    expect(findingsWithDetail(ID, card(['license: mit', 'base_model: loop/a']), { hub })).toEqual([]);
    // The Hub's answer for google/gemma-7b (here invented: apache-2.0) takes precedence over the table.
    expect(findingsWithDetail(ID, card(['license: mit', 'base_model: google/gemma-7b']), { hub })).toEqual([]);
    const failed = new Map([['google/gemma-7b', { id: 'google/gemma-7b', source: 'hub' as const, error: 'timeout' }]]);
    expect(findingsWithDetail(ID, card(['license: mit', 'base_model: google/gemma-7b']), { hub: failed })).toHaveLength(1);
  });

  it("synthetic data binds the card when the generator's licence says so", () => {
    const synth = (generator: string) =>
      card(['license: apache-2.0', 'release:', '  synthetic_data:', `    - { dataset: org/synthetic, generator: ${generator} }`]);
    expect(findingsWithDetail(ID, synth('google/gemma-7b'))[0].message).toContain('synthetic dataset `org/synthetic`');
    expect(findingsWithDetail(ID, synth('meta-llama/Llama-2-7b-hf'))[0].message).toContain('improve any other large language model');
    expect(findingsWithDetail(ID, synth('meta-llama/Llama-3.1-8B'))).toEqual([]);
    expect(findingsWithDetail(ID, synth('EleutherAI/pythia-1b'))).toEqual([]);
  });

  it('an OR lets the user pick the permissive side; odd shapes do not crash', () => {
    expect(findingsWithDetail(ID, card(['license: llama3.1', 'base_model: meta-llama/Llama-3.1-8B']))).toEqual([]);
    expect(findingsWithDetail(ID, card(['license: LicenseRef-llama3.1 OR MIT', 'base_model: meta-llama/Llama-3.1-8B']))).toHaveLength(1);
    for (const shape of [
      'base_model: 42',
      'base_model: [null, {a: 1}]',
      'base_model: {x: y}',
      'release: {synthetic_data: [1, {generator: 3}]}',
      'release: {synthetic_data: x}'
    ]) {
      expect(findingsWithDetail(ID, card(['license: mit', shape]))).toEqual([]);
    }
    expect(findingsWithDetail(ID, card(['license: other', 'license_name: my-own', 'base_model: meta-llama/Llama-3.1-8B']))).toEqual([]);
  });
});
