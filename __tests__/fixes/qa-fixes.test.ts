/** Defects found by the independent QA pass: each case fails without its fix. */
import { findingsOf, COMPLETE_RELEASE, textOf } from '../helpers/rule-harness.js';
import { offlineLicenceOf } from '../../src/licences/ancestry.js';
import { jsonErrorOffset, parseCard } from '../../src/card/parse.js';
import { licencesInText } from '../../src/licences/text.js';

const card = (lines: string[], body = '') => `---\n${lines.join('\n')}\n---\n${body}`;
const where = (found: { rule: string; line: number; column: number }[]) => found.map((f) => [f.rule, f.line, f.column]);

describe('1: a "License:" value that is a bare licence word', () => {
  it.each([
    ['License: gemma', 4],
    ['- License: gemma', 4],
    ['**License**: gemma', 4],
    ['## License\n\ngemma', 6],
    ['## License\ngemma', 5],
    ['License: Qwen', 4],
    ['License: MRL', 4],
    ['License: DeepSeek', 4]
  ])('%j under license: mit', (body, line) => {
    const found = findingsOf('licence-text-mismatch', card(['license: mit'], `${body}\n`));
    expect(where(found)).toEqual([['licence-text-mismatch', line, 1]]);
  });

  it('still ignores the bare words in prose, and keeps the memo apart by kind', () => {
    expect(
      findingsOf(
        'licence-text-mismatch',
        card(['license: mit'], '## License\n\nWe fine-tuned this from Gemma with our own data, and release it under MIT.\n')
      )
    ).toEqual([]);
    expect(findingsOf('licence-text-mismatch', card(['license: mit'], 'License: public domain\n'))).toEqual([]);
    expect(licencesInText('gemma', 'prose').entries).toEqual([]);
    expect(licencesInText('gemma', 'value').entries.map((e) => e.id)).toEqual(['gemma']);
    expect(licencesInText('gemma').entries).toEqual([]);
  });
});

describe('2, 3, 10: base models the offline table missed', () => {
  it.each([
    ['unsloth/llama-3-8b-bnb-4bit', 'llama3'],
    ['unsloth/llama-3-8b-Instruct-bnb-4bit', 'llama3'],
    ['NousResearch/Meta-Llama-3-8B-Instruct', 'llama3'],
    ['x/Meta-Llama-3.2-1B-Instruct', 'llama3.2'],
    ['x/Llama3.1-8B-GGUF', 'llama3.1'],
    ['x/Meta-Llama-4-Scout-17B', 'llama4'],
    ['codellama/CodeLlama-7b-hf', 'llama2'],
    ['meta-llama/CodeLlama-7b-hf', 'llama2'],
    ['TheBloke/CodeLlama-13B-GGUF', 'llama2'],
    ['meta-llama/Llama-Guard-3-8B', 'llama3.1'],
    ['meta-llama/Prompt-Guard-86M', 'llama-family'],
    ['unsloth/Qwen2.5-72B-Instruct-bnb-4bit', 'qwen'],
    ['x/stable-diffusion-3.5-large-fp8', 'stabilityai-ai-community'],
    ['huggyllama/llama-30b', 'llama-license']
  ])('%s → %s', (id, licence) => {
    expect(offlineLicenceOf(id)?.licence).toBe(licence);
  });

  it('leaves LLaMA-1 sizes and unrelated names alone', () => {
    expect(offlineLicenceOf('someone/llama-30b-merge')).toBeUndefined();
    // Mistral Large 2 is in the table now (Mistral AI Research License, issue 11 §2).
    expect(offlineLicenceOf('mistralai/Mistral-Large-Instruct-2407')?.licence).toBe('mrl');
  });

  it.each([
    'unsloth/llama-3-8b-bnb-4bit',
    'codellama/CodeLlama-7b-hf',
    'meta-llama/Llama-Guard-3-8B',
    'unsloth/Qwen2.5-72B-Instruct-bnb-4bit',
    'x/stable-diffusion-3.5-large-fp8'
  ])('apache-2.0 on a fine-tune of %s is a licence-inherited-conflict', (base) => {
    const found = findingsOf('licence-inherited-conflict', card(['license: apache-2.0', `base_model: ${base}`]));
    expect(where(found)).toEqual([['licence-inherited-conflict', 2, 1]]);
  });

  it('an unrecognised meta-llama model binds conservatively and says the version was not recognised', () => {
    const found = findingsOf('licence-inherited-conflict', card(['license: apache-2.0', 'base_model: meta-llama/Prompt-Guard-86M']));
    expect(where(found)).toEqual([['licence-inherited-conflict', 2, 1]]);
    expect(textOf(found[0])).toContain('the exact Llama version was not recognised');
    expect(textOf(found[0])).not.toContain('license_name: llama-family');
    // Any Llama licence on the card keeps the family's terms.
    expect(findingsOf('licence-inherited-conflict', card(['license: llama3.1', 'base_model: meta-llama/Prompt-Guard-86M']))).toEqual([]);
  });
});

describe('4: a padded licence id', () => {
  it.each([
    ['"MIT "', 'mit'],
    ['" mit"', 'mit'],
    ['" Apache-2.0 OR MIT "', 'Apache-2.0 OR MIT']
  ])('%s → licence-unknown suggesting %s', (value, fix) => {
    const found = findingsOf('licence-unknown', card([`license: ${value}`]));
    expect(where(found)).toEqual([['licence-unknown', 2, 10]]);
    expect(textOf(found[0])).toContain(`\`${fix}\``);
  });
});

describe('5: artefact licences', () => {
  it('reports an unrecognised artefact licence at its value', () => {
    const release = COMPLETE_RELEASE.replace('licence: apache-2.0,', 'licence: apache2,').replace(
      'licence: Apache-2.0, location: https://example.org/i',
      'licence: "MIT ", location: https://example.org/i'
    );
    const found = findingsOf('licence-unknown', card(['license: apache-2.0', release]));
    expect(where(found)).toEqual([
      ['licence-unknown', 6, 43],
      ['licence-unknown', 8, 50]
    ]);
    expect(textOf(found[0])).toContain('`apache-2.0`');
    expect(textOf(found[0])).toContain('release.artefacts.weights');
  });

  it('accepts Hub ids, SPDX expressions, other, and says-none values', () => {
    const release = COMPLETE_RELEASE.replace('licence: apache-2.0,', 'licence: "MIT OR Apache-2.0",').replace(
      'licence: Apache-2.0, location: https://example.org/i',
      'licence: other, location: https://example.org/i'
    );
    expect(findingsOf('licence-unknown', card(['license: apache-2.0', release]))).toEqual([]);
    expect(
      findingsOf(
        'licence-unknown',
        card([
          'license: apache-2.0',
          COMPLETE_RELEASE.replace('licence: Apache-2.0, location: https://example.org/c', 'licence: none, location: https://example.org/c')
        ])
      )
    ).toEqual([]);
  });
});

describe('6: look-alike ids read by the other licence rules', () => {
  it.each(['licence-custom-terms', 'licence-non-commercial', 'licence-use-restrictions'])(
    '%s says what `Llama3.1` was treated as',
    (rule) => {
      const found = findingsOf(rule, card(['license: Llama3.1']));
      expect(where(found)).toEqual([[rule, 2, 1]]);
      expect(textOf(found[0])).toContain('treated as `llama3.1` (the id is not recognised as written)');
    }
  );

  it('leaves correctly written ids alone', () => {
    expect(textOf(findingsOf('licence-custom-terms', card(['license: llama3.1']))[0])).not.toContain('not recognised as written');
    expect(textOf(findingsOf('licence-non-commercial', card(['license: llama-2']))[0])).toContain('treated as `llama2`');
  });
});

describe('7: a JSON card that does not parse', () => {
  it('is reported where parsing stopped, on one short line', () => {
    const found = findingsOf('card-parse', '{"license": "mit",\n "tags": [1,\n}', { path: 'model-card.json' });
    expect(where(found)).toEqual([['card-parse', 3, 1]]);
    expect(textOf(found[0])).not.toContain('\n');
    expect(textOf(found[0]).length).toBeLessThan(160);
  });

  it('finds the offset itself, for every kind of error', () => {
    expect(jsonErrorOffset('{"a":1,\n"b":}')).toBe(12);
    expect(jsonErrorOffset('{"a" 1}')).toBe(5);
    expect(jsonErrorOffset('{"a":1}\n}')).toBe(8);
    expect(jsonErrorOffset('[1,2')).toBe(4);
    expect(jsonErrorOffset('{"a":[1,{"b":null,"c":-1.5e3}],"d":"\\u00e9"}')).toBeUndefined();
    expect(jsonErrorOffset('['.repeat(100000))).toBe(100000);
    const card = parseCard('c.json', '{\n  "a": 1,\n  "b": ]\n}');
    expect(card.problems.map((p) => [p.line, p.column])).toEqual([[3, 8]]);
  });
});

describe('11: commercial: false, and a missing licence on a Gemma fine-tune', () => {
  it('licence-non-commercial reads `commercial: false` (facebook/opt-125m)', () => {
    const found = findingsOf('licence-non-commercial', card(['license: other', 'commercial: false', 'inference: false']));
    expect(where(found)).toEqual([['licence-non-commercial', 3, 1]]);
    expect(textOf(found[0])).toContain('`commercial: false`');
    expect(findingsOf('licence-non-commercial', card(['license: mit', 'commercial: true']))).toEqual([]);
  });

  it("licence-missing suggests the base model's licence", () => {
    const found = findingsOf('licence-missing', card(['base_model: google/gemma-7b']));
    expect(where(found)).toEqual([['licence-missing', 1, 1]]);
    expect(textOf(found[0])).toContain('`gemma`');
    expect(textOf(findingsOf('licence-missing', card(['base_model: someone/model']))[0])).not.toContain('base model');
  });
});

describe('12: a comma-separated base_model', () => {
  it('is a card-schema violation at the value', () => {
    const found = findingsOf('card-schema', card(['license: mit', 'base_model: "a/b, c/d"']));
    expect(where(found)).toEqual([['card-schema', 3, 13]]);
    expect(textOf(found[0])).toContain('a list of model ids');
    expect(where(findingsOf('card-schema', card(['license: mit', 'base_model: [a/b, "c/d,e/f"]'])))).toEqual([['card-schema', 3, 19]]);
    expect(findingsOf('card-schema', card(['license: mit', 'base_model: [a/b, c/d]']))).toEqual([]);
  });
});

describe('13: one YAML error, one card-parse finding', () => {
  it('keeps the first problem at a position', () => {
    const found = findingsOf('card-parse', '---\na: 1\n  b: 2\n---\n');
    expect(where(found)).toEqual([['card-parse', 2, 4]]);
    expect(parseCard('c.yaml', 'a: 1\n- b\n', 'yaml', { fast: false }).problems).toHaveLength(1);
  });
});
