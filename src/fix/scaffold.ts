/**
 * Scaffolds for missing `release` keys, shared by fixes and `init`: every unknown fact is the
 * placeholder `TODO`, which fails the gate (schema enums, licence-unknown, artefact-incomplete)
 * until a person fills it in; a fix never turns a failing card green by inventing facts.
 */
import { isRecord } from '../meta.js';
import type { Fix, ParsedCard } from '../types.js';
import { afterKey, firstChild, insertAfter, insertBefore, lineAt, PLACEHOLDER } from './edit.js';

/** One artefact line whose status a person must choose. */
export function artefactLine(key: string, indent: string): string {
  return `${indent}${key}: { status: ${PLACEHOLDER} }  # released | withheld | not-applicable`;
}

/** Where a new top-level key goes: before the closing `---` of front matter, or at the end of a YAML file that ends with a newline. */
export function endOfMetadata(card: ParsedCard): number | undefined {
  if (card.format === 'markdown') return card.bodyLine > 1 ? card.bodyLine - 1 : undefined;
  if (card.format !== 'yaml') return undefined;
  const last = lineAt(card, card.lineCount);
  return last && last.text === '' && card.lineCount > 1 ? card.lineCount : undefined;
}

/** Inserts `lines` (indented relative to the place) under `release`, creating it or its first level as needed. */
export function insertUnderRelease(card: ParsedCard, meta: Record<string, unknown>, lines: string[]): Fix | undefined {
  const release = meta.release;
  if (release === undefined) {
    const at = endOfMetadata(card);
    return at === undefined ? undefined : insertBefore(card, at, ['release:', ...lines.map((l) => `  ${l}`)]);
  }
  if (release === null) {
    const at = afterKey(card, ['release']);
    return at
      ? insertAfter(
          card,
          at.line,
          lines.map((l) => `${at.indent}  ${l}`)
        )
      : undefined;
  }
  if (!isRecord(release)) return undefined;
  const first = Object.keys(release)[0];
  const at = first === undefined ? undefined : firstChild(card, ['release'], first);
  return at
    ? insertBefore(
        card,
        at.line,
        lines.map((l) => `${at.indent}${l}`)
      )
    : undefined;
}

/** States the `missing` artefacts with placeholder statuses, inside or beside `release.artefacts`. */
export function artefactScaffold(card: ParsedCard, meta: Record<string, unknown>, missing: string[]): Fix | undefined {
  const release = isRecord(meta.release) ? meta.release : undefined;
  const artefacts = release?.artefacts;
  if (release === undefined || artefacts === undefined) {
    return insertUnderRelease(card, meta, ['artefacts:', ...missing.map((k) => artefactLine(k, '  '))]);
  }
  if (artefacts === null) {
    const at = afterKey(card, ['release', 'artefacts']);
    return at
      ? insertAfter(
          card,
          at.line,
          missing.map((k) => artefactLine(k, `${at.indent}  `))
        )
      : undefined;
  }
  if (!isRecord(artefacts)) return undefined;
  const first = Object.keys(artefacts)[0];
  const at = first === undefined ? undefined : firstChild(card, ['release', 'artefacts'], first);
  return at
    ? insertBefore(
        card,
        at.line,
        missing.map((k) => artefactLine(k, at.indent))
      )
    : undefined;
}
