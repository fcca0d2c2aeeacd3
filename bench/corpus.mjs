// Deterministic generator of realistic model cards (Hub-style front matter + `release` block + body).
// Shared by the benchmark (bench/run.mjs) and the parser's differential test.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** mulberry32: a small seeded PRNG, so every run writes the same corpus. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ORGS = [
  'acme-ai',
  'northwind-labs',
  'tinyml',
  'open-foundry',
  'meta-llama',
  'google',
  'mistralai',
  'bigscience',
  'stabilityai',
  'qwen'
];
const BASES = [
  ['meta-llama/Llama-3.1-8B', 'llama3.1'],
  ['google/gemma-2-9b', 'gemma'],
  ['mistralai/Mistral-7B-v0.3', 'apache-2.0'],
  ['bigscience/bloom-560m', 'bigscience-bloom-rail-1.0'],
  ['stabilityai/stable-diffusion-xl-base-1.0', 'openrail++'],
  ['Qwen/Qwen2.5-7B', 'apache-2.0'],
  ['microsoft/phi-2', 'mit'],
  ['EleutherAI/pythia-1b', 'apache-2.0']
];
const LICENCES = [
  'apache-2.0',
  'mit',
  'llama3.1',
  'gemma',
  'openrail++',
  'cc-by-nc-4.0',
  'cc-by-4.0',
  'bigscience-openrail-m',
  'other',
  'Apache-2.0 OR MIT'
];
const LANGS = ['en', 'fr', 'de', 'es', 'it', 'pt', 'nl', 'pl', 'ja', 'zh', 'ko', 'ar', 'hi', 'sw', 'fi', 'sv'];
const TAGS = [
  'text-generation',
  'llama',
  'fine-tuned',
  'instruct',
  'chat',
  'lora',
  'peft',
  'gguf',
  'quantized',
  'code',
  'math',
  'safetensors',
  'conversational',
  'rlhf',
  'dpo',
  'merge',
  'multilingual',
  'summarization'
];
const PIPELINES = ['text-generation', 'text2text-generation', 'text-to-image', 'fill-mask', 'token-classification', 'translation'];
const LIBRARIES = ['transformers', 'peft', 'diffusers', 'sentence-transformers', 'gguf', 'mlx'];
const METRICS = [
  ['accuracy', 'Accuracy'],
  ['f1', 'F1'],
  ['exact_match', 'Exact match'],
  ['acc_norm', 'Normalised accuracy'],
  ['pass@1', 'pass@1'],
  ['bleu', 'BLEU']
];
const TASKS = [
  ['ai2_arc', 'AI2 Reasoning Challenge (25-Shot)', 'ARC-Challenge'],
  ['hellaswag', 'HellaSwag (10-Shot)', null],
  ['cais/mmlu', 'MMLU (5-Shot)', 'all'],
  ['winogrande', 'Winogrande (5-shot)', 'winogrande_xl'],
  ['gsm8k', 'GSM8k (5-shot)', 'main'],
  ['openai_humaneval', 'HumanEval', null]
];
const ACCESS = ['open', 'open', 'open', 'gated', 'gated', 'staged', 'api-only', 'research-only', 'closed'];
const ARTEFACTS = [
  'weights',
  'training_code',
  'inference_code',
  'training_data',
  'hyperparameters',
  'evaluation_code',
  'data_documentation',
  'technical_report',
  'intermediate_checkpoints'
];
const WORDS =
  'model fine tuned on curated instruction data with careful filtering of personal information evaluation shows strong results for reasoning and code generation while staying small enough to run on a single consumer GPU the training used mixed precision and a cosine schedule'.split(
    ' '
  );

function pick(rand, list) {
  return list[Math.floor(rand() * list.length)];
}

function some(rand, list, min, max) {
  const n = min + Math.floor(rand() * (max - min + 1));
  const copy = [...list];
  const out = [];
  while (out.length < n && copy.length > 0) out.push(copy.splice(Math.floor(rand() * copy.length), 1)[0]);
  return out;
}

function sentence(rand, n) {
  const words = [];
  for (let i = 0; i < n; i++) words.push(pick(rand, WORDS));
  const s = words.join(' ');
  return s[0].toUpperCase() + s.slice(1) + '.';
}

/** One card's text; `index` makes it unique, `rand` varies its shape. */
export function generateCard(rand, index) {
  const org = pick(rand, ORGS);
  const name = `${org}/model-${index.toString(36)}`;
  const [base, baseLicence] = pick(rand, BASES);
  const inherits = rand() < 0.6;
  const licence = inherits ? baseLicence : pick(rand, LICENCES);
  const access = pick(rand, ACCESS);
  // Shapes seen on the Hub: most cards have no `release` block at all (the gate then reports what is
  // missing), many are saved with CRLF, bodies run to tens of kilobytes, some list dozens of results.
  const hubOnly = rand() < 0.45;
  const longIndex = rand() < 0.1;
  const longBody = rand() < 0.3;
  const crlf = rand() < 0.4;
  const y = [];
  if (rand() < 0.2) y.push('# Metadata read by the Hub and by model-release-gate');
  y.push(`license: ${licence === 'Apache-2.0 OR MIT' ? `"${licence}"` : licence}`);
  if (licence === 'other' || (hubOnly && rand() < 0.15)) {
    if (licence !== 'other') y[y.length - 1] = 'license: other';
    y.push(`license_name: ${org}-community-licence`);
    y.push(`license_link: https://huggingface.co/${name}/blob/main/LICENSE`);
  }
  y.push(`base_model: ${base}`);
  y.push(`base_model_relation: ${pick(rand, ['finetune', 'adapter', 'quantized', 'merge'])}`);
  const datasets = some(
    rand,
    [
      'HuggingFaceH4/ultrachat_200k',
      'tatsu-lab/alpaca',
      'openai/gsm8k',
      'allenai/c4',
      'bigcode/the-stack-v2',
      `${org}/instructions-v${1 + Math.floor(rand() * 4)}`
    ],
    1,
    4
  );
  if (rand() < 0.5) y.push(`datasets: [${datasets.join(', ')}]`);
  else y.push('datasets:', ...datasets.map((d) => `- ${d}`));
  const langs = some(rand, LANGS, 1, 10);
  if (rand() < 0.3) y.push(`language: [${langs.join(', ')}]`);
  else y.push('language:', ...langs.map((l) => `  - ${l}`));
  y.push(`library_name: ${pick(rand, LIBRARIES)}`);
  y.push(`pipeline_tag: ${pick(rand, PIPELINES)}`);
  y.push('tags:', ...some(rand, TAGS, 2, 10).map((t) => `- ${t}`));
  if (access === 'gated' || access === 'staged' || rand() < 0.05) {
    if (rand() < 0.15) {
      // Block scalars are common in gated cards; they take the full parser's path.
      y.push('extra_gated_prompt: >-', `  ${sentence(rand, 12)}`, `  ${sentence(rand, 10)}`);
    } else {
      y.push(`extra_gated_prompt: "${sentence(rand, 14)}"`);
    }
    y.push(
      'extra_gated_fields:',
      '  Company: text',
      '  Country: country',
      '  Intended use: text',
      '  I agree to the acceptable use policy: checkbox'
    );
    y.push(`extra_gated_button_content: Request access`);
  }
  const results = longIndex ? 20 + Math.floor(rand() * 25) : 1 + Math.floor(rand() * 8);
  y.push('model-index:', `- name: ${name.split('/')[1]}`, '  results:');
  for (let i = 0; i < results; i++) {
    const [type, taskName, config] = TASKS[i % TASKS.length];
    y.push('  - task:', '      type: text-generation', '      name: Text Generation');
    y.push('    dataset:', `      name: ${taskName}`, `      type: ${type}`);
    if (config) y.push(`      config: ${config}`);
    y.push('      split: test');
    y.push('    metrics:');
    for (const [metric, label] of some(rand, METRICS, 1, 2)) {
      y.push(`    - type: ${metric}`, `      value: ${(20 + rand() * 70).toFixed(2)}`, `      name: ${label}`);
    }
    y.push(
      '    source:',
      `      url: https://huggingface.co/spaces/open-llm-leaderboard/details?model=${name}`,
      '      name: Open LLM Leaderboard'
    );
  }
  if (hubOnly) return finish(rand, name, licence, y, longBody, crlf);
  y.push('release:', `  access: ${access}`);
  if (access === 'gated' || access === 'staged' || access === 'research-only') {
    y.push(
      '  access_details:',
      `    approval: ${rand() < 0.5 ? 'manual' : 'automatic'}`,
      `    conditions: Accept the licence and the acceptable-use policy.`
    );
    if (access === 'staged')
      y.push(
        '    stages:',
        '    - date: 2025-01-15',
        '      what: Weights for approved researchers.',
        '    - when: after the safety review',
        '      what: Public weights.'
      );
    else y.push('    stages: []');
  }
  y.push('  artefacts:');
  for (const artefact of some(rand, ARTEFACTS, 3, ARTEFACTS.length)) {
    const status = rand() < 0.75 ? 'released' : rand() < 0.8 ? 'withheld' : 'not-applicable';
    const artefactLicence = artefact === 'weights' ? licence : pick(rand, ['Apache-2.0', 'MIT', 'CC-BY-4.0']);
    if (status === 'released') {
      const location = `https://github.com/${org}/${artefact.replace('_', '-')}`;
      if (rand() < 0.5) y.push(`    ${artefact}: { status: released, licence: ${artefactLicence}, location: ${location} }`);
      else {
        y.push(`    ${artefact}:`, '      status: released');
        if (rand() < 0.9) y.push(`      licence: ${artefactLicence}`);
        y.push(`      location: ${location}`);
      }
    } else {
      y.push(`    ${artefact}:`, `      status: ${status}`);
      if (rand() < 0.9) y.push(`      reason: ${sentence(rand, 6)}`);
    }
  }
  if (rand() < 0.5) y.push(`  use_restrictions: https://huggingface.co/${name}/blob/main/USE_POLICY.md`);
  // eslint-disable-next-line no-dupe-else-if -- each rand() draws anew
  else if (rand() < 0.5)
    y.push('  use_restrictions:', '  - No use for surveillance of individuals.', '  - No generation of disinformation at scale.');
  const risk = pick(rand, ['low', 'low', 'medium', 'high']);
  y.push('  risk:', `    dual_use: ${risk}`, `    assessment: https://github.com/${org}/safety/blob/main/${index}.md # reviewed`);
  return finish(rand, name, licence, y, longBody, crlf);
}

/** The card's text: front matter `y`, then a body (long ones with tables, HTML and code), in LF or CRLF. */
function finish(rand, name, licence, y, longBody, crlf) {
  const body = [
    `# ${name.split('/')[1]}`,
    '',
    sentence(rand, 20),
    sentence(rand, 16),
    '',
    '## Usage',
    '',
    '```python',
    'from transformers import AutoModelForCausalLM, AutoTokenizer',
    `model = AutoModelForCausalLM.from_pretrained("${name}")`,
    '```',
    '',
    '## Training',
    ''
  ];
  const paragraphs = longBody ? 40 + Math.floor(rand() * 80) : 3 + Math.floor(rand() * 10);
  for (let i = 0; i < paragraphs; i++) {
    body.push(sentence(rand, 10 + Math.floor(rand() * 30)), '');
    if (longBody && i % 15 === 7) {
      body.push('| Benchmark | Score | Notes |', '|---|---:|---|');
      for (let r = 0; r < 12; r++) body.push(`| ${pick(rand, TASKS)[1]} | ${(20 + rand() * 70).toFixed(2)} | ${sentence(rand, 5)} |`);
      body.push(
        '',
        '<details><summary>Training configuration</summary>',
        '',
        '```yaml',
        `learning_rate: ${(rand() / 1000).toFixed(6)}`,
        'scheduler: cosine',
        '```',
        '',
        '</details>',
        ''
      );
    }
  }
  body.push('## License', '', `License: ${rand() < 0.9 ? licence : 'mit'}`, '');
  const text = `---\n${y.join('\n')}\n---\n${body.join('\n')}`;
  return crlf ? text.replace(/\n/g, '\r\n') : text;
}

/** Writes `count` cards as <dir>/<org>/model-<n>/README.md (a few per folder); returns the paths. */
export function writeCorpus(dir, count, seed = 7) {
  const rand = prng(seed);
  const files = [];
  for (let i = 0; i < count; i++) {
    const folder = path.join(dir, `group-${Math.floor(i / 100)}`, `model-${i}`);
    mkdirSync(folder, { recursive: true });
    const file = path.join(folder, 'README.md');
    writeFileSync(file, generateCard(rand, i));
    files.push(file);
  }
  return files;
}

/**
 * `count` small cards, the most common shape on the Hub: a few metadata keys, no \`release\` block,
 * a short body. Per-card costs (reads, the rules, the report) dominate here, not parsing.
 */
export function writeSmallCorpus(dir, count, seed = 11) {
  const rand = prng(seed);
  const licences = ['apache-2.0', 'mit', 'llama3.1', 'cc-by-nc-4.0', 'openrail', 'gemma', 'other'];
  const pipelines = ['text-generation', 'text-classification', 'image-classification', 'automatic-speech-recognition'];
  for (let i = 0; i < count; i++) {
    const folder = path.join(dir, `group-${Math.floor(i / 100)}`, `model-${i}`);
    mkdirSync(folder, { recursive: true });
    const licence = licences[Math.floor(rand() * licences.length)];
    const lines = ['---', `license: ${licence}`];
    if (licence === 'other') lines.push('license_name: custom-research', 'license_link: LICENSE');
    lines.push('library_name: transformers', 'tags:', `- ${pipelines[i % pipelines.length]}`, `- model-${i}`);
    if (rand() < 0.4) lines.push('base_model: meta-llama/Llama-3.1-8B');
    lines.push(`pipeline_tag: ${pipelines[i % pipelines.length]}`, '---', '', `# Model ${i}`, '', 'A small model card.', '');
    lines.push('## Usage', '', '```python', 'from transformers import pipeline', '```', '');
    writeFileSync(path.join(folder, 'README.md'), lines.join(rand() < 0.3 ? '\r\n' : '\n'));
  }
}
