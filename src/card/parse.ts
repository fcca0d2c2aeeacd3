/**
 * Turns card text into metadata plus a position lookup: the front matter split (front-matter.ts),
 * the fast path for plain cards (fast-yaml.ts), else the bounded `yaml` reading (compose.ts), and
 * JSON cards judged by JSON's grammar (json-errors.ts). Every key's line and column is the file's.
 */
import { LineCounter, type Node } from 'yaml';
import type { CardFormat, ParsedCard, ParseProblem, Position } from '../types.js';
import { checkKeys, composeDocument, describeTag, describeYamlError, locateNode, PARSE_LIMITS } from './compose.js';
import { fastCard, fastParseYaml } from './fast-yaml.js';
import { splitFrontMatter } from './front-matter.js';
import { checkJson, parseJsonStrict } from './json-errors.js';

// Re-exported for the modules and tests that read cards through this one entry.
export { PARSE_LIMITS } from './compose.js';
export { fastParseYaml, resolvePlain } from './fast-yaml.js';
export { splitFrontMatter, type FrontMatter } from './front-matter.js';
export { jsonErrorOffset } from './json-errors.js';

/** Decodes bytes as UTF-8 (BOM removed); returns null for binary or malformed text. */
export function decodeCardText(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return text;
  } catch {
    return null;
  }
}

/** Chooses how a file is read from its name. */
export function formatOf(path: string): CardFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  return 'markdown';
}

/**
 * Parses a card's text. Never throws: every problem becomes a ParseProblem with a position.
 * `requireFrontMatter` is false for a README.md found by a glob (it would not be a card at all).
 */
export function parseCard(path: string, rawText: string, format: CardFormat = formatOf(path), options: ParseOptions = {}): ParsedCard {
  // The text rides along for fixes (src/fix/edit.ts), which rebuild lines from the parser's positions.
  const card = parseCardText(path, rawText, format, options);
  card.source = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  return card;
}

function parseCardText(path: string, rawText: string, format: CardFormat, options: ParseOptions): ParsedCard {
  // A BOM is not content: the Hub ignores it, and it would shift the first line's columns.
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  const lineCount = countLines(text);
  const problems: ParseProblem[] = [];
  let yamlText = text;
  let body = '';
  let bodyLine = 1;
  if (format === 'markdown') {
    const fm = splitFrontMatter(text);
    if (!fm) {
      problems.push({
        line: 1,
        column: 1,
        message: 'The card has no YAML front matter: it must start with a `---` line, the metadata, and a closing `---` line.'
      });
      return emptyCard(path, format, text, lineCount, problems);
    }
    if (fm.bodyLine === undefined) {
      problems.push({
        line: fm.openLine,
        column: 1,
        message: 'The front matter opened here is never closed: add a `---` line after the metadata.'
      });
      return emptyCard(path, format, text, lineCount, problems);
    }
    yamlText = fm.yaml;
    body = fm.body;
    bodyLine = fm.bodyLine;
  }
  if (format !== 'json' && options.fast !== false) {
    const fast = fastParseYaml(yamlText);
    if (fast) return fastCard(path, format, yamlText, fast, body, bodyLine, lineCount);
  }
  const lineCounter = new LineCounter();
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const composed = composeDocument(yamlText, lineCounter);
  if ('tooDeep' in composed) {
    problems.push({
      ...at(composed.tooDeep),
      message: `The metadata is nested more than ${PARSE_LIMITS.maxDepth} levels deep; it was not read.`
    });
    return { ...emptyCard(path, format, text, lineCount, problems), body, bodyLine };
  }
  if ('failure' in composed) {
    problems.push({ line: 1, column: 1, message: `The metadata could not be parsed: ${composed.failure}` });
    return { ...emptyCard(path, format, text, lineCount, problems), body, bodyLine };
  }
  const doc = composed.doc;
  // A JSON card is judged by JSON's grammar; YAML is only asked for positions and duplicate keys.
  if (format !== 'json') {
    for (const error of doc.errors) problems.push({ ...at(error.pos[0]), message: describeYamlError(error.message) });
    for (const tag of composed.tags) problems.push({ ...at(tag.offset), message: describeTag(tag.text) });
    const seen = new Set(composed.tags.map((tag) => tag.offset));
    for (const warning of doc.warnings) {
      // Tags the core schema cannot resolve (e.g. a `%TAG` directive redefining `!!`).
      if (warning.code !== 'TAG_RESOLVE_FAILED' || seen.has(warning.pos[0])) continue;
      problems.push({ ...at(warning.pos[0]), message: describeTag(yamlText.slice(warning.pos[0], warning.pos[1])) });
    }
  }
  problems.push(...checkKeys(doc, yamlText, at, format === 'json'));
  if (problems.length > 1) {
    // Stable: of several problems at one position (one YAML error often yields two), the first is kept.
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    let kept = 1;
    for (let i = 1; i < problems.length; i++) {
      const prev = problems[kept - 1];
      if (problems[i].line !== prev.line || problems[i].column !== prev.column) problems[kept++] = problems[i];
    }
    problems.length = kept;
  }
  if (problems.length > MAX_PROBLEMS) {
    const more = problems.length - MAX_PROBLEMS + 1;
    problems.splice(MAX_PROBLEMS - 1, Infinity, {
      ...problems[MAX_PROBLEMS - 1],
      message: `${more} more problems in the metadata are not listed; fix the ones above first.`
    });
  }
  if (format === 'json' && problems.length === 0) {
    const jsonProblem = checkJson(text, at);
    if (jsonProblem) problems.push(jsonProblem);
  }
  let data: unknown;
  if (problems.length === 0) {
    try {
      data = format === 'json' ? parseJsonStrict(text) : doc.toJS({ maxAliasCount: PARSE_LIMITS.maxAliasCount });
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      problems.push({
        line: 1,
        column: 1,
        message: /alias/i.test(message)
          ? 'The metadata expands too many YAML aliases (a "billion laughs" document); it was not read.'
          : `The metadata could not be read: ${message}`
      });
    }
  }
  if (problems.length === 0 && (data === null || data === undefined)) data = {};
  if (problems.length === 0 && (typeof data !== 'object' || Array.isArray(data))) {
    const where = doc.contents?.range ? at(doc.contents.range[0]) : { line: 1, column: 1 };
    problems.push({
      ...where,
      message: `The metadata must be a mapping of keys to values, not ${Array.isArray(data) ? 'a list' : 'a single value'}.`
    });
    data = undefined;
  }
  const root = doc.contents as Node | null;
  return {
    path,
    format,
    data: problems.length === 0 ? (data as Record<string, unknown>) : undefined,
    body,
    bodyLine,
    lineCount,
    problems,
    locate: (segments, part = 'key') => locateNode(root, segments, part, at)
  };
}

export interface ParseOptions {
  /** false forces the full `yaml` parser (the differential test compares both). Default true. */
  fast?: boolean;
}

/** Problems listed per card at most: a hostile card must not turn into a huge report. */
const MAX_PROBLEMS = 50;

function countLines(text: string): number {
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
function emptyCard(path: string, format: CardFormat, text: string, lineCount: number, problems: ParseProblem[]): ParsedCard {
  return {
    path,
    format,
    data: undefined,
    body: format === 'markdown' ? text : '',
    bodyLine: 1,
    lineCount,
    problems,
    locate: () => undefined
  };
}
