/** Typed reads of card metadata, tolerant of whatever shape a card really has. */
import type { ArtefactDetail } from './types.js';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string value, or undefined when absent or of another type. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A string or list of strings as a list (non-strings dropped). */
export function strList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** The `release` block, or undefined. */
export function releaseOf(meta: Record<string, unknown>): Record<string, unknown> | undefined {
  return isRecord(meta.release) ? meta.release : undefined;
}

/**
 * An empty object without a prototype, for tables keyed by card-supplied keys: `__proto__`,
 * `constructor` or `toString` from a card are then ordinary keys that neither set the prototype
 * nor find Object.prototype's members.
 */
export function keyedByCard<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `release.artefacts` as a map of records (entries of other types are left out), null-prototype. */
export function artefactsOf(meta: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const release = releaseOf(meta);
  const out = keyedByCard<Record<string, unknown>>();
  if (!release || !isRecord(release.artefacts)) return out;
  for (const [key, value] of Object.entries(release.artefacts)) if (isRecord(value)) out[key] = value;
  return out;
}

/** `release.access` when it is a string. */
export function accessOf(meta: Record<string, unknown>): string | undefined {
  return str(releaseOf(meta)?.access);
}

/** `release.risk.dual_use` when it is a string. */
export function riskOf(meta: Record<string, unknown>): string | undefined {
  const risk = releaseOf(meta)?.risk;
  return isRecord(risk) ? str(risk.dual_use) : undefined;
}

/** The card's `license` as declared: a string, or the first of a list. */
export function licenceOf(meta: Record<string, unknown>): string | undefined {
  const value = meta.license;
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

/** `base_model` as a list of ids. */
export function baseModelsOf(meta: Record<string, unknown>): string[] {
  return strList(meta.base_model);
}

/** The stated artefacts with their licence, location and reason (for the artefacts table). */
export function artefactDetailsOf(meta: Record<string, unknown> | undefined): Record<string, ArtefactDetail> {
  const out = keyedByCard<ArtefactDetail>();
  if (!meta) return out;
  for (const [key, value] of Object.entries(artefactsOf(meta))) {
    const detail: ArtefactDetail = { status: str(value.status) ?? 'invalid' };
    const licence = str(value.licence) ?? str(value.license);
    if (licence !== undefined) detail.licence = licence;
    const location = str(value.location);
    if (location !== undefined) detail.location = location;
    const reason = str(value.reason);
    if (reason !== undefined) detail.reason = reason;
    out[key] = detail;
  }
  return out;
}
