/**
 * Turns card text into metadata plus a position lookup. Front matter is split the way the Hub reads
 * it and parsed with `yaml`, whose node ranges give every key's line and column in the file.
 */
import { Composer, isAlias, isMap, isNode, isScalar, isSeq, Lexer, LineCounter, Parser, YAMLParseError, type CST, type Document, type Node } from 'yaml';
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
  // Walks lines with indexOf instead of splitting the whole file (bodies can be long).
  let lineStart = 0;
  let open = 0;
  for (;;) {
    const end = lineEndOf(text, lineStart);
    if (text.slice(lineStart, end).trim() !== '') break;
    if (end >= text.length) return null;
    lineStart = end + 1;
    open++;
  }
  if (!isFence(text, lineStart, lineEndOf(text, lineStart))) return null;
  const yamlStart = lineEndOf(text, lineStart) + 1;
  let close = open + 1;
  let closeStart = yamlStart;
  while (closeStart <= text.length) {
    const end = lineEndOf(text, closeStart);
    if (isFence(text, closeStart, end)) {
      const yaml = '\n'.repeat(open + 1) + (closeStart > yamlStart ? text.slice(yamlStart, closeStart - 1) : '') + '\n';
      const body = end < text.length ? text.slice(end + 1) : '';
      return { yaml, openLine: open + 1, bodyLine: close + 2, body };
    }
    if (end >= text.length) break;
    closeStart = end + 1;
    close++;
  }
  return splitUnclosed(text);
}

function lineEndOf(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/** `/^---[ \t]*$/` on the line without one trailing CR. */
function isFence(text: string, start: number, end: number): boolean {
  if (end - start < 3 || text.charCodeAt(start) !== 45 || text.charCodeAt(start + 1) !== 45 || text.charCodeAt(start + 2) !== 45) return false;
  if (text.charCodeAt(end - 1) === 13) end--;
  for (let i = start + 3; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** The original line-array reading, kept for the rare front matter that is never closed. */
function splitUnclosed(text: string): FrontMatter | null {
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
    problems.push({ ...at(composed.tooDeep), message: `The metadata is nested more than ${PARSE_LIMITS.maxDepth} levels deep; it was not read.` });
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
    problems.splice(MAX_PROBLEMS - 1, Infinity, { ...problems[MAX_PROBLEMS - 1], message: `${more} more problems in the metadata are not listed; fix the ones above first.` });
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

export interface ParseOptions {
  /** false forces the full `yaml` parser (the differential test compares both). Default true. */
  fast?: boolean;
}

/** Problems listed per card at most: a hostile card must not turn into a huge report. */
const MAX_PROBLEMS = 50;

// uniqueKeys: yaml compares every key with every other (quadratic); checkKeys finds duplicates with a Set.
const DOCUMENT_OPTIONS = { uniqueKeys: false, prettyErrors: false, strict: true, keepSourceTokens: false, stringKeys: false } as const;

function countLines(text: string): number {
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** A card read by the fast path; positions of collections and empty values come from a lazy full parse. */
function fastCard(
  path: string,
  format: CardFormat,
  yamlText: string,
  fast: { data: Record<string, unknown>; root: FastNode },
  body: string,
  bodyLine: number,
  lineCount: number
): ParsedCard {
  let newlines: number[] | undefined;
  let full: { root: Node | null; at: (offset: number) => Position } | undefined;
  // Same answer as yaml's LineCounter: line = 1 + newlines before the offset, column from that line's start.
  const at = (offset: number): Position => {
    if (!newlines) {
      newlines = [];
      for (let i = yamlText.indexOf('\n'); i >= 0; i = yamlText.indexOf('\n', i + 1)) newlines.push(i);
    }
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (newlines[mid] < offset) low = mid + 1;
      else high = mid;
    }
    return { line: low + 1, column: offset - (low === 0 ? 0 : newlines[low - 1] + 1) + 1 };
  };
  return {
    path,
    format,
    data: fast.data,
    body,
    bodyLine,
    lineCount,
    problems: [],
    locate: (segments, part = 'key') => {
      const found = fastLocate(fast.root, segments, part);
      if (found === undefined) return undefined;
      if (found !== 'full') {
        const start = at(found[0]);
        const end = at(found[1]);
        return { ...start, endLine: end.line, endColumn: end.column };
      }
      if (!full) {
        const lineCounter = new LineCounter();
        const composed = composeDocument(yamlText, lineCounter);
        full = {
          root: 'doc' in composed ? (composed.doc.contents as Node | null) : null,
          at: (offset) => {
            const { line, col } = lineCounter.linePos(offset);
            return { line, column: col };
          }
        };
      }
      return locateNode(full.root, segments, part, full.at);
    }
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
    const message = String((error as Error).message ?? error);
    // Node gives "at position N", sometimes with "(line L column C)", or no position at all
    // ("Unexpected token '}', ..."); then the scanner below finds where parsing stopped.
    const lineCol = /\(line (\d+) column (\d+)\)/.exec(message);
    const offset = /position (\d+)/.exec(message);
    const scanned = lineCol || offset ? undefined : jsonErrorOffset(text);
    const where = lineCol
      ? { line: Number(lineCol[1]), column: Number(lineCol[2]) }
      : offset
        ? at(Number(offset[1]))
        : scanned !== undefined
          ? at(scanned)
          : { line: 1, column: 1 };
    const reason = message
      .replace(/\s+at position \d+.*$/s, '')
      .replace(/\s+in JSON$/, '')
      .replace(/,\s*(?:\.\.\.)?".*$/s, '') // V8 quotes the text around the error: a multi-line paste
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 120);
    return { ...where, message: `The JSON card does not parse: ${reason || 'invalid JSON'}.` };
  }
}

/**
 * The offset where a JSON parse stops, for messages that do not say. Iterative (a nesting stack), so
 * hostile depth cannot overflow it; undefined when the text is valid JSON.
 */
export function jsonErrorOffset(s: string): number | undefined {
  const n = s.length;
  let i = 0;
  const stack: string[] = [];
  const ws = (): void => {
    while (i < n && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  };
  const string = (): boolean => {
    if (s[i] !== '"') return false;
    i++;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 0x22) return (i++, true);
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = s[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) return (i++, false);
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return (i++, false);
      } else i++;
    }
    return false;
  };
  const key = (): boolean => {
    ws();
    if (!string()) return false;
    ws();
    if (s[i] !== ':') return false;
    i++;
    return true;
  };
  const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
  for (;;) {
    ws();
    const c = s[i];
    if (c === '{' || c === '[') {
      i++;
      ws();
      if (s[i] === (c === '{' ? '}' : ']')) i++;
      else {
        stack.push(c);
        if (c === '{' && !key()) return i;
        continue;
      }
    } else if (c === '"') {
      if (!string()) return i;
    } else if (c === 't' || c === 'f' || c === 'n') {
      const word = c === 't' ? 'true' : c === 'f' ? 'false' : 'null';
      if (!s.startsWith(word, i)) return i;
      i += word.length;
    } else {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(s)) return i;
      i = NUMBER.lastIndex;
    }
    // After a value: close what ends here, then a separator or the end of the text.
    for (;;) {
      ws();
      const top = stack[stack.length - 1];
      if (top === undefined) return i < n ? i : undefined;
      if (s[i] === ',') {
        i++;
        if (top === '{' && !key()) return i;
        break;
      }
      if (s[i] === (top === '{' ? '}' : ']')) {
        i++;
        stack.pop();
        continue;
      }
      return i;
    }
  }
}

function describeYamlError(message: string): string {
  const firstLine = message.split('\n')[0].replace(/ at line \d+, column \d+.*$/, '');
  return `The YAML metadata does not parse: ${firstLine}.`;
}

function describeTag(tag: string): string {
  const shown = tag.split(/\s/)[0].slice(0, 60);
  return `The YAML tag \`${shown}\` is not allowed in a model card: the Hub's safe YAML loader rejects unknown and language-specific tags. Remove the tag and write the value plainly.`;
}

/** Tags a card may carry: the non-specific `!` and the core schema's own, which change nothing the Hub reads. */
const ALLOWED_TAG = /^!(?:|!(?:str|int|float|bool|null|map|seq)|<tag:yaml\.org,2002:(?:str|int|float|bool|null|map|seq)>)$/;
/** The lexer's marker that the next lexeme is a scalar's source (yaml's CST.SCALAR). */
const SCALAR_MARK = '\x1f';
const TOO_DEEP: unique symbol = Symbol('too deep');

type Composed =
  | { doc: Document.Parsed; tags: { offset: number; text: string }[] }
  | { tooDeep: number }
  | { failure: string };

/**
 * parseDocument, with the lexer and CST parser driven here so that nesting is bounded before
 * `yaml`'s recursive composer sees the document: the CST parser keeps its open collections on an
 * explicit stack, which is measured after every lexeme; past the limit, parsing stops at that
 * lexeme's offset. Tags outside the core schema are collected at the same time, with their offsets.
 */
function composeDocument(source: string, lineCounter: LineCounter): Composed {
  const parser = new Parser(lineCounter.addNewLine);
  const tags: { offset: number; text: string }[] = [];
  let deepAt = -1;
  function* tokens(): Generator<CST.Token> {
    lineCounter.addNewLine(0);
    let scalarNext = false;
    for (const lexeme of new Lexer().lex(source)) {
      const offset = parser.offset;
      if (scalarNext) scalarNext = false;
      else if (lexeme === SCALAR_MARK) scalarNext = true;
      else if (lexeme.charCodeAt(0) === 33 && !ALLOWED_TAG.test(lexeme)) tags.push({ offset, text: lexeme });
      yield* parser.next(lexeme);
      // The stack also holds the document and at most one open scalar: only count when it could be too deep.
      if (parser.stack.length > PARSE_LIMITS.maxDepth && collectionDepth(parser.stack) > PARSE_LIMITS.maxDepth) {
        deepAt = offset;
        throw TOO_DEEP;
      }
    }
    yield* parser.end();
  }
  let doc: Document.Parsed | undefined;
  try {
    for (const next of new Composer(DOCUMENT_OPTIONS).compose(tokens(), true, source.length)) {
      if (!doc) doc = next;
      else {
        doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
        break;
      }
    }
  } catch (error) {
    if (error === TOO_DEEP) return { tooDeep: deepAt };
    return { failure: (error as Error).message ?? String(error) };
  }
  return doc ? { doc, tags } : { failure: 'no document' };
}

function collectionDepth(stack: readonly CST.Token[]): number {
  let depth = 0;
  for (const token of stack) if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') depth++;
  return depth;
}

/** The JS property name yaml's toJS gives a scalar key. */
function keyName(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/**
 * Walks the document iteratively, in document order, checking every mapping's keys: duplicates
 * (a Set per mapping, on the property name the data would use, so `1` and `"1"` collide too),
 * collection keys (which toJS would stringify), and `<<` merge keys (merged by the Hub's YAML 1.1
 * loader, kept as a key by YAML 1.2). Aliases used as keys are resolved through the anchors seen so far.
 */
function checkKeys(doc: Document.Parsed, source: string, at: (offset: number) => Position, onlyDuplicates: boolean): ParseProblem[] {
  const problems: ParseProblem[] = [];
  const anchors = new Map<string, unknown>();
  // A task is a node to visit, or a key to check against its mapping's Set.
  type Task = { node: unknown } | { key: unknown; names: Set<string> };
  const tasks: Task[] = [{ node: doc.contents }];
  const keyText = (node: { range?: [number, number, number] | null }): string => {
    const range = node.range;
    if (!range) return '';
    return source.slice(range[0], Math.min(range[1], range[0] + 200)).split(/\r?\n/)[0].trim().slice(0, 80);
  };
  const report = (node: { range?: [number, number, number] | null }, message: string): void => {
    problems.push({ ...(node.range ? at(node.range[0]) : { line: 1, column: 1 }), message });
  };
  while (tasks.length > 0) {
    const task = tasks.pop()!;
    if ('node' in task) {
      const node = task.node;
      if (!isNode(node)) continue;
      if (node.anchor && !isAlias(node)) anchors.set(node.anchor, node);
      if (isMap(node)) {
        const names = new Set<string>();
        for (let i = node.items.length - 1; i >= 0; i--) {
          tasks.push({ node: node.items[i].value }, { key: node.items[i].key, names });
        }
      } else if (isSeq(node)) {
        for (let i = node.items.length - 1; i >= 0; i--) tasks.push({ node: node.items[i] });
      }
      continue;
    }
    const key = task.key;
    if (!isNode(key)) {
      // An empty key (`: x`) is null, the property ''.
      if (key === null || key === undefined) task.names.add('');
      continue;
    }
    if (key.anchor && !isAlias(key)) anchors.set(key.anchor, key);
    const target = isAlias(key) ? anchors.get(key.source) : key;
    if (isMap(target) || isSeq(target)) {
      // A block mapping's range starts after its first key (`? a: 1`); point at that key instead.
      const first = isMap(key) ? key.items[0]?.key : undefined;
      const where = isNode(first) && first.range && key.range && first.range[0] < key.range[0] ? first : key;
      if (!onlyDuplicates) report(where, 'A mapping or list is used as a key here; model card keys must be plain text. Write the key as a single word or string.');
      continue;
    }
    if (!isScalar(target)) continue;
    if (!onlyDuplicates && target.value === '<<' && target.type === 'PLAIN' && !target.tag) {
      report(key, 'The merge key `<<` is not supported in model cards: the Hub merges the aliased mapping in, while YAML 1.2 keeps `<<` as a key, so they would read different metadata. Write the keys out.');
      continue;
    }
    const name = keyName(target.value);
    if (task.names.has(name)) {
      const text = keyText(key);
      report(key, `Duplicate key${text ? ` \`${text}\`` : ''}: a key may appear only once in a mapping; the Hub would keep only one of the values.`);
    } else {
      task.names.add(name);
    }
  }
  return problems;
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

/* ------------------------------------------------------------------------------------------------
 * Fast path. Most cards are a plain block mapping of simple keys, one-line scalars and one-line
 * flow lists: that subset is read here by hand, about ten times faster than building a `yaml`
 * Document, recording the same [start, end] offsets the Document would give each scalar. Anything
 * outside the subset (anchors, tags, block scalars, escapes, multi-line values, tabs, CR, odd
 * indentation, duplicate keys, …) makes the fast path give up, and the full parser reads the card,
 * so errors, warnings and limits stay the full parser's. A differential test holds the two equal.
 * ---------------------------------------------------------------------------------------------- */

/** A scalar's offsets, a mapping, a sequence, or an empty value (its range is left to the full parser). */
type FastNode =
  | { t: 0; s: number; e: number }
  | { t: 1; names: string[]; ks: number[]; ke: number[]; vals: FastNode[] }
  | { t: 2; items: FastNode[] }
  | { t: 3 };

const BAIL: unique symbol = Symbol('bail');
/** Well under PARSE_LIMITS.maxDepth (flow lists add one level), and deeper than real cards go. */
const FAST_MAX_DEPTH = 32;
const EMPTY: FastNode = { t: 3 };
/** Characters a plain key may hold in the fast path (letters first; see fastKeyEnd). */
const KEY_CHAR = /[A-Za-z0-9_\-./() ]/;
/** Characters that make the full parser necessary anywhere: tabs, CR, controls, NEL, separators, BOM. */
const UNUSUAL = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff]|\r(?!\n)/;
const RESERVED_KEYS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', '__proto__']);

function bail(): never {
  throw BAIL;
}

/** Resolves a plain scalar exactly as `yaml`'s core schema does (same tests, same order, same functions). */
export function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  // Fast exit: a plain scalar starting with a letter other than n/N/t/T/f/F is a string.
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) {
    if (c !== 110 && c !== 78 && c !== 116 && c !== 84 && c !== 102 && c !== 70) return s;
  } else if (!(c === 126 || c === 46 || c === 43 || c === 45 || (c >= 48 && c <= 57) || s.length === 0)) {
    return s;
  }
  if (/^(?:~|[Nn]ull|NULL)?$/.test(s)) return null;
  if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s)) return s[0] === 't' || s[0] === 'T';
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(s)) return parseInt(s, 10);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.substring(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s)) {
    return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s)) return parseFloat(s);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return parseFloat(s);
  return s;
}

class FastReader {
  /** Per content line (blank and comment-only lines left out): first non-space offset, end, indent. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly indents: number[] = [];
  private li = 0;
  /** Open block collections; deep documents are left to the full parser, which enforces the limit. */
  private depth = 0;

  constructor(private readonly src: string) {
    let lineStart = 0;
    const n = src.length;
    while (lineStart < n) {
      let end = src.indexOf('\n', lineStart);
      if (end < 0) end = n;
      const next = end + 1;
      // CRLF: the CR belongs to the line break, not to the line (UNUSUAL let no other CR through).
      if (end > lineStart && src.charCodeAt(end - 1) === 13) end--;
      let p = lineStart;
      while (p < end && src.charCodeAt(p) === 32) p++;
      if (p < end && src.charCodeAt(p) !== 35) {
        // Document markers and over-long lines (implicit keys are capped at 1024) go to the full parser.
        if (p === lineStart && (src.startsWith('---', p) || src.startsWith('...', p))) bail();
        if (end - lineStart > 1000) bail();
        this.starts.push(p);
        this.ends.push(end);
        this.indents.push(p - lineStart);
      }
      lineStart = next;
    }
  }

  read(): { data: Record<string, unknown>; root: FastNode } {
    if (this.starts.length === 0 || this.indents[0] !== 0) bail();
    const out = this.map(0, this.starts[0]);
    if (this.li < this.starts.length) bail();
    return { data: out.data as Record<string, unknown>, root: out.node };
  }

  /** End of a plain key starting at p (the offset of its `:`), or -1 when p does not start `key: `. */
  private keyEnd(p: number, end: number): number {
    const src = this.src;
    const c = src.charCodeAt(p);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95)) return -1;
    let q = p + 1;
    while (q < end && KEY_CHAR.test(src[q])) q++;
    if (q >= end || src.charCodeAt(q) !== 58) return -1;
    if (q + 1 < end && src.charCodeAt(q + 1) !== 32) return -1;
    if (src.charCodeAt(q - 1) === 32) return -1;
    return q;
  }

  private isDash(p: number, end: number): boolean {
    return this.src.charCodeAt(p) === 45 && (p + 1 === end || this.src.charCodeAt(p + 1) === 32);
  }

  /** A block mapping whose keys sit at column `indent`; its first key starts at `first` on the current line. */
  private map(indent: number, first: number): { data: unknown; node: FastNode } {
    if (++this.depth > FAST_MAX_DEPTH) bail();
    const data: Record<string, unknown> = {};
    const node = { t: 1 as const, names: [] as string[], ks: [] as number[], ke: [] as number[], vals: [] as FastNode[] };
    let p = first;
    for (;;) {
      const end = this.ends[this.li];
      const colon = this.keyEnd(p, end);
      if (colon < 0) bail();
      const name = this.src.slice(p, colon);
      if (RESERVED_KEYS.has(name) || Object.hasOwn(data, name)) bail();
      const value = this.afterIndicator(colon + 1, end, indent, true);
      data[name] = value.data;
      node.names.push(name);
      node.ks.push(p);
      node.ke.push(colon);
      node.vals.push(value.node);
      if (this.li >= this.starts.length) break;
      const next = this.indents[this.li];
      if (next < indent) break;
      if (next > indent) bail();
      p = this.starts[this.li];
      if (this.isDash(p, this.ends[this.li])) break;
    }
    this.depth--;
    return { data, node };
  }

  /** A block sequence whose dashes sit at column `indent`, starting on the current line. */
  private seq(indent: number): { data: unknown; node: FastNode } {
    if (++this.depth > FAST_MAX_DEPTH) bail();
    const data: unknown[] = [];
    const items: FastNode[] = [];
    for (;;) {
      const start = this.starts[this.li];
      const end = this.ends[this.li];
      let q = start + 1;
      while (q < end && this.src.charCodeAt(q) === 32) q++;
      let item: { data: unknown; node: FastNode };
      if (q < end && this.src.charCodeAt(q) !== 35 && this.keyEnd(q, end) >= 0) {
        item = this.map(q - start + indent, q);
      } else {
        if (q < end && this.isDash(q, end)) bail();
        item = this.afterIndicator(start + 1, end, indent, false);
      }
      data.push(item.data);
      items.push(item.node);
      if (this.li >= this.starts.length) break;
      const next = this.indents[this.li];
      if (next < indent) break;
      if (next > indent) bail();
      if (!this.isDash(this.starts[this.li], this.ends[this.li])) break;
    }
    this.depth--;
    return { data, node: { t: 2, items } };
  }

  /**
   * The value after a `key:` or a `-` at offset p: inline on this line, or a nested block on the
   * following lines, or empty. `indent` is the column of the key or dash that owns it.
   */
  private afterIndicator(p: number, end: number, indent: number, inMap: boolean): { data: unknown; node: FastNode } {
    const src = this.src;
    while (p < end && src.charCodeAt(p) === 32) p++;
    if (p >= end || src.charCodeAt(p) === 35) {
      this.li++;
      if (this.li >= this.starts.length) return { data: null, node: EMPTY };
      const next = this.indents[this.li];
      const start = this.starts[this.li];
      const dash = this.isDash(start, this.ends[this.li]);
      if (next > indent) return dash ? this.seq(next) : this.map(next, start);
      if (next === indent && inMap && dash) return this.seq(next);
      return { data: null, node: EMPTY };
    }
    const c = src.charCodeAt(p);
    if (c === 124 || c === 62) return this.blockScalar(p, end, indent);
    const value = this.inline(p, end);
    this.li++;
    // A more indented line after an inline value continues it (multi-line scalar) or is an error.
    if (this.li < this.starts.length && this.indents[this.li] > indent) bail();
    return value;
  }

  /** A one-line value starting at p: quoted, flow list or mapping, or plain. */
  private inline(p: number, end: number): { data: unknown; node: FastNode } {
    const src = this.src;
    const c = src[p];
    if (c === '"' || c === "'") {
      const q = this.quoted(p, end);
      this.rest(q.e, end);
      return q;
    }
    if (c === '[') return this.flowSeq(p, end);
    if (c === '{') return this.flowMap(p, end);
    if ('|>&*!%@`,]}#'.includes(c)) bail();
    if ((c === '-' || c === '?' || c === ':') && (p + 1 === end || src.charCodeAt(p + 1) === 32)) bail();
    let e = p + 1;
    while (e < end && !(src.charCodeAt(e) === 35 && src.charCodeAt(e - 1) === 32)) e++;
    while (e > p && src.charCodeAt(e - 1) === 32) e--;
    const text = src.slice(p, e);
    if (text.includes(': ') || text.endsWith(':')) bail();
    return { data: resolvePlain(text), node: { t: 0, s: p, e } };
  }

  /**
   * A block scalar in its plainest form: header `|`, `|-`, `>` or `>-` alone on its line, then lines
   * all at one indentation, none blank, none ending in a space. Its value position is left to the
   * full parser (EMPTY node). Moves `li` past its lines.
   */
  private blockScalar(p: number, end: number, owner: number): { data: unknown; node: FastNode } {
    const src = this.src;
    const literal = src[p] === '|';
    let q = p + 1;
    const strip = src[q] === '-';
    if (strip) q++;
    if (q !== end) bail();
    const lines: string[] = [];
    let indent = -1;
    let lineStart = src.indexOf('\n', p) + 1;
    if (lineStart === 0) bail();
    let stop = lineStart;
    while (lineStart < src.length) {
      let lineEnd = src.indexOf('\n', lineStart);
      if (lineEnd < 0) bail();
      const next = lineEnd + 1;
      if (lineEnd > lineStart && src.charCodeAt(lineEnd - 1) === 13) lineEnd--;
      let c = lineStart;
      while (c < lineEnd && src.charCodeAt(c) === 32) c++;
      if (c === lineEnd) bail();
      const column = c - lineStart;
      if (column <= owner) break;
      if (indent < 0) indent = column;
      if (column !== indent || src.charCodeAt(lineEnd - 1) === 32) bail();
      lines.push(src.slice(c, lineEnd));
      lineStart = next;
      stop = next;
    }
    if (lines.length === 0) bail();
    while (this.li < this.starts.length && this.starts[this.li] < stop) this.li++;
    const text = lines.join(literal ? '\n' : ' ') + (strip ? '' : '\n');
    return { data: text, node: EMPTY };
  }

  /** Only spaces or a comment may follow a value on its line. */
  private rest(p: number, end: number): void {
    const src = this.src;
    const from = p;
    while (p < end && src.charCodeAt(p) === 32) p++;
    if (p < end && !(src.charCodeAt(p) === 35 && p > from)) bail();
  }

  /** A one-line quoted scalar: no escapes in double quotes, `''` in single quotes. */
  private quoted(p: number, end: number): { data: string; node: FastNode & { t: 0 }; e: number } {
    const src = this.src;
    if (src[p] === '"') {
      const close = src.indexOf('"', p + 1);
      if (close < 0 || close >= end) bail();
      const text = src.slice(p + 1, close);
      if (text.includes('\\')) bail();
      return { data: text, node: { t: 0, s: p, e: close + 1 }, e: close + 1 };
    }
    let out = '';
    let q = p + 1;
    for (;;) {
      const close = src.indexOf("'", q);
      if (close < 0 || close >= end) bail();
      out += src.slice(q, close);
      if (src[close + 1] === "'") {
        out += "'";
        q = close + 2;
        continue;
      }
      return { data: out, node: { t: 0, s: p, e: close + 1 }, e: close + 1 };
    }
  }

  /** A flow scalar inside [ ] or { }: quoted, or plain up to `,` or the closing bracket. */
  private flowScalar(p: number, end: number, close: string, inMap: boolean): { data: unknown; node: FastNode & { t: 0 }; e: number } {
    const src = this.src;
    const c = src[p];
    if (c === '"' || c === "'") return this.quoted(p, end);
    if ('|>&*!%@`,[]{}#\'"?-:'.includes(c)) bail();
    let e = p;
    while (e < end) {
      const ch = src[e];
      if (ch === ',' || ch === close) break;
      if (ch === '[' || ch === ']' || ch === '{' || ch === '}' || ch === '#' || ch === '"' || ch === "'") bail();
      if (ch === ':' && (!inMap || e + 1 >= end || ' ,]}'.includes(src[e + 1]))) bail();
      e++;
    }
    const stop = e;
    while (e > p && src.charCodeAt(e - 1) === 32) e--;
    if (e === p) bail();
    return { data: resolvePlain(src.slice(p, e)), node: { t: 0, s: p, e }, e: stop };
  }

  private skipSpaces(p: number, end: number): number {
    while (p < end && this.src.charCodeAt(p) === 32) p++;
    return p;
  }

  private flowSeq(p: number, end: number): { data: unknown; node: FastNode } {
    const src = this.src;
    const data: unknown[] = [];
    const items: FastNode[] = [];
    p = this.skipSpaces(p + 1, end);
    if (src[p] !== ']') {
      for (;;) {
        const item = this.flowScalar(p, end, ']', false);
        data.push(item.data);
        items.push(item.node);
        p = this.skipSpaces(item.e, end);
        if (src[p] === ',') {
          p = this.skipSpaces(p + 1, end);
          if (p >= end || src[p] === ']') bail();
          continue;
        }
        if (src[p] === ']') break;
        bail();
      }
    }
    this.rest(p + 1, end);
    return { data, node: { t: 2, items } };
  }

  private flowMap(p: number, end: number): { data: unknown; node: FastNode } {
    const src = this.src;
    const data: Record<string, unknown> = {};
    const node = { t: 1 as const, names: [] as string[], ks: [] as number[], ke: [] as number[], vals: [] as FastNode[] };
    p = this.skipSpaces(p + 1, end);
    if (src[p] !== '}') {
      for (;;) {
        const colon = this.keyEnd(p, end);
        if (colon < 0 || colon + 1 >= end) bail();
        const name = src.slice(p, colon);
        if (RESERVED_KEYS.has(name) || Object.hasOwn(data, name) || /[,[\]{}]/.test(name)) bail();
        const v = this.flowScalar(this.skipSpaces(colon + 1, end), end, '}', true);
        data[name] = v.data;
        node.names.push(name);
        node.ks.push(p);
        node.ke.push(colon);
        node.vals.push(v.node);
        p = this.skipSpaces(v.e, end);
        if (src[p] === ',') {
          p = this.skipSpaces(p + 1, end);
          if (p >= end || src[p] === '}') bail();
          continue;
        }
        if (src[p] === '}') break;
        bail();
      }
    }
    this.rest(p + 1, end);
    return { data, node };
  }
}

/**
 * Reads YAML in the fast subset: the data (as `yaml`'s toJS would give it) and the node tree of
 * offsets, or null when the text needs the full parser.
 */
export function fastParseYaml(src: string): { data: Record<string, unknown>; root: FastNode } | null {
  if (UNUSUAL.test(src)) return null;
  try {
    return new FastReader(src).read();
  } catch (error) {
    if (error === BAIL) return null;
    throw error;
  }
}

/**
 * Where the key or value at `segments` lies, as offsets, following the same steps as locateNode.
 * 'full' means the target is a collection or an empty value, whose range the full parser gives.
 */
export function fastLocate(root: FastNode, segments: PathSegment[], part: 'key' | 'value'): [number, number] | 'full' | undefined {
  if (segments.length === 0) return 'full';
  let node: FastNode = root;
  let key: [number, number] | FastNode | undefined;
  for (const segment of segments) {
    if (node.t === 1) {
      const i = node.names.indexOf(String(segment));
      if (i < 0) return undefined;
      key = [node.ks[i], node.ke[i]];
      node = node.vals[i];
    } else if (node.t === 2 && typeof segment === 'number') {
      const item: FastNode | undefined = node.items[segment];
      if (item === undefined) return undefined;
      key = item;
      node = item;
    } else {
      return undefined;
    }
  }
  const target = part === 'value' ? node : key!;
  if (Array.isArray(target)) return target;
  return target.t === 0 ? [target.s, target.e] : 'full';
}
