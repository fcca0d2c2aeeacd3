/**
 * Helpers that keep finding messages to one sentence of at most 160 characters (contract 1.2):
 * card values are clipped, and text written elsewhere (parser and schema messages) is split into a
 * first sentence and the rest, which becomes the finding's `detail`.
 */

export const MESSAGE_MAX = 160;

/** A card value shortened for a message; the whole value stays in the card. */
export function clip(value: string, max = 40): string {
  const s = String(value);
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/**
 * Index just past the end of the first sentence: a `.`, `?` or `!` outside backticks followed by
 * white space and a capital letter or backtick. One pass, linear in the length.
 */
function firstSentenceEnd(text: string): number {
  let inCode = false;
  for (let i = 0; i < text.length - 2; i++) {
    const c = text[i];
    if (c === '`') inCode = !inCode;
    else if (!inCode && (c === '.' || c === '?' || c === '!') && (text[i + 1] === ' ' || text[i + 1] === '\n') && /[A-Z]/.test(text[i + 2]))
      return i + 1;
  }
  return text.length;
}

/** Message and detail from a text that may run to several sentences. */
export function brief(text: string): { message: string; detail?: string } {
  const end = firstSentenceEnd(text);
  let message = text.slice(0, end).trim();
  let detail = text.slice(end).trim();
  if (message.length > MESSAGE_MAX) {
    // A long sentence keeps its head (before the first `;`) and its "did you mean"; the whole text
    // moves to the detail so nothing is lost.
    const guess = /\(did you mean `[^`]{1,60}`\?\)/.exec(message)?.[0];
    const semi = message.indexOf('; ');
    let head = semi > 0 ? message.slice(0, semi) : message;
    if (guess && !head.includes(guess)) head += ` ${guess}`;
    if (head.length + 1 > MESSAGE_MAX) {
      const cut = head.lastIndexOf(' ', MESSAGE_MAX - 2);
      head = `${head.slice(0, cut > 80 ? cut : MESSAGE_MAX - 2)} …`;
    }
    message = /[.?!…]$/.test(head) ? head : `${head}.`;
    detail = text.trim();
  }
  return detail === '' ? { message } : { message, detail };
}

/** Licence ids for a message, e.g. "`llama3.1` (inherited)"; at most three, then "and N more". */
export function shortIds(list: { entry: { id: string; hubId?: string | null }; inheritedFrom?: string }[], max = 3): string {
  const shown = list.slice(0, max).map((g) => `\`${clip(g.entry.hubId ?? g.entry.id, 30)}\`${g.inheritedFrom ? ' (inherited)' : ''}`);
  const more = list.length > max ? ` and ${list.length - max} more` : '';
  return `${shown.join(', ')}${more}`;
}

/** The first candidate message that fits in MESSAGE_MAX characters (the last one otherwise): longer ones name more. */
export function fit(...candidates: string[]): string {
  return candidates.find((c) => c.length <= MESSAGE_MAX) ?? candidates[candidates.length - 1];
}

/** The message with `(clause)` before its final full stop when that still fits; the message alone otherwise. */
export function withClause(message: string, clause: string): string {
  if (!clause) return message;
  const stop = message.endsWith('.') ? message.length - 1 : message.length;
  return fit(`${message.slice(0, stop)} (${clause})${message.slice(stop)}`, message);
}
