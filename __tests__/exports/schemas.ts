/**
 * The official schemas of the three release records (vendored under schemas/vendor/, see its README),
 * compiled once with ajv: CycloneDX 1.6 (draft-07, with the SPDX licence-id list and JSF it
 * references), SPDX 3.0.1 (draft 2020-12), and the MOT's mof_schema.json (no $schema: draft-07).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import addDraft2019Module from 'ajv-formats-draft2019';

const VENDOR = path.resolve(import.meta.dirname, '../../schemas/vendor');
const load = (file: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(VENDOR, file), 'utf8'));
// ajv-formats is CommonJS; its default export arrives nested under ESM interop.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv | Ajv2020
) => void;
// The IRI and IDN formats CycloneDX uses (iri-reference, idn-email) are not in ajv-formats.
const addIriFormats = ((addDraft2019Module as unknown as { default?: unknown }).default ?? addDraft2019Module) as unknown as (
  ajv: Ajv | Ajv2020
) => void;

function cyclonedx(): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  addIriFormats(ajv);
  ajv.addSchema(load('cyclonedx-1.6/spdx.schema.json'), 'spdx.schema.json');
  ajv.addSchema(load('cyclonedx-1.6/jsf-0.82.schema.json'), 'jsf-0.82.schema.json');
  return ajv.compile(load('cyclonedx-1.6/bom-1.6.schema.json'));
}

function spdx(): ValidateFunction {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(load('spdx-3.0.1/spdx-json-schema.json'));
}

function mot(): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(load('mot/mof_schema.json'));
}

let compiled: { cyclonedx: ValidateFunction; spdx: ValidateFunction; mot: ValidateFunction } | undefined;

export function validators(): { cyclonedx: ValidateFunction; spdx: ValidateFunction; mot: ValidateFunction } {
  compiled ??= { cyclonedx: cyclonedx(), spdx: spdx(), mot: mot() };
  return compiled;
}

/** ajv's errors in a short, readable form (empty when valid). */
export function problems(validate: ValidateFunction, data: unknown): string[] {
  if (validate(data)) return [];
  return (validate.errors ?? []).slice(0, 20).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
