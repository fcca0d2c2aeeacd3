/** How a declared licence is written in the records: SPDX where it is SPDX, LicenseRef with name and URL otherwise. */
import { describe, expect, test } from '@jest/globals';
import { ancestorLicence, recordLicence } from '../../src/report/record-common.js';
import { cdxLicences } from '../../src/report/cyclonedx.js';

describe('recordLicence', () => {
  test.each([
    ['apache-2.0', 'Apache-2.0', 'Apache-2.0'],
    ['MIT', 'MIT', 'MIT'],
    ['odc-by', 'ODC-By-1.0', 'ODC-By-1.0'],
    ['Apache-2.0 OR mit', 'Apache-2.0 OR MIT', undefined],
    ['gpl-2.0-only WITH classpath-exception-2.0', 'GPL-2.0-only WITH Classpath-exception-2.0', undefined],
    ['(MIT AND cc-by-4.0)', '(MIT AND CC-BY-4.0)', undefined]
  ])('%s is the SPDX expression %s', (declared, expression, spdxId) => {
    const licence = recordLicence(declared);
    expect(licence.expression).toBe(expression);
    expect(licence.custom).toEqual([]);
    expect(licence.spdxId).toBe(spdxId);
  });

  test('Hub ids with no SPDX id become LicenseRefs named after the licence, with its URL', () => {
    expect(recordLicence('llama3.1')).toMatchObject({
      expression: 'LicenseRef-llama3.1',
      custom: [{ ref: 'LicenseRef-llama3.1', name: 'Llama 3.1 Community License Agreement' }]
    });
    expect(recordLicence('gemma').custom[0].url).toBe('https://ai.google.dev/gemma/terms');
    expect(recordLicence('llama3.1 OR apache-2.0').expression).toBe('LicenseRef-llama3.1 OR Apache-2.0');
  });

  test('other + license_name + license_link: a LicenseRef named by license_name, pointing at license_link', () => {
    const licence = recordLicence('other', 'Acme Model Licence v2', 'https://acme.example/licence');
    expect(licence).toMatchObject({
      expression: 'LicenseRef-Acme-Model-Licence-v2',
      custom: [{ name: 'Acme Model Licence v2', url: 'https://acme.example/licence' }]
    });
    expect(cdxLicences(licence, 'declared')).toEqual([
      { license: { name: 'Acme Model Licence v2', acknowledgement: 'declared', url: 'https://acme.example/licence' } }
    ]);
    expect(ancestorLicence('other:Acme Model Licence v2')!.expression).toBe('LicenseRef-Acme-Model-Licence-v2');
    // A `license` list [llama3.1, other] is written as their AND.
    expect(recordLicence('llama3.1 AND other', 'Acme', 'https://acme.example/l')).toMatchObject({
      expression: 'LicenseRef-llama3.1 AND LicenseRef-Acme',
      custom: [{ ref: 'LicenseRef-llama3.1' }, { ref: 'LicenseRef-Acme', name: 'Acme', url: 'https://acme.example/l' }]
    });
  });

  test('what is not a licence id is recorded as written, never as an invented SPDX id', () => {
    expect(recordLicence('apache2')).toMatchObject({ expression: 'LicenseRef-apache2', custom: [{ name: 'apache2' }] });
    const odd = recordLicence('see the LICENSE file (custom)');
    expect(odd.expression).toMatch(/^LicenseRef-[A-Za-z0-9.-]+$/);
    expect(odd.custom[0].name).toBe('see the LICENSE file (custom)');
    expect(cdxLicences(recordLicence('MIT OR llama2'), 'declared')).toEqual([
      { expression: 'MIT OR LicenseRef-llama2', acknowledgement: 'declared' }
    ]);
  });
});

test('adversarial licence text stays fast (explicit upper bound): long runs of dashes and dots', () => {
  const started = performance.now();
  const dashes = recordLicence(`${'-'.repeat(200_000)}x${'-'.repeat(200_000)}`);
  const dots = recordLicence('other', `${'.'.repeat(200_000)}!`, 'https://example.org');
  expect(dashes.expression).toBe('LicenseRef-x');
  expect(dots.custom).toHaveLength(1);
  expect(performance.now() - started).toBeLessThan(2000);
});
