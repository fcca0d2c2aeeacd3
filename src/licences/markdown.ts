/** Which markdown lines of a card body are prose a reader sees: not inside a code fence or an HTML comment. */
const FENCE = /^\s*(```|~~~)/;

export interface ProseFilter {
  /** True when the line is a fence marker or hidden (in a fence or comment); call once per line, in order. */
  skip(line: string): boolean;
}

export function proseFilter(): ProseFilter {
  let inFence = false;
  let inComment = false;
  return {
    skip(line: string): boolean {
      if (FENCE.test(line)) {
        inFence = !inFence;
        return true;
      }
      if (inFence) return true;
      if (inComment) {
        if (line.includes('-->')) inComment = false;
        return true;
      }
      if (line.includes('<!--') && !line.includes('-->')) {
        inComment = true;
        return true;
      }
      return false;
    }
  };
}
