/**
 * Where and why a JSON card does not parse. Node's JSON.parse gives the reason and, mostly, the
 * offset; when it gives no offset, an iterative scanner finds where parsing stopped. jsonc-parser
 * was tried for this and does not do the job: its parser is recursive, and 100,000 nested `[`
 * (a 100 KB card) overflow the stack, while the scanner here keeps its nesting on an explicit stack.
 */
import type { ParseProblem, Position } from '../types.js';

export function parseJsonStrict(text: string): unknown {
  return JSON.parse(text);
}

export function checkJson(text: string, at: (offset: number) => Position): ParseProblem | undefined {
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
