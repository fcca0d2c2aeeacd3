/**
 * Turns card text into metadata plus a position lookup. Front matter is split the way the Hub reads
 * it and parsed with `yaml`, whose node ranges give every key's line and column in the file.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { CardFormat, ParsedCard, ParseProblem, PathSegment, Position } from '../types.js';

/** Limits that keep hostile YAML from exhausting memory or the stack. */
export const PARSE_LIMITS = { maxAliasCount: 100, maxDepth: 64 };

export interface FrontMatter {
  /** Text of the YAML block, preceded by blank lines so that offsets are those of the file. */
  yaml: string;
  /** 1-based line of the opening `---`. */
  openLine: number;
  /** 1-based line where the body starts, or undefined when the block is not closed. */
  bodyLine?: number;
  body: string;
}

const FENCE = /^---[ \t]*$/;

/**
 * Finds the front matter block: optional blank lines, a `---` line, YAML, a closing `---` line.
 * Returns null when the text does not open with a fence.
 */
export function splitFrontMatter(text: string): FrontMatter | null {
  const lines = text.split('\n');
  let open = 0;
  while (open < lines.length && lines[open].trim() === '') open++;
  if (open >= lines.length || !FENCE.test(stripCr(lines[open]))) return null;
  let close = open + 1;
  while (close < lines.length && !FENCE.test(stripCr(lines[close]))) close++;
  const yamlLines = lines.slice(open + 1, Math.min(close, lines.length));
  const yaml = '\n'.repeat(open + 1) + yamlLines.join('\n') + '\n';
  if (close >= lines.length) return { yaml, openLine: open + 1, body: '' };
  return { yaml, openLine: open + 1, bodyLine: close + 2, body: lines.slice(close + 1).join('\n') };
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

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
export function parseCard(path: string, rawText: string, format: CardFormat = formatOf(path)): ParsedCard {
  // A BOM is not content: the Hub ignores it, and it would shift the first line's columns.
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  const lineCount = text.length === 0 ? 1 : text.split('\n').length;
  const problems: ParseProblem[] = [];
  let yamlText = text;
  let body = '';
  let bodyLine = 1;
  if (format === 'markdown') {
    const fm = splitFrontMatter(text);
    if (!fm) {
      problems.push({ line: 1, column: 1, message: 'The card has no YAML front matter: it must start with a `---` line, the metadata, and a closing `---` line.' });
      return emptyCard(path, format, text, lineCount, problems);
    }
    if (fm.bodyLine === undefined) {
      problems.push({ line: fm.openLine, column: 1, message: 'The front matter opened here is never closed: add a `---` line after the metadata.' });
      return emptyCard(path, format, text, lineCount, problems);
    }
    yamlText = fm.yaml;
    body = fm.body;
    bodyLine = fm.bodyLine;
  }
  const lineCounter = new LineCounter();
  const depthProblem = checkNestingDepth(yamlText, lineCounter);
  if (depthProblem) {
    problems.push(depthProblem);
    return { ...emptyCard(path, format, text, lineCount, problems), body, bodyLine };
  }
  let doc: Document.Parsed;
  try {
    doc = parseDocument(yamlText, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, keepSourceTokens: false, stringKeys: false });
  } catch (error) {
    problems.push({ line: 1, column: 1, message: `The metadata could not be parsed: ${(error as Error).message}` });
    return { ...emptyCard(path, format, text, lineCount, problems), body, bodyLine };
  }
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  for (const error of doc.errors) {
    // A JSON card is judged by JSON's grammar; YAML is only asked for positions and duplicate keys.
    if (format === 'json' && error.code !== 'DUPLICATE_KEY') continue;
    problems.push({ ...at(error.pos[0]), message: describeYamlError(error.code, error.message, yamlText, error.pos) });
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
      problems.push({ line: 1, column: 1, message: /alias/i.test(message) ? 'The metadata expands too many YAML aliases (a "billion laughs" document); it was not read.' : `The metadata could not be read: ${message}` });
    }
  }
  if (problems.length === 0 && (data === null || data === undefined)) data = {};
  if (problems.length === 0 && (typeof data !== 'object' || Array.isArray(data))) {
    const where = doc.contents?.range ? at(doc.contents.range[0]) : { line: 1, column: 1 };
    problems.push({ ...where, message: `The metadata must be a mapping of keys to values, not ${Array.isArray(data) ? 'a list' : 'a single value'}.` });
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

function emptyCard(path: string, format: CardFormat, text: string, lineCount: number, problems: ParseProblem[]): ParsedCard {
  return { path, format, data: undefined, body: format === 'markdown' ? text : '', bodyLine: 1, lineCount, problems, locate: () => undefined };
}

function parseJsonStrict(text: string): unknown {
  return JSON.parse(text);
}

function checkJson(text: string, at: (offset: number) => Position): ParseProblem | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    const offset = /position (\d+)/.exec(message);
    const where = offset ? at(Number(offset[1])) : { line: 1, column: 1 };
    return { ...where, message: `The JSON card does not parse: ${message.replace(/ in JSON at position \d+.*$/, '').slice(0, 200)}.` };
  }
}

function describeYamlError(code: string, message: string, source: string, pos: [number, number]): string {
  const firstLine = message.split('\n')[0].replace(/ at line \d+, column \d+.*$/, '');
  if (code === 'DUPLICATE_KEY') {
    const key = source.slice(pos[0]).split(/\r?\n/)[0].replace(/:(\s.*)?$/, '').trim();
    return `Duplicate key${key ? ` \`${key.slice(0, 80)}\`` : ''}: a key may appear only once in a mapping; the Hub would keep only one of the values.`;
  }
  return `The YAML metadata does not parse: ${firstLine}.`;
}

/**
 * Rejects deeply nested flow or block structures before `yaml` recurses into them.
 * Counts bracket depth outside quotes and indentation depth, which together bound the node depth.
 */
function checkNestingDepth(source: string, lineCounter: LineCounter): ParseProblem | undefined {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '#' && (i === 0 || /\s/.test(source[i - 1]))) {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if ((ch === '"' || ch === "'") && (i === 0 || /[\s,[{:]/.test(source[i - 1]))) quote = ch;
    else if (ch === '[' || ch === '{') {
      depth++;
      if (depth > PARSE_LIMITS.maxDepth) return tooDeep(lineCounter, source, i);
    } else if (ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
  }
  // Block nesting: each level needs at least one more column of indentation.
  const lines = source.split('\n');
  let offset = 0;
  for (const line of lines) {
    const indent = line.length - line.trimStart().length;
    if (indent > PARSE_LIMITS.maxDepth * 8 && line.trim() !== '') return tooDeep(lineCounter, source, offset);
    offset += line.length + 1;
  }
  return undefined;
}

function tooDeep(_lineCounter: LineCounter, source: string, offset: number): ParseProblem {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column, message: `The metadata is nested more than ${PARSE_LIMITS.maxDepth} levels deep; it was not read.` };
}

function locateNode(
  root: Node | null,
  segments: PathSegment[],
  part: 'key' | 'value',
  at: (offset: number) => Position
): Position | undefined {
  let node: unknown = root;
  let keyNode: unknown;
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return undefined;
      keyNode = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) return undefined;
      keyNode = item;
      node = item;
    } else {
      return undefined;
    }
  }
  const target = (part === 'value' && node ? node : keyNode ?? node) as { range?: [number, number, number] } | null;
  if (!target?.range) return segments.length === 0 ? { line: 1, column: 1 } : undefined;
  const start = at(target.range[0]);
  const end = at(target.range[1]);
  return { ...start, endLine: end.line, endColumn: end.column };
}
