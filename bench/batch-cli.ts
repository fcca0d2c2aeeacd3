/**
 * `check <dir> --format json` through the streaming batch pipeline (src/batch.ts): what the CLI does
 * once it is wired to it. Bundled by bench/run.mjs the same way as dist/cli.js, and measured beside it.
 */
import path from 'node:path';
import { checkFilesStreaming, isBatchWorker, JsonReportSpool } from '../src/batch.js';
import { discoverCards } from '../src/card/discover.js';
import { DEFAULT_POLICY_PATH } from '../src/policy/defaults.js';
import { loadPolicy } from '../src/policy/load.js';

async function main(): Promise<number> {
  const args = process.argv.slice(2).filter((a) => a !== 'check' && a !== '--format' && a !== 'json');
  const cwd = process.cwd();
  const root = path.resolve(cwd, args[0] ?? '.');
  const policy = await loadPolicy(undefined, path.join(cwd, DEFAULT_POLICY_PATH));
  const discovery = await discoverCards(root, undefined, cwd);
  const spool = new JsonReportSpool();
  const workers = process.env.MRG_WORKERS === undefined ? undefined : Number(process.env.MRG_WORKERS);
  const concurrency = process.env.MRG_CONC === undefined ? undefined : Number(process.env.MRG_CONC);
  const result = await checkFilesStreaming({ root, files: discovery.files, policy, workers, concurrency, onCardJson: (text) => spool.addText(text) });
  await spool.finish(result, process.stdout);
  return result.result === 'pass' ? 0 : 1;
}

if (!isBatchWorker()) process.exitCode = await main();
