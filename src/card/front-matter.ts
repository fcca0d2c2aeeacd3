/**
 * The one front-matter splitter: blank lines, a `---` line, the YAML, a closing `---` line, read the
 * way the Hub reads it (CRLF and trailing blanks on fences allowed), keeping the file's line numbers.
 */

export interface FrontMatter {
  /** Text of the YAML block, preceded by blank lines so that offsets are those of the file. */
  yaml: string;
  /** 1-based line of the opening `---`. */
  openLine: number;
  /** 1-based line where the body starts, or undefined when the block is not closed. */
  bodyLine?: number;
  body: string;
}

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
  // Never closed: everything after the opening fence is the block, and there is no body.
  return { yaml: '\n'.repeat(open + 1) + (yamlStart <= text.length ? text.slice(yamlStart) : '') + '\n', openLine: open + 1, body: '' };
}

function lineEndOf(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/** `/^---[ \t]*$/` on the line without one trailing CR. */
function isFence(text: string, start: number, end: number): boolean {
  if (end - start < 3 || text.charCodeAt(start) !== 45 || text.charCodeAt(start + 1) !== 45 || text.charCodeAt(start + 2) !== 45)
    return false;
  if (text.charCodeAt(end - 1) === 13) end--;
  for (let i = start + 3; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}
