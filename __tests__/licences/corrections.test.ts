/** Issue 11 §1 and §2: licence facts corrected against their texts, and licences added; each fact pinned. */
import { entryById, lookupLicenseName } from '../../src/licences/knowledge.js';
import { COMPLETE_RELEASE, findingsOf } from '../helpers/rule-harness.js';

const e = (id: string) => {
  const entry = entryById(id);
  if (!entry) throw new Error(`no entry ${id}`);
  return entry;
};
const card = (lines: string[], body = '# m\n') => `---\n${lines.join('\n')}\n---\n${body}`;

describe('§1 corrections', () => {
  it('qwen-research: non-commercial, notice, and "Built with Qwen" for models trained on its materials or outputs (§3.c, §4.b)', () => {
    const q = e('qwen-research');
    expect(q.commercial.status).toBe('no');
    expect(q.derivatives.naming?.display).toEqual(['Built with Qwen', 'Improved using Qwen']);
    expect(q.derivatives.notice).toContain('Qwen RESEARCH LICENSE AGREEMENT');
    expect(q.outputs.trainingOtherModels).toBe('allowed-with-duties');
    expect(q.verified).toBe(true);
    expect(q.quotes?.map((x) => x.section)).toEqual(expect.arrayContaining(['1.i', '3.c', '4.b']));
  });

  it('BigScience BLOOM RAIL 1.0 and OpenRAIL-M have their own lists: undisclosed machine-generated content and impersonation', () => {
    for (const id of ['bigscience-bloom-rail-1.0', 'bigscience-openrail-m']) {
      expect(e(id).useRestrictions.what).toMatch(/machine-generated content not expressly disclosed/);
      expect(e(id).useRestrictions.what).toMatch(/impersonation/);
      expect(e(id).useRestrictions.what).not.toBe(e('creativeml-openrail-m').useRestrictions.what);
    }
  });

  it('grok2-community: 2025 revision, no revenue cap, acceptable-use based', () => {
    const g = e('grok2-community');
    expect(g.commercial.status).toBe('yes');
    expect(g.commercial.cap).toBeUndefined();
    expect(g.useRestrictions.present).toBe(true);
  });

  it('FAIR noncommercial research licence incorporates the FAIR Acceptable Use Policy', () => {
    expect(e('fair-noncommercial-research-license').useRestrictions.what).toMatch(/FAIR Acceptable Use Policy/);
  });

  it('Llama 3.3 is text-only: no EU multimodal clause; Llama 4 is multimodal: the clause applies', () => {
    expect(e('llama3.3').euExclusion).toBeNull();
    expect(e('llama4').euExclusion).toMatch(/multimodal/);
  });

  it('Gemma prohibited uses include sexually explicit content, automated decisions, impersonation and tracking', () => {
    const what = e('gemma').useRestrictions.what!;
    for (const w of ['sexually explicit', 'automated decisions', 'impersonation', 'tracking']) expect(what).toContain(w);
  });

  it.each(['ofl-1.1', 'ms-pl', 'c-uda'])('%s binds redistribution to its own terms', (id) => {
    expect(e(id).derivatives.inherit).toEqual(['share-alike']);
    expect(e(id).derivatives.shareAlikeGroup).toBeDefined();
  });

  it('Stability AI Community License: a model created from the output is a Derivative Work', () => {
    expect(e('stabilityai-ai-community').outputs.syntheticDataIsDerivative).toBe(true);
  });

  it('falcon-llm-license names the current TII Falcon text, not the 2023 royalty licence', () => {
    const f = lookupLicenseName('falcon-llm-license')!;
    expect(f.id).toBe('tii-falcon-license-2.0');
    expect(f.commercial.cap).toBeUndefined();
    expect(lookupLicenseName('tii falcon llm license 1.0')!.commercial.cap?.kind).toBe('revenue');
  });

  it('a Falcon 3 fine-tune declared apache-2.0 drops the TII terms', () => {
    const f = findingsOf('licence-inherited-conflict', card(['license: apache-2.0', 'base_model: tiiuae/Falcon3-7B-Instruct']));
    expect(f).toHaveLength(1);
    expect(`${f[0].message} ${f[0].detail ?? ''}`).toContain('TII Falcon License 2.0');
  });

  it('an sdxl-turbo LoRA under openrail++ drops the Community License; an SDXL base LoRA does not', () => {
    expect(findingsOf('licence-inherited-conflict', card(['license: openrail++', 'base_model: stabilityai/sdxl-turbo']))).toHaveLength(1);
    expect(
      findingsOf('licence-inherited-conflict', card(['license: openrail++', 'base_model: stabilityai/stable-diffusion-xl-base-1.0']))
    ).toHaveLength(0);
    // A LoRA that copies the base card's stale sai-nc-community name keeps the (less strict) Community terms.
    expect(
      findingsOf(
        'licence-inherited-conflict',
        card(['license: other', 'license_name: sai-nc-community', 'license_link: LICENSE.md', 'base_model: stabilityai/sdxl-turbo'])
      )
    ).toHaveLength(0);
  });

  it('a DeepSeek-V3-0324 fine-tune under MIT keeps its terms; an original V3 one does not', () => {
    expect(findingsOf('licence-inherited-conflict', card(['license: mit', 'base_model: deepseek-ai/DeepSeek-V3-0324']))).toHaveLength(0);
    expect(findingsOf('licence-inherited-conflict', card(['license: mit', 'base_model: deepseek-ai/DeepSeek-V3']))).toHaveLength(1);
  });

  it("an artefact licence accepts custom licence names and the card's own license_name", () => {
    const release = COMPLETE_RELEASE.replace(
      'licence: apache-2.0, location: https://example.org/w',
      'licence: mrl, location: https://example.org/w'
    ).replace('licence: Apache-2.0, location: https://example.org/c', 'licence: acme-model-licence, location: https://example.org/c');
    const text = card(['license: other', 'license_name: acme-model-licence', 'license_link: LICENSE', release]);
    expect(findingsOf('licence-unknown', text)).toEqual([]);
    const typo = card([
      'license: apache-2.0',
      COMPLETE_RELEASE.replace(
        'licence: apache-2.0, location: https://example.org/w',
        'licence: mrl-typo-x, location: https://example.org/w'
      )
    ]);
    expect(findingsOf('licence-unknown', typo)).toHaveLength(1);
  });

  it('the same artefact licence, written as the license_name, is no mismatch with the card', () => {
    const release = COMPLETE_RELEASE.replace(
      'licence: apache-2.0, location: https://example.org/w',
      'licence: acme-model-licence, location: https://example.org/w'
    );
    expect(
      findingsOf(
        'licence-artefact-mismatch',
        card(['license: other', 'license_name: acme-model-licence', 'license_link: LICENSE', release])
      )
    ).toEqual([]);
    const mrl = COMPLETE_RELEASE.replace(
      'licence: apache-2.0, location: https://example.org/w',
      'licence: mrl, location: https://example.org/w'
    );
    expect(findingsOf('licence-artefact-mismatch', card(['license: other', 'license_name: mrl', 'license_link: LICENSE', mrl]))).toEqual(
      []
    );
    expect(findingsOf('licence-artefact-mismatch', card(['license: apache-2.0', mrl]))).toHaveLength(1);
  });
});

describe('§2 licences added', () => {
  it.each([
    ['flux-1-dev-non-commercial-license', 'no'],
    ['mnpl', 'no'],
    ['nvidia-open-model-license', 'yes'],
    ['microsoft-research-license', 'no'],
    ['jamba-open-model-license', 'conditional'],
    ['ai2-impact-lr', 'yes'],
    ['ai2-impact-hr', 'no'],
    ['sai-nc-community', 'no'],
    ['stabilityai-nc-research-community', 'no'],
    ['tencent-hunyuan-community', 'conditional'],
    ['bria-rmbg-1.4', 'no'],
    ['glm-4', 'conditional'],
    ['nsclv1', 'no']
  ])('license_name %s is known (commercial: %s)', (name, status) => {
    expect(lookupLicenseName(name)?.commercial.status).toBe(status);
  });

  it('FLUX.1 [dev]: outputs usable, but not to train a competing model; revocable', () => {
    const f = e('flux-1-dev-non-commercial-license');
    expect(f.outputs.trainingOtherModels).toBe('forbidden');
    expect(f.terminateAtWill).toBe(true);
  });

  it('Cohere CC-BY-NC-4.0 with the C4AI policy: non-commercial plus an acceptable use policy', () => {
    const c = e('cc-by-nc-4.0-c4ai-aup');
    expect(c.commercial.status).toBe('no');
    expect(c.useRestrictions.policy).toMatch(/c4ai-acceptable-use-policy/);
  });

  it('a FLUX.1-dev merge declared MIT drops the non-commercial licence', () => {
    const f = findingsOf('licence-inherited-conflict', card(['license: mit', 'base_model: black-forest-labs/FLUX.1-dev']));
    expect(f).toHaveLength(1);
    expect(`${f[0].message} ${f[0].detail ?? ''}`).toContain('FLUX.1 [dev] Non-Commercial License');
  });
});
