/** Licence QA round 2: defects found probing merges, adapters and quantisations; each fails without its fix. */
import { offlineLicenceOf } from '../../src/licences/ancestry.js';
import { findingsOf, textOf } from '../helpers/rule-harness.js';
import { hubOf } from './fixtures.js';

const card = (lines: string[]) => `---\n${lines.join('\n')}\n---\n# m\n`;

describe('re-uploads named `org_model` (bartowski) keep the base licence', () => {
  it.each([
    ['bartowski/google_gemma-3-27b-it-GGUF', 'gemma'],
    ['bartowski/google_gemma-2-9b-it-GGUF', 'gemma'],
    ['bartowski/meta-llama_Llama-3.3-70B-Instruct-GGUF', 'llama3.3'],
    ['bartowski/meta-llama_Meta-Llama-3-8B-Instruct-GGUF', 'llama3'],
    ['bartowski/meta-llama_Llama-4-Scout-17B-16E-Instruct-GGUF', 'llama4'],
    ['bartowski/Qwen_Qwen2.5-72B-Instruct-GGUF', 'qwen'],
    ['bartowski/Qwen_Qwen2.5-3B-Instruct-GGUF', 'qwen-research'],
    ['bartowski/mistralai_Ministral-8B-Instruct-2410-GGUF', 'mrl'],
    ['unsloth/DeepSeek-R1-Distill-Llama-8B-GGUF', 'mit AND llama3.1'],
    ['bartowski/deepseek-ai_DeepSeek-R1-Distill-Llama-70B-GGUF', 'mit AND llama3.3']
  ])('%s → %s', (id, licence) => {
    expect(offlineLicenceOf(id)?.licence).toBe(licence);
  });

  it('does not read look-alikes that are not re-uploads', () => {
    expect(offlineLicenceOf('openlm-research/open_llama_3b')).toBeUndefined();
    expect(offlineLicenceOf('x/open_llama-3b-v2')).toBeUndefined();
    expect(offlineLicenceOf('google/medgemma-4b-it')).toBeUndefined();
    // Mixtral is in the table now (Apache-2.0, its card); a fine-tune merely named after it is not.
    expect(offlineLicenceOf('x/OpenHermes-Mixtral-8x7B')).toBeUndefined();
  });
});

describe('licence-inherited-conflict wording', () => {
  it('shows `license: other` with its license_name, not an internal `other:<name>`', () => {
    const [f] = findingsOf(
      'licence-inherited-conflict',
      card(['license: other', 'license_name: llama3', 'license_link: LICENSE', 'base_model: meta-llama/Llama-3.1-8B'])
    );
    expect(textOf(f)).toContain('`license: other` (`license_name: llama3`) drops the terms of the base model `meta-llama/Llama-3.1-8B`');
    expect(textOf(f)).not.toContain('other:llama3');
  });

  it('asks for license_link with license_name, so that following the advice does not trip licence-unknown', () => {
    const [f] = findingsOf('licence-inherited-conflict', card(['license: mit', 'base_model: mistralai/Ministral-8B-Instruct-2410']));
    expect(textOf(f)).toContain('`license: other` with `license_name: mrl` and `license_link`');
    const mended = card([
      'license: other',
      'license_name: mrl',
      'license_link: LICENSE',
      'base_model: mistralai/Ministral-8B-Instruct-2410'
    ]);
    expect(findingsOf('licence-inherited-conflict', mended)).toEqual([]);
    expect(findingsOf('licence-unknown', mended)).toEqual([]);
  });
});

describe('Creative Commons parents (Hub facts)', () => {
  const hub = hubOf(
    { id: 'org/by-sa', license: 'cc-by-sa-4.0' },
    { id: 'org/by-nc', license: 'cc-by-nc-4.0' },
    { id: 'org/by-nc-sa', license: 'cc-by-nc-sa-4.0' },
    { id: 'org/apache', license: 'apache-2.0' }
  );
  const conflict = (lines: string[]) => findingsOf('licence-inherited-conflict', card(lines), { hub });
  it.each([
    ['cc-by-4.0', 'org/by-sa', 'cc-by-sa-4.0'],
    ['cc-by-nc-4.0', 'org/by-nc-sa', 'cc-by-nc-sa-4.0'],
    ['mit', 'org/by-nc', 'cc-by-nc-4.0']
  ])('%s on %s: conflict naming %s', (licence, parent, parentLicence) => {
    const found = conflict([`license: ${licence}`, `base_model: ${parent}`]);
    expect(found).toHaveLength(1);
    expect(textOf(found[0])).toContain(`\`${parent}\``);
    expect(textOf(found[0])).toContain(`(\`${parentLicence}\`)`);
  });

  it.each([
    ['cc-by-nc-sa-4.0', 'org/by-nc'],
    ['cc-by-sa-4.0', 'org/by-sa'],
    ['cc-by-nc-4.0', 'org/by-nc']
  ])('%s on %s (as strict or stricter): quiet', (licence, parent) => {
    expect(conflict([`license: ${licence}`, `base_model: ${parent}`])).toEqual([]);
  });

  it('a merge of an Apache and a BY-NC parent under Apache names the BY-NC parent', () => {
    const found = conflict(['license: apache-2.0', 'base_model: [org/apache, org/by-nc]', 'base_model_relation: merge']);
    expect(found).toHaveLength(1);
    expect(textOf(found[0])).toContain('`org/by-nc`');
  });
});
