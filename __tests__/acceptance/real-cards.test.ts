/**
 * Realistic front matters of published model cards (licences.md §1.5 and §7) and typical community
 * derivatives, run through the bundled CLI. Checks what a licence expert would say: which licence
 * rules fire (naming the right parent) and which stay quiet.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { FIXTURES, LICENCE_RULES, byRule, card, checkJson, type CardReport, type Report, where } from './helpers.js';
import { textOf } from '../helpers/rule-harness.js';

let report: Report;
let status: number | null;
const c = (name: string): CardReport => card(report, `real/${name}/README.md`);
const licenceRules = (name: string): string[] =>
  c(name)
    .findings.filter((f) => LICENCE_RULES.includes(f.rule))
    .map((f) => f.rule);

beforeAll(() => {
  ({ report, status } = checkJson(['real'], FIXTURES));
});

describe('real published cards', () => {
  test('every fixture is a card, paths are relative with /', () => {
    expect(report.cards.length).toBe(112);
    for (const k of report.cards) expect(k.path).toMatch(/^real\/[^\\]+\/README\.md$/);
    expect(status).toBe(1);
  });

  test('real cards have no release block: artefact-undeclared x5 and access-undeclared at 1:1', () => {
    for (const name of ['pythia', 'olmo', 'llama2', 'gemma7b', 'sd35', 'gpt2']) {
      expect(where(c(name), 'access-undeclared')).toEqual(['access-undeclared@1:1']);
      const undeclared = byRule(c(name), 'artefact-undeclared');
      expect(undeclared).toHaveLength(5);
      for (const f of undeclared) expect([f.severity, f.line, f.column]).toEqual(['error', 1, 1]);
      const named = undeclared.map((f) =>
        ['weights', 'training_code', 'inference_code', 'training_data', 'hyperparameters'].find((a) => textOf(f).includes(`\`${a}\``))
      );
      expect(new Set(named)).toEqual(new Set(['weights', 'training_code', 'inference_code', 'training_data', 'hyperparameters']));
    }
  });

  test.each(['pythia', 'olmo', 'amber', 'mistral', 'falcon40b', 'phi2', 'qwen7bi', 'r1', 'gpt2'])(
    'permissive %s: no licence finding at all',
    (name) => {
      expect(licenceRules(name)).toEqual([]);
      expect(
        c(name).findings.every((f) => (f.severity === 'error' ? ['artefact-undeclared', 'access-undeclared'].includes(f.rule) : true))
      ).toBe(true);
    }
  );

  test.each([
    ['llama2', 26],
    ['llama3', 11],
    ['llama31', 12],
    ['vicuna15', 3]
  ])('Llama card %s: custom terms, 700M MAU cap and AUP at the licence line %i, no conflict', (name, line) => {
    const k = c(name);
    expect(where(k, 'licence-custom-terms')).toEqual([`licence-custom-terms@${line}:1`]);
    expect(where(k, 'licence-non-commercial')).toEqual([`licence-non-commercial@${line}:1`]);
    expect(textOf(byRule(k, 'licence-non-commercial')[0]!)).toMatch(/700 million/);
    expect(where(k, 'licence-use-restrictions')).toEqual([`licence-use-restrictions@${line}:1`]);
    expect(byRule(k, 'licence-use-restrictions')[0]!.severity).toBe('notice');
    for (const rule of ['licence-inherited-conflict', 'licence-unknown', 'licence-missing', 'licence-text-mismatch'])
      expect(byRule(k, rule)).toEqual([]);
  });

  test.each(['gemma7b', 'zephyrgemma'])('Gemma card %s: use restrictions, custom terms, commercial use allowed', (name) => {
    expect(licenceRules(name).sort()).toEqual(['licence-custom-terms', 'licence-use-restrictions']);
    expect(textOf(byRule(c(name), 'licence-use-restrictions')[0]!)).toMatch(/Prohibited Use Policy/);
  });

  test.each([
    ['bloom', 'bigscience-bloom-rail-1.0', 2],
    ['starcoder', 'bigcode-openrail-m', 8],
    ['sd14', 'creativeml-openrail-m', 2],
    ['sdxl', 'openrail++', 2]
  ])('RAIL card %s (%s): use restrictions and custom terms, nothing else', (name, id, line) => {
    expect(licenceRules(name).sort()).toEqual(['licence-custom-terms', 'licence-use-restrictions']);
    expect(where(c(name), 'licence-use-restrictions')).toEqual([`licence-use-restrictions@${line}:1`]);
    expect(textOf(byRule(c(name), 'licence-use-restrictions')[0]!)).toContain(id);
  });

  test('SD 3.5 Large (other / stabilityai-ai-community): revenue cap, AUP, custom terms', () => {
    expect(licenceRules('sd35').sort()).toEqual(['licence-custom-terms', 'licence-non-commercial', 'licence-use-restrictions']);
    expect(textOf(byRule(c('sd35'), 'licence-non-commercial')[0]!)).toMatch(/1,000,000|1M|revenue/);
  });

  test('Ministral-8B (other / mrl): research-only', () => {
    expect(licenceRules('ministral').sort()).toEqual(['licence-custom-terms', 'licence-non-commercial']);
    expect(textOf(byRule(c('ministral'), 'licence-non-commercial')[0]!)).toMatch(/[Rr]esearch/);
  });

  test('Qwen2.5-72B (other / qwen): resolved, no licence-unknown', () => {
    expect(licenceRules('qwen72b').sort()).toEqual(['licence-custom-terms', 'licence-non-commercial']);
  });

  test('falcon-180B: license unknown is licence-unknown on line 10', () => {
    const f = byRule(c('falcon180b'), 'licence-unknown');
    expect(f.map((x) => [x.severity, x.line])).toEqual([['error', 10]]);
  });

  test('opt-125m: other without license_name/license_link is licence-unknown on line 8', () => {
    const f = byRule(c('opt125'), 'licence-unknown');
    expect(f.map((x) => [x.severity, x.line])).toEqual([['error', 8]]);
    expect(textOf(f[0]!)).toMatch(/license_name/);
  });

  test('Qwen-7B (licence only in prose): licence-missing at 1:1', () => {
    expect(where(c('qwen7b'), 'licence-missing')).toEqual(['licence-missing@1:1']);
  });

  test('vicuna-7b-delta-v0: apache-2.0 while the text says non-commercial, at the text line', () => {
    expect(where(c('vicunadelta'), 'licence-text-mismatch')).toEqual(['licence-text-mismatch@20:1']);
  });

  test('DeepSeek-R1-Distill-Llama-8B: mit on Llama 3.1 is an inherited conflict naming the parent', () => {
    const f = byRule(c('r1llama'), 'licence-inherited-conflict');
    expect(f.map((x) => `${x.severity}@${x.line}:${x.column}`)).toEqual(['error@2:1']);
    expect(textOf(f[0]!)).toContain('meta-llama/Llama-3.1-8B');
    expect(textOf(f[0]!)).toContain('llama3.1');
  });
});

describe('community derivatives', () => {
  test.each([
    ['d-llama31-apache', 2, 'meta-llama/Llama-3.1-8B-Instruct', 'llama3.1'],
    ['d-unsloth', 9, 'unsloth/meta-llama-3.1-8b-instruct-bnb-4bit', 'llama3.1'],
    ['b-unsloth-l31', 2, 'unsloth/Meta-Llama-3.1-8B-Instruct-bnb-4bit', 'llama3.1'],
    ['b-unsloth-l32', 2, 'unsloth/Llama-3.2-3B-Instruct-bnb-4bit', 'llama3.2'],
    ['d-unsloth-gemma', 3, 'unsloth/gemma-2-9b-it-bnb-4bit', 'gemma'],
    ['b-gemma3u', 2, 'unsloth/gemma-3-4b-it-unsloth-bnb-4bit', 'gemma'],
    ['d-sdlora', 2, 'runwayml/stable-diffusion-v1-5', 'creativeml-openrail-m'],
    ['d-sdlora-cc0', 2, 'stable-diffusion-v1-5/stable-diffusion-v1-5', 'creativeml-openrail-m'],
    ['d-sdxl-lora-apache', 2, 'stabilityai/stable-diffusion-xl-base-1.0', 'openrail++'],
    ['d-sd35-mit', 2, 'stabilityai/stable-diffusion-3.5-large', 'stabilityai-ai-community'],
    ['d-gemma-nc', 2, 'google/gemma-7b', 'gemma'],
    ['d-gemma-mit', 2, 'google/gemma-2b', 'gemma'],
    ['b-gemma3', 2, 'google/gemma-3-4b-it', 'gemma'],
    ['d-bloom-apache', 2, 'bigscience/bloom-560m', 'bigscience-bloom-rail-1.0'],
    ['b-bloomz', 2, 'bigscience/bloomz-7b1', 'bigscience-bloom-rail-1.0'],
    ['d-starcoder-mit', 2, 'bigcode/starcoder', 'bigcode-openrail-m'],
    ['d-ministral-apache', 2, 'mistralai/Ministral-8B-Instruct-2410', 'mrl'],
    ['b-mrl-gguf', 2, 'bartowski/Ministral-8B-Instruct-2410-GGUF', 'mrl'],
    ['d-merge', 2, 'meta-llama/Llama-2-7b-hf', 'llama2'],
    ['d-llama2-nc', 2, 'meta-llama/Llama-2-7b-hf', 'llama2'],
    ['d-opt-apache', 2, 'facebook/opt-125m', 'opt-175b'],
    ['e-thebloke', 2, 'TheBloke/Llama-2-7B-Chat-GGUF', 'llama2'],
    ['e-nous', 2, 'NousResearch/Llama-2-7b-hf', 'llama2'],
    ['e-vicuna-mit', 2, 'lmsys/vicuna-7b-v1.5', 'llama2'],
    ['e-qwen72-apache', 2, 'Qwen/Qwen2.5-72B-Instruct', 'qwen'],
    ['e-qwen1', 2, 'Qwen/Qwen-7B', 'tongyi-qianwen'],
    ['e-l2-l3', 2, 'meta-llama/Llama-2-7b-hf', 'llama2'],
    ['e-l31-gemma', 2, 'meta-llama/Llama-3.1-8B', 'llama3.1'],
    ['b-l33', 2, 'meta-llama/Llama-3.3-70B-Instruct', 'llama3.3'],
    ['b-l4', 2, 'meta-llama/Llama-4-Scout-17B-16E-Instruct', 'llama4'],
    ['b-lower', 2, 'meta-llama/llama-2-7b-hf', 'llama2'],
    ['b-huggy', 2, 'huggyllama/llama-7b', 'llama'],
    ['b-r1dl', 2, 'deepseek-ai/DeepSeek-R1-Distill-Llama-8B', 'llama3.1'],
    ['b-df', 2, 'deep-floyd/IF-I-XL-v1.0', 'deepfloyd-if-license'],
    ['b-glm', 2, 'THUDM/glm-130b', 'glm-130b'],
    ['e-falcon180-ft', 2, 'tiiuae/falcon-180B', 'falcon-180b']
  ])('%s: licence-inherited-conflict at line %i naming %s (%s)', (name, line, parent, licence) => {
    const f = byRule(c(name), 'licence-inherited-conflict');
    expect(f.map((x) => `${x.severity}@${x.line}:${x.column}`)).toEqual([`error@${line}:1`]);
    expect(textOf(f[0]!)).toContain(`\`${parent}\``);
    expect(textOf(f[0]!)).toContain(licence);
  });

  test.each([
    'd-llama2-gguf',
    'd-llama3-gguf-ok',
    'd-llama31-llama3.1',
    'd-gemma-gemmaok',
    'e-gemma-other-ok',
    'e-gemma-nolic-relation',
    'e-l31-other-ok',
    'e-l32',
    'e-sd14-ok',
    'b-r1dl-ok',
    'zephyrgemma',
    'qwen7bi',
    'qwen72b',
    'd-qwen-apache-ok',
    'd-mistral-ok',
    'd-pythia-mit',
    'd-falcon40-mit',
    'd-r1-distill-qwen',
    'e-phi2-ft',
    'b-gemma4'
  ])('%s: consistent licence, no inherited conflict and no licence error', (name) => {
    expect(byRule(c(name), 'licence-inherited-conflict')).toEqual([]);
    expect(c(name).findings.filter((f) => f.severity === 'error' && f.rule.startsWith('licence-'))).toEqual([]);
  });

  test('a Gemma-2 fine-tune with no licence: licence-missing, and the Gemma terms are still described', () => {
    expect(where(c('d-gemma2-nolic'), 'licence-missing')).toEqual(['licence-missing@1:1']);
    expect(textOf(byRule(c('d-gemma2-nolic'), 'licence-use-restrictions')[0]!)).toContain('google/gemma-2-9b-it');
  });

  test('inherited limits are named: a Llama 3.1 fine-tune relabelled apache-2.0 still carries the MAU cap and AUP', () => {
    const k = c('d-llama31-apache');
    expect(textOf(byRule(k, 'licence-non-commercial')[0]!)).toContain('meta-llama/Llama-3.1-8B-Instruct');
    expect(textOf(byRule(k, 'licence-use-restrictions')[0]!)).toContain('meta-llama/Llama-3.1-8B-Instruct');
  });

  test('a non-commercial licence on a Gemma derivative is both a conflict and a non-commercial warning', () => {
    expect(byRule(c('d-gemma-nc'), 'licence-non-commercial').map((f) => f.severity)).toEqual(['warning']);
  });
});

describe('round 2: merges, adapters, quantisations and re-upload names', () => {
  test.each([
    // `org_model` re-uploads (bartowski) and R1-Distill-Llama quantisations keep the base licence.
    ['r2-bartowski-gemma3-apache', 'bartowski/google_gemma-3-12b-it-GGUF', 'gemma'],
    ['r2-bartowski-l33-mit', 'bartowski/meta-llama_Llama-3.3-70B-Instruct-GGUF', 'llama3.3'],
    ['r2-bartowski-qwen72-apache', 'bartowski/Qwen_Qwen2.5-72B-Instruct-GGUF', 'qwen'],
    ['r2-r1dl-gguf-mit', 'unsloth/DeepSeek-R1-Distill-Llama-8B-GGUF', 'llama3.1'],
    // A merge: the most restrictive parent (research-only MRL) is named first, the others listed.
    ['r2-merge-three', 'mistralai/Ministral-8B-Instruct-2410', 'mrl'],
    ['r2-merge-l31-gemma-gemma', 'meta-llama/Llama-3.1-8B-Instruct', 'llama3.1'],
    ['r2-lora-l31-mit', 'meta-llama/Llama-3.1-8B-Instruct', 'llama3.1'],
    ['r2-other-llama3-on-l31', 'meta-llama/Llama-3.1-8B-Instruct', 'llama3.1'],
    ['e-l31-as-llama3', 'meta-llama/Llama-3.1-8B', 'llama3.1'],
    ['e-qwen3b', 'Qwen/Qwen2.5-3B-Instruct', 'qwen-research'],
    ['e-deepseek-v2', 'deepseek-ai/deepseek-llm-7b-base', 'deepseek'],
    ['b-unsloth-l31b', 'unsloth/Llama-3.1-8B-Instruct-bnb-4bit', 'llama3.1']
  ])('%s: one licence-inherited-conflict at 2:1 naming `%s` (%s) and the clause', (name, parent, licence) => {
    const f = byRule(c(name), 'licence-inherited-conflict');
    expect(f.map((x) => `${x.severity}@${x.line}:${x.column}`)).toEqual(['error@2:1']);
    expect(textOf(f[0]!)).toContain(`\`${parent}\``);
    expect(textOf(f[0]!)).toContain(`(\`${licence}\`)`);
    expect(textOf(f[0]!)).toMatch(/That licence says: \S/);
  });

  test('a three-parent merge lists the other binding parents after the worst one', () => {
    const m = textOf(byRule(c('r2-merge-three'), 'licence-inherited-conflict')[0]!);
    expect(m).toMatch(/Also binding: .*`llama3\.1`.*`meta-llama\/Llama-3\.1-8B`.*`gemma`.*`google\/gemma-2-9b`/);
  });

  test('`license: other` + `license_name` is shown as written, and the remedy asks for license_link as licence-unknown does', () => {
    const m = textOf(byRule(c('r2-other-llama3-on-l31'), 'licence-inherited-conflict')[0]!);
    expect(m).toContain('`license: other` (`license_name: llama3`) drops');
    expect(m).not.toContain('other:llama3');
    const q = textOf(byRule(c('e-qwen3b'), 'licence-inherited-conflict')[0]!);
    expect(q).toContain('`license_name: qwen-research` and `license_link`');
  });

  test.each([
    'r2-merge-both-kept',
    'r2-merge-qwen-mistral',
    'r2-lora-l31-kept',
    'r2-q-gemma2',
    'r2-q-gemma3-other',
    'r2-q-qwen14',
    'r2-q-qwen72-kept',
    'r2-q-mixtral',
    'r2-q-mistral',
    'r2-r1dq-mit',
    'r2-phi3-mit',
    'r2-smollm-apache',
    'r2-other-llama3-on-l3',
    'r2-crml-on-sdxl',
    'r2-datasets-offline',
    'e-sd15-openrail',
    'e-sd15-openrailpp'
  ])('%s: consistent, no inherited conflict and no licence error', (name) => {
    expect(byRule(c(name), 'licence-inherited-conflict')).toEqual([]);
    expect(c(name).findings.filter((f) => f.severity === 'error' && f.rule.startsWith('licence-'))).toEqual([]);
  });

  test('datasets named by id without hub-lookup: no licence finding is guessed', () => {
    expect(licenceRules('r2-datasets-offline')).toEqual([]);
  });
});
