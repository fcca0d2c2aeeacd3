/**
 * The full YAML reading of card metadata with `yaml`: nesting bounded before the recursive composer
 * runs, tags outside the core schema collected, keys checked (duplicates, collection keys, `<<`), and
 * any key or value located by the parser's positions.
 */
import {
  Composer,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  Parser,
  YAMLParseError,
  type CST,
  type Document,
  type Node
} from 'yaml';
import type { ParseProblem, PathSegment, Position } from '../types.js';

/** Limits that keep hostile YAML from exhausting memory or the stack. */
export const PARSE_LIMITS = { maxAliasCount: 100, maxDepth: 64 };

// uniqueKeys: yaml compares every key with every other (quadratic); checkKeys finds duplicates with a Set.
const DOCUMENT_OPTIONS = { uniqueKeys: false, prettyErrors: false, strict: true, keepSourceTokens: false, stringKeys: false } as const;

export function describeYamlError(message: string): string {
  const firstLine = message.split('\n')[0].replace(/ at line \d+, column \d+.*$/, '');
  return `The YAML metadata does not parse: ${firstLine}.`;
}

export function describeTag(tag: string): string {
  const shown = tag.split(/\s/)[0].slice(0, 60);
  return `The YAML tag \`${shown}\` is not allowed in a model card: the Hub's safe YAML loader rejects unknown and language-specific tags. Remove the tag and write the value plainly.`;
}

/** Tags a card may carry: the non-specific `!` and the core schema's own, which change nothing the Hub reads. */
const ALLOWED_TAG = /^!(?:|!(?:str|int|float|bool|null|map|seq)|<tag:yaml\.org,2002:(?:str|int|float|bool|null|map|seq)>)$/;
/** The lexer's marker that the next lexeme is a scalar's source (yaml's CST.SCALAR). */
const SCALAR_MARK = '\x1f';
const TOO_DEEP: unique symbol = Symbol('too deep');

type Composed = { doc: Document.Parsed; tags: { offset: number; text: string }[] } | { tooDeep: number } | { failure: string };

/**
 * parseDocument, with the lexer and CST parser driven here so that nesting is bounded before
 * `yaml`'s recursive composer sees the document: the CST parser keeps its open collections on an
 * explicit stack, which is measured after every lexeme; past the limit, parsing stops at that
 * lexeme's offset. Tags outside the core schema are collected at the same time, with their offsets.
 */
export function composeDocument(source: string, lineCounter: LineCounter): Composed {
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
        // A sentinel, not an error: it only unwinds the composer and is caught below.
        // eslint-disable-next-line @typescript-eslint/only-throw-error
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
        doc.errors.push(
          new YAMLParseError(
            [next.range[0], next.range[1]],
            'MULTIPLE_DOCS',
            'Source contains multiple documents; please use YAML.parseAllDocuments()'
          )
        );
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
  // A scalar's value: a string, number, boolean or (YAML 1.1) date, never a plain object.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return value === null || value === undefined ? '' : String(value);
}

/**
 * Walks the document iteratively, in document order, checking every mapping's keys: duplicates
 * (a Set per mapping, on the property name the data would use, so `1` and `"1"` collide too),
 * collection keys (which toJS would stringify), and `<<` merge keys (merged by the Hub's YAML 1.1
 * loader, kept as a key by YAML 1.2). Aliases used as keys are resolved through the anchors seen so far.
 */
export function checkKeys(doc: Document.Parsed, source: string, at: (offset: number) => Position, onlyDuplicates: boolean): ParseProblem[] {
  const problems: ParseProblem[] = [];
  const anchors = new Map<string, unknown>();
  // A task is a node to visit, or a key to check against its mapping's Set.
  type Task = { node: unknown } | { key: unknown; names: Set<string> };
  const tasks: Task[] = [{ node: doc.contents }];
  const keyText = (node: { range?: [number, number, number] | null }): string => {
    const range = node.range;
    if (!range) return '';
    return source
      .slice(range[0], Math.min(range[1], range[0] + 200))
      .split(/\r?\n/)[0]
      .trim()
      .slice(0, 80);
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
      if (!onlyDuplicates)
        report(
          where,
          'A mapping or list is used as a key here; model card keys must be plain text. Write the key as a single word or string.'
        );
      continue;
    }
    if (!isScalar(target)) continue;
    if (!onlyDuplicates && target.value === '<<' && target.type === 'PLAIN' && !target.tag) {
      report(
        key,
        'The merge key `<<` is not supported in model cards: the Hub merges the aliased mapping in, while YAML 1.2 keeps `<<` as a key, so they would read different metadata. Write the keys out.'
      );
      continue;
    }
    const name = keyName(target.value);
    if (task.names.has(name)) {
      const text = keyText(key);
      report(
        key,
        `Duplicate key${text ? ` \`${text}\`` : ''}: a key may appear only once in a mapping; the Hub would keep only one of the values.`
      );
    } else {
      task.names.add(name);
    }
  }
  return problems;
}

export function locateNode(
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
  const target = (part === 'value' && node ? node : (keyNode ?? node)) as { range?: [number, number, number] } | null;
  if (!target?.range) return segments.length === 0 ? { line: 1, column: 1 } : undefined;
  const start = at(target.range[0]);
  const end = at(target.range[1]);
  return { ...start, endLine: end.line, endColumn: end.column };
}
