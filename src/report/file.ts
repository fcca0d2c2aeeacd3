/** A reporter writing to a file as it goes (the action's JSON report and SARIF file). */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, ReporterFactory } from './reporter.js';

/** Opens `file` (creating its folder) and runs `factory`'s reporter into it; `done` settles once it is closed. */
export function fileReporter<O>(
  file: string,
  factory: ReporterFactory<O>,
  options: O = {} as O
): { reporter: Reporter; done: Promise<void> } {
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, 'w');
  const inner = factory((chunk) => void writeSync(fd, chunk), options);
  let settle: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (settle = resolve));
  return {
    reporter: {
      begin: () => inner.begin(),
      card: (card) => inner.card(card),
      end: (totals) => {
        try {
          inner.end(totals);
        } finally {
          closeSync(fd);
          settle();
        }
      }
    },
    done
  };
}
