/** Issue 11 §4: bases named only in prose, families recognised by name, bounded linear scanning. */
import { FAMILIES, familyOf, proseBases } from '../../src/licences/prose.js';
import { findingsOf } from '../helpers/rule-harness.js';

const card = (lines: string[], body: string) => `---\n${lines.join('\n')}\n---\n${body}`;

describe('families recognised by name', () => {
  it.each(FAMILIES.map((f) => [f.label, f] as const))('%s: matches its examples first and not its near names', (_, f) => {
    for (const name of f.examples!.match) expect([name, familyOf(name, true)?.family.label]).toEqual([name, f.label]);
    const re = new RegExp(f.match);
    for (const name of f.examples!.near) expect([name, re.test(name)]).toEqual([name, false]);
  });

  it.each([
    ['gemma3', 'gemma'],
    ['Llama 3.1', 'llama3.1'],
    ['unsloth/r1-distill-llama-8b-gguf', 'mit AND llama3.1'],
    ['flux.1-dev', 'flux-1-dev-non-commercial-license'],
    ['sd-1.5', 'creativeml-openrail-m']
  ])('%s → %s', (name, licence) => {
    expect(familyOf(name)?.family.licence).toBe(licence);
  });

  it('leaves a bare "llama" tag alone, but reads it in prose', () => {
    expect(familyOf('llama')).toBeUndefined();
    expect(familyOf('llama', true)?.family.licence).toBe('llama-license');
  });
});

describe('bases named in prose', () => {
  it('reads a Hub id after "a LoRA fine-tune of", with its sentence and line', () => {
    const [b] = proseBases('# X\n\nThis is a LoRA fine-tune of meta-llama/Llama-2-7b-hf on legal text.\n', 5);
    expect(b).toMatchObject({ id: 'meta-llama/Llama-2-7b-hf', licence: 'llama2', kind: 'model-id', line: 7 });
    expect(b.sentence).toContain('LoRA fine-tune of meta-llama/Llama-2-7b-hf');
  });

  it('reads a family after "based on" and "a Stable Diffusion 1.5 LoRA" style phrases', () => {
    expect(proseBases('Guanaco is based on LLaMA and therefore should be used according to the LLaMA license.', 1)[0]).toMatchObject({
      licence: 'llama-license',
      kind: 'family'
    });
    expect(proseBases('This is an adapter for Stable Diffusion 1.5 trained on my drawings.', 1)[0]).toMatchObject({
      licence: 'creativeml-openrail-m'
    });
    expect(proseBases('Weights quantized from [Gemma 2](https://huggingface.co/google/gemma-2-9b-it).', 1)[0]).toMatchObject({
      id: 'google/gemma-2-9b-it',
      licence: 'gemma'
    });
  });

  it('reads the lines quantisers and converters write', () => {
    expect(proseBases('- Original model: [Llama 2 7B Chat](https://huggingface.co/meta-llama/Llama-2-7b-chat-hf)', 1)[0]).toMatchObject({
      id: 'meta-llama/Llama-2-7b-chat-hf',
      licence: 'llama2'
    });
    expect(
      proseBases('The Model mlx-community/gemma-3-4b-it-4bit was converted to MLX format from google/gemma-3-4b-it using mlx-vlm.', 1)[0]
    ).toMatchObject({ id: 'google/gemma-3-4b-it', licence: 'gemma' });
    expect(
      proseBases(
        'These are LoRA adaption weights for runwayml/stable-diffusion-v1-5. The weights were fine-tuned on the lambdalabs/pokemon dataset.',
        1
      )[0]
    ).toMatchObject({ id: 'runwayml/stable-diffusion-v1-5', licence: 'creativeml-openrail-m' });
    expect(
      proseBases(
        'This model is a fine-tuned version of [black-forest-labs/FLUX.1-dev](https://huggingface.co/black-forest-labs/FLUX.1-dev) on my photos.',
        1
      )[0]
    ).toMatchObject({ licence: 'flux-1-dev-non-commercial-license' });
  });

  it('does not read a tokenizer, a template or a neighbour as the parent', () => {
    expect(proseBases('Our model is based on the Llama 2 tokenizer and trained from scratch.', 1)).toEqual([]);
    expect(proseBases('It is based on the same data as Llama 2.', 1)).toEqual([]);
    expect(proseBases('Prompts follow a format based on the Gemma chat template.', 1)).toEqual([]);
  });

  it('does not read an architecture, a subject before the phrase, code blocks or comparisons as a base', () => {
    expect(proseBases('A decoder based on the Llama architecture, trained from scratch.', 1)).toEqual([]);
    expect(proseBases('Nous-Hermes-Llama2-13b is a model fine-tuned on 300,000 instructions.', 1)).toEqual([]);
    expect(proseBases('```\nfine-tuned from meta-llama/Llama-2-7b-hf\n```\n', 1)).toEqual([]);
    expect(proseBases('It outperforms Llama 2 on every benchmark.', 1)).toEqual([]);
  });

  it('stays linear and bounded on adversarial input', () => {
    const long = `${'based on '.repeat(20_000)}${'a/'.repeat(50_000)}`;
    const started = process.hrtime.bigint();
    proseBases(long, 1);
    familyOf('llama-'.repeat(10_000));
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2_000);
  });
});

describe('the rules on bases read from words', () => {
  it('a card with no base_model, fine-tuned from Gemma in its text, relabelled MIT: conflict, with the sentence in the detail', () => {
    const [f] = findingsOf(
      'licence-inherited-conflict',
      card(['license: mit'], '# m\n\nThis model is fine-tuned from google/gemma-2b-it on chat data.\n')
    );
    expect(f.message).toContain('base named in the text');
    expect(f.detail).toContain('named in the card text at line 6');
    expect(f.detail).toContain('fine-tuned from google/gemma-2b-it');
  });

  it('a tag naming a family binds like it, inferred from the name', () => {
    const [f] = findingsOf('licence-inherited-conflict', card(['license: apache-2.0', 'tags: [llama-2, text-generation]'], '# m\n'));
    expect(f.message).toContain('inferred from the name');
    expect(f.severity).toBe('warning'); // weaker evidence than a declared base: a warning under the same rule
  });

  it('a card already under a licence of the named family keeps it: no finding', () => {
    expect(findingsOf('licence-inherited-conflict', card(['license: llama3.1', 'tags: [llama-3, facebook]'], '# m\n'))).toEqual([]);
    expect(
      findingsOf(
        'licence-inherited-conflict',
        card(
          ['license: other', 'license_name: stabilityai-nc-research-community', 'license_link: LICENSE'],
          '# Stable Diffusion 3 Medium\n'
        )
      )
    ).toEqual([]);
  });

  it('an unknown base id that names a family binds like the family', () => {
    const [f] = findingsOf('licence-inherited-conflict', card(['license: mit', 'base_model: someone/my-gemma-2-9b-finetune'], '# m\n'));
    expect(f.message).toContain('inferred from the name');
    expect(f.detail).toContain('Gemma Terms of Use');
    expect(f.message).toContain('inferred from the name');
  });
});

describe('prose bases only the Hub knows', () => {
  it('are asked of the Hub, and bind with the licence it returns', async () => {
    const { dependenciesOf } = await import('../../src/hub/ids.js');
    const { parseCard } = await import('../../src/card/parse.js');
    const { hubOf } = await import('./fixtures.js');
    const text = card(
      ['license: mit'],
      '# m\n\nThis is a fine-tune of acme-labs/chat-13b-v2 on support tickets, trained on acme/tickets-2024.\n'
    );
    expect(dependenciesOf(parseCard('m/README.md', text))).toEqual([{ id: 'acme-labs/chat-13b-v2', via: 'base_model' }]);
    const hub = hubOf({ id: 'acme-labs/chat-13b-v2', license: 'llama2' });
    const [f] = findingsOf('licence-inherited-conflict', text, { hub });
    expect(f.message).toContain('`acme-labs/chat-13b-v2`');
    expect(findingsOf('licence-inherited-conflict', text)).toEqual([]); // offline: nothing known, nothing claimed
  });
});
