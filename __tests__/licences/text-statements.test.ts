/** Issue 11 §4: a licence stated in the text (line, section, badge, sentence) against the metadata. */
import { licenceStatements, statedLicence } from '../../src/licences/text.js';
import { findingsOf } from '../helpers/rule-harness.js';

const card = (lines: string[], body: string) => `---\n${lines.join('\n')}\n---\n${body}`;

describe('licence statements', () => {
  it('reads shields.io badges by their alt text or path', () => {
    expect(
      statedLicence('[![License: MIT](https://img.shields.io/badge/License-MIT-yellow.svg)](https://opensource.org/licenses/MIT)\n', 1)
        ?.entry.id
    ).toBe('mit');
    expect(statedLicence('![licence](https://img.shields.io/badge/license-Apache_2.0-blue)\n', 1)?.entry.id).toBe('apache-2.0');
  });

  it('reads a sentence about the model or its weights, not about code or data', () => {
    expect(statedLicence('The model weights are released under the Apache 2.0 license.\n', 1)?.entry.id).toBe('apache-2.0');
    expect(statedLicence('This LoRA is licensed under CreativeML OpenRAIL-M.\n', 1)?.entry.id).toBe('creativeml-openrail-m');
    expect(licenceStatements('The training code is released under MIT.\nThe dataset is available under CC-BY-4.0.\n', 1)).toEqual([]);
  });

  it('reads the licence a link in a licence section points at', () => {
    expect(
      statedLicence(
        '## License Agreement\n\nCheck [LICENSE](https://github.com/QwenLM/Qwen/blob/main/Tongyi%20Qianwen%20LICENSE%20AGREEMENT) for details.\n',
        1
      )?.entry.id
    ).toBe('tongyi-qianwen-license-agreement');
    expect(statedLicence('License: see https://www.llama.com/llama3_1/license/\n', 1)?.entry.id).toBe('llama3.1');
  });

  it('stays bounded on a long line', () => {
    const started = process.hrtime.bigint();
    licenceStatements(`model ${'released under '.repeat(50_000)}`, 1);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2_000);
  });
});

describe('the rules', () => {
  it('licence-text-mismatch: a sentence naming MIT on a llama3 card', () => {
    const [f] = findingsOf('licence-text-mismatch', card(['license: llama3'], '# m\n\nThe weights are released under MIT.\n'));
    expect(f.message).toContain('`mit`');
    expect(f.detail).toContain('MIT');
    expect(f.line).toBe(6);
  });

  it('licence-text-mismatch: `license: unknown` with a licence in the text', () => {
    expect(findingsOf('licence-text-mismatch', card(['license: unknown'], '# m\n\nLicense: Apache 2.0\n'))).toHaveLength(1);
  });

  it('licence-missing names the licence the text states', () => {
    const [f] = findingsOf('licence-missing', card(['tags: [x]'], '# m\n\n## License\n\nApache 2.0\n'));
    expect(f.message).toContain('its text states the Apache License 2.0 (line 8): declare it as `license: apache-2.0`.');
  });

  it('a card whose text agrees with its metadata is quiet', () => {
    expect(
      findingsOf(
        'licence-text-mismatch',
        card(['license: mit'], '# m\n\n[![License: MIT](https://img.shields.io/badge/License-MIT-yellow.svg)](x)\n')
      )
    ).toEqual([]);
  });
});
