/**
 * A temporary file for the reporters whose output must begin with what is known only at the end
 * (the JSON report's verdict, SARIF's rules and notes): each card's text is written to it as the
 * card comes, and copied out once the head has been written, so memory holds one card at a time.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Sink } from './reporter.js';

export interface Spool {
  /** Appends one element of a list, after `,\n` unless it is the first. */
  item(text: string): void;
  /** How many elements were appended. */
  readonly count: number;
  /**
   * Copies what was written to `sink` as text, or to `bytes` when given (whole UTF-8 characters per
   * chunk; a chunk is valid during the call only, one buffer being reused).
   */
  copyTo(sink: Sink, bytes?: (chunk: Uint8Array) => void): void;
  /** Closes and removes the file. */
  dispose(): void;
}

/** Bytes of `chunk[0..length)` that end on a whole UTF-8 character (a split one is left for the next read). */
function wholeCharacters(chunk: Uint8Array, length: number): number {
  let lead = length - 1;
  while (lead >= 0 && length - lead <= 3 && (chunk[lead] & 0xc0) === 0x80) lead--;
  if (lead < 0) return length;
  const byte = chunk[lead];
  const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
  return lead + size <= length ? length : lead;
}

export function openSpool(prefix: string): Spool {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const fd = openSync(path.join(dir, 'spool'), 'w+');
  let count = 0;
  return {
    item: (text) => void writeSync(fd, count++ > 0 ? `,\n${text}` : text),
    get count() {
      return count;
    },
    copyTo(sink, bytes) {
      if (bytes) {
        const chunk = Buffer.allocUnsafe(1 << 20);
        for (let at = 0; ;) {
          const n = readSync(fd, chunk, 0, chunk.length, at);
          if (n === 0) break;
          const whole = wholeCharacters(chunk, n) || n;
          bytes(chunk.subarray(0, whole));
          at += whole;
        }
        return;
      }
      const buffer = Buffer.alloc(1 << 16);
      // A chunk may end inside a multi-byte character: the decoder carries it over.
      const decoder = new StringDecoder('utf8');
      for (let at = 0, n; (n = readSync(fd, buffer, 0, buffer.length, at)) > 0; at += n) sink(decoder.write(buffer.subarray(0, n)));
      sink(decoder.end());
    },
    dispose() {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

/** `value` as JSON.stringify(value, null, 2) writes it at `depth` levels of nesting (first line not indented). */
export function nestedJson(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

/**
 * `value` as an element of a list at `depth` levels of nesting, indentation included, as
 * JSON.stringify(document, null, 2) writes it. Serialised inside `depth` wrapping lists whose lines
 * are cut off (each opening line `[` and closing line `]` at 2k spaces: depth × (depth + 1)
 * characters on each side) — cheaper than re-indenting every line of a large value.
 */
export function elementJson(value: unknown, depth: number): string {
  let wrapped = value;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  const cut = depth * (depth + 1);
  return text.slice(cut, text.length - cut);
}
