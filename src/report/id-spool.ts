/**
 * A list of strings kept on disk instead of in memory: the SPDX document lists every element it
 * holds, and on a large run those ids would otherwise grow the heap card after card. Lines are
 * buffered and written in blocks; `drain` reads them back in order and removes the file.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BLOCK = 1 << 16;

export class IdSpool {
  private dir?: string;
  private fd?: number;
  private buffer: string[] = [];
  private buffered = 0;
  count = 0;

  add(id: string): void {
    // Ids are IRIs built by the reporter: no newlines, so one per line reads back exactly.
    this.buffer.push(id);
    this.buffered += id.length + 1;
    this.count++;
    if (this.buffered >= BLOCK) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    if (this.fd === undefined) {
      this.dir = mkdtempSync(path.join(tmpdir(), 'mrg-spdx-'));
      this.fd = openSync(path.join(this.dir, 'ids'), 'w+');
    }
    writeSync(this.fd, this.buffer.join('\n') + '\n');
    this.buffer = [];
    this.buffered = 0;
  }

  /** Calls `each` with every id in the order added, then removes the spool. */
  drain(each: (id: string) => void): void {
    try {
      if (this.fd === undefined) {
        for (const id of this.buffer) each(id);
        return;
      }
      this.flush();
      const chunk = Buffer.alloc(BLOCK);
      let position = 0;
      let rest = '';
      for (;;) {
        const read = readSync(this.fd, chunk, 0, BLOCK, position);
        if (read === 0) break;
        position += read;
        // Ids are ASCII (percent-encoded), so a block boundary never splits a character.
        const lines = (rest + chunk.toString('latin1', 0, read)).split('\n');
        rest = lines.pop()!;
        for (const line of lines) each(line);
      }
    } finally {
      this.buffer = [];
      if (this.fd !== undefined) closeSync(this.fd);
      if (this.dir !== undefined) rmSync(this.dir, { recursive: true, force: true });
      this.fd = undefined;
      this.dir = undefined;
    }
  }
}
