import { findingsWithDetail } from '../helpers/rule-harness.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import type { Policy } from '../../src/types.js';

const ID = 'licence-denied';
const card = (license: string, extra = '') => `---\nlicense: ${license}\n${extra}---\n`;
function policy(licences: Partial<Policy['licences']>): Policy {
  const p = defaultPolicy();
  p.licences = { ...p.licences, ...licences };
  p.source = '.github/model-release-policy.yml';
  return p;
}

describe('licence-denied', () => {
  it('reports a denied family at the license value, naming the policy', () => {
    const found = findingsWithDetail(ID, card('llama3.1'), { policy: policy({ deny: ['llama'] }) });
    expect(found.map((f) => [f.rule, f.line, f.column])).toEqual([[ID, 2, 10]]);
    expect(found[0].message).toContain('denies `llama`');
    expect(found[0].message).toContain('.github/model-release-policy.yml');
  });

  it('applies allow lists, with an OR passing when one alternative passes', () => {
    const allow = policy({ allow: ['apache-2.0', 'MIT'] });
    expect(findingsWithDetail(ID, card('cc-by-nc-4.0'), { policy: allow })[0].message).toContain('allow list');
    expect(findingsWithDetail(ID, card('"CC-BY-NC-4.0 OR MIT"'), { policy: allow })).toEqual([]);
    expect(findingsWithDetail(ID, card('"CC-BY-NC-4.0 AND MIT"'), { policy: allow })).toHaveLength(1);
    expect(findingsWithDetail(ID, card('Apache-2.0'), { policy: allow })).toEqual([]);
  });

  it('applies OSI-only and commercial-use-required', () => {
    expect(findingsWithDetail(ID, card('cc-by-4.0'), { policy: policy({ osiOnly: true }) })[0].message).toContain('OSI-approved');
    expect(findingsWithDetail(ID, card('mit'), { policy: policy({ osiOnly: true }) })).toEqual([]);
    const commercial = policy({ commercialUseRequired: true });
    expect(findingsWithDetail(ID, card('cc-by-nc-4.0'), { policy: commercial })[0].message).toContain('requires commercial use');
    expect(
      findingsWithDetail(ID, card('other', 'license_name: stabilityai-ai-community\nlicense_link: LICENSE.md\n'), { policy: commercial })
    ).toHaveLength(1);
    expect(findingsWithDetail(ID, card('llama3.1'), { policy: commercial })).toEqual([]);
    expect(findingsWithDetail(ID, card('other', 'license_name: mrl\n'), { policy: commercial })).toHaveLength(1);
  });

  it('also refuses a licence the card inherits from its base model, at base_model', () => {
    const found = findingsWithDetail(ID, card('mit', 'base_model: google/gemma-7b\n'), { policy: policy({ deny: ['gemma'] }) });
    expect(found.map((f) => [f.line, f.column])).toEqual([[3, 1]]);
    expect(found[0].message).toContain('base model `google/gemma-7b`');
  });

  it('stays quiet without a licence policy, and for unknown or odd licences', () => {
    expect(findingsWithDetail(ID, card('cc-by-nc-4.0'))).toEqual([]);
    expect(findingsWithDetail(ID, card('foo-bar'), { policy: policy({ deny: ['rail'] }) })).toEqual([]);
    expect(findingsWithDetail(ID, card('42'), { policy: policy({ osiOnly: true }) })).toEqual([]);
  });
});
