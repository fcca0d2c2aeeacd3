/** Where the shared corpus of real published cards lies (read in place, never copied into the project). */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const CANDIDATES = [process.env.MRG_REAL_CARDS, '../shared/corpus/real-cards', '../../shared/corpus/real-cards'].filter((p): p is string =>
  Boolean(p)
);

export function realCardsDir(): string {
  for (const candidate of CANDIDATES) {
    const dir = path.resolve(candidate);
    if (existsSync(path.join(dir, 'MANIFEST.md'))) return dir;
  }
  throw new Error(`The real-card corpus was not found (tried ${CANDIDATES.join(', ')}); set MRG_REAL_CARDS.`);
}

export function realCardNames(): string[] {
  return readdirSync(realCardsDir())
    .filter((name) => name.endsWith('.md') && name !== 'MANIFEST.md')
    .sort();
}
