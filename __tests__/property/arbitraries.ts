/**
 * fast-check generators of hostile cards: text and YAML structures full of strings that try to
 * ping, inject HTML, links, workflow commands, break tables and `<details>`, or hide with bidi.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';

export const HOSTILE_STRINGS = [
  '@everyone',
  '@github/security',
  'cc @octocat',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '</details>',
  '</summary><details open>',
  '<!-- x -->',
  '| a | b |',
  '`',
  '```',
  '``x``',
  '[click](javascript:alert(1))',
  '![](http://tracker.evil.example/p.png)',
  '::error::injected',
  '\n::add-mask::x',
  '::stop-commands::t',
  '##[set-output name=a;]b',
  '\u202Egnp.exe',
  '\u2066x\u2069',
  '\u200B\u200D\uFEFF',
  'a\u0000b\u001B[31m',
  '\r\n# heading',
  '- list',
  '&#64;everyone',
  '\u0430pache-2.0',
  'apache-2.0',
  'mit',
  'llama3.1',
  'cc-by-nc-4.0',
  'other',
  'open',
  'gated',
  'closed',
  'released',
  'withheld',
  'meta-llama/Llama-3.1-8B',
  '*',
  '&a',
  '%0A',
  ''
] as const;

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...HOSTILE_STRINGS), { maxLength: 3 }).map((parts) => parts.join(' ')) }
);

/** JSON-like values whose strings (and keys) are hostile. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    fc.integer(),
    fc.double({ noNaN: false }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileString, tie('value'), { maxKeys: 4 })
  )
})).value;

const KEYS = ['license', 'license_name', 'license_link', 'base_model', 'base_model_relation', 'datasets', 'tags', 'extra_gated_prompt'];
const RELEASE_KEYS = ['access', 'access_details', 'artefacts', 'use_restrictions', 'risk', 'synthetic_data'];
const ARTEFACTS = ['weights', 'training_code', 'inference_code', 'training_data', 'hyperparameters', 'architecture'];

/** Card-shaped metadata: the keys rules read, with any value shape. */
export const cardLikeMeta: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    ...Object.fromEntries(KEYS.map((k) => [k, fc.oneof(hostileString, hostileValue)])),
    release: fc.oneof(
      hostileValue,
      fc.record(
        {
          ...Object.fromEntries(RELEASE_KEYS.map((k) => [k, hostileValue])),
          access: fc.oneof(fc.constantFrom('open', 'gated', 'staged', 'api-only', 'research-only', 'closed'), hostileString),
          artefacts: fc.oneof(
            hostileValue,
            fc.record(
              Object.fromEntries(
                ARTEFACTS.map((k) => [
                  k,
                  fc.oneof(
                    hostileValue,
                    fc.record(
                      {
                        status: fc.oneof(fc.constantFrom('released', 'withheld', 'not-applicable'), hostileString),
                        licence: hostileString,
                        location: hostileString,
                        reason: hostileString
                      },
                      { requiredKeys: [] }
                    )
                  )
                ])
              ),
              { requiredKeys: [] }
            )
          )
        },
        { requiredKeys: [] }
      )
    )
  },
  { requiredKeys: [] }
);

export const anyMeta: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  cardLikeMeta,
  fc.dictionary(hostileString, hostileValue, { maxKeys: 6 }) as fc.Arbitrary<Record<string, unknown>>
);

function toYaml(meta: unknown): string {
  try {
    return stringify(meta);
  } catch {
    return 'x: 1\n';
  }
}

/** Card text: a markdown card with YAML front matter built from structures, or arbitrary text. */
export const cardText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(anyMeta, hostileString).map(([meta, body]) => `---\n${toYaml(meta)}---\n# Model\n${body}\n`) },
  { weight: 1, arbitrary: fc.tuple(fc.array(hostileString, { maxLength: 8 })).map(([lines]) => `---\n${lines.join('\n')}\n---\n`) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
  {
    weight: 1,
    arbitrary: fc
      .array(
        fc.constantFrom(
          '---',
          '- ',
          ': ',
          '[',
          ']',
          '{',
          '}',
          '&a ',
          '*a',
          '? ',
          '\n',
          '  ',
          'x',
          '"',
          "'",
          '#',
          '|',
          '>',
          '!!str ',
          '<<: '
        ),
        { maxLength: 60 }
      )
      .map((parts) => parts.join(''))
  }
);

/** A report path an attacker can choose (file and folder names are PR content too). */
export const cardPath: fc.Arbitrary<string> = fc.oneof(
  fc.constant('models/x/README.md'),
  hostileString.map((s) => `${s.replace(/[\r\n/]/g, ' ') || 'x'}/README.md`)
);

export const lineOk = (line: number, lineCount: number): boolean => Number.isInteger(line) && line >= 1 && line <= lineCount;
