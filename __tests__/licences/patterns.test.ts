/** The offline table of publishers and re-uploads: every pattern anchored, matching its examples first and none of its near names. */
import { offlineLicenceOf, PUBLISHERS } from '../../src/licences/ancestry.js';
import { resolveDeclaration } from '../../src/licences/knowledge.js';

describe('publisher and family patterns', () => {
  it('are anchored at the start of an id or after an `org/` or `org_` prefix', () => {
    for (const p of PUBLISHERS) expect([p.match, p.match.startsWith('^') || p.match.startsWith('(^|[/_])')]).toEqual([p.match, true]);
  });

  it('each carries examples: at least one name it must match and one near name it must not', () => {
    for (const p of PUBLISHERS) {
      expect([p.match, (p.examples?.match.length ?? 0) > 0, (p.examples?.near.length ?? 0) > 0]).toEqual([p.match, true, true]);
    }
  });

  it.each(PUBLISHERS.map((p) => [p.match, p] as const))('%s: matches its examples first, and not its near names', (_, p) => {
    const re = new RegExp(p.match, 'i');
    for (const id of p.examples!.match) expect([id, offlineLicenceOf(id)?.match]).toEqual([id, p.match]);
    for (const id of p.examples!.near) expect([id, re.test(id)]).toEqual([id, false]);
  });

  it('names only licences the knowledge knows', () => {
    for (const p of PUBLISHERS) {
      const resolved = resolveDeclaration(p.licence);
      expect([p.licence, resolved.chosen.every((t) => t.entry !== undefined)]).toEqual([p.licence, true]);
    }
  });
});

describe('families by size and release (issue 11 §1, §2)', () => {
  it.each([
    ['deepseek-ai/DeepSeek-V3-0324', 'mit'],
    ['deepseek-ai/DeepSeek-V3', 'deepseek'],
    ['deepseek-ai/DeepSeek-V3-Base', 'deepseek'],
    ['deepseek-ai/DeepSeek-R1-0528', 'mit'],
    ['deepseek-ai/DeepSeek-V2-Lite-Chat', 'deepseek'],
    ['deepseek-ai/Janus-Pro-7B', 'deepseek'],
    ['deepseek-ai/deepseek-vl2', 'deepseek'],
    ['Qwen/Qwen1.5-0.5B-Chat', 'tongyi-qianwen-research'],
    ['Qwen/Qwen1.5-1.8B', 'tongyi-qianwen-research'],
    ['Qwen/Qwen1.5-14B-Chat', 'tongyi-qianwen-license-agreement'],
    ['Qwen/Qwen2-72B-Instruct', 'tongyi-qianwen-license-agreement'],
    ['Qwen/Qwen2-7B-Instruct', 'apache-2.0'],
    ['Qwen/Qwen2-VL-72B-Instruct', 'qwen'],
    ['Qwen/Qwen2.5-Coder-3B-Instruct', 'qwen-research'],
    ['Qwen/Qwen2.5-Coder-32B-Instruct', 'apache-2.0'],
    ['Qwen/Qwen2.5-Math-72B-Instruct', 'qwen'],
    ['Qwen/Qwen2.5-VL-3B-Instruct', 'qwen-research'],
    ['Qwen/Qwen2.5-VL-7B-Instruct', 'apache-2.0'],
    ['Qwen/QVQ-72B-Preview', 'qwen'],
    ['Qwen/Qwen3-8B', 'apache-2.0'],
    ['stabilityai/sdxl-turbo', 'stabilityai-ai-community'],
    ['stabilityai/sd-turbo', 'stabilityai-ai-community'],
    ['stabilityai/stable-diffusion-xl-base-1.0', 'openrail++'],
    ['stabilityai/stable-cascade', 'stabilityai-ai-community'],
    ['black-forest-labs/FLUX.1-dev', 'flux-1-dev-non-commercial-license'],
    ['black-forest-labs/FLUX.1-schnell', 'apache-2.0'],
    ['mistralai/Mistral-Large-Instruct-2407', 'mrl'],
    ['mistralai/Codestral-22B-v0.1', 'mnpl-0.1'],
    ['mistralai/Pixtral-12B-2409', 'apache-2.0'],
    ['microsoft/Orca-2-7b', 'microsoft-research-license'],
    ['microsoft/Phi-3.5-mini-instruct', 'mit'],
    ['CohereForAI/c4ai-command-r-plus', 'cc-by-nc-4.0-c4ai-aup'],
    ['nvidia/Llama-3.1-Nemotron-70B-Instruct-HF', 'nvidia-open-model-license AND llama3.1'],
    ['ai21labs/AI21-Jamba-1.5-Large', 'jamba-open-model-license'],
    ['tiiuae/falcon-mamba-7b', 'tii-falcon-license-2.0'],
    ['01-ai/Yi-1.5-34B-Chat', 'apache-2.0'],
    ['apple/OpenELM-270M', 'apple-ascl'],
    ['HuggingFaceTB/SmolLM3-3B', 'apache-2.0']
  ])('%s → %s', (id, licence) => {
    expect(offlineLicenceOf(id)?.licence).toBe(licence);
  });

  it('does not stretch a family to a near name', () => {
    expect(offlineLicenceOf('deepseek-ai/DeepSeek-V3-0324')?.licence).not.toBe('deepseek');
    expect(offlineLicenceOf('stabilityai/sdxl-turbo')?.licence).not.toBe('openrail++');
    expect(offlineLicenceOf('CohereForAI/aya-101')).toBeUndefined();
    expect(offlineLicenceOf('x/OpenHermes-2.5-Mistral-7B')).toBeUndefined();
  });
});
