/** PLACEHOLDER CLI: owned by the CLI helper. */
import path from 'node:path';
import { discoverCards } from './card/discover.js';
import { loadCards } from './card/read.js';
import { check } from './engine.js';
import { defaultPolicy } from './policy/defaults.js';

const args = process.argv.slice(3);
const root = process.cwd();
const d = await discoverCards(root, args.length ? args : undefined);
const cards = await loadCards(root, d.files);
const report = check({ cards, policy: defaultPolicy() });
process.stdout.write(JSON.stringify(report, null, 2) + '\n');
process.exitCode = report.result === 'pass' ? 0 : 1;
void path;
