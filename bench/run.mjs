// `npm run bench`: generates corpora of 100, 1,000 and 10,000 cards, times our CLI (the one pipeline of
// src/pipeline.ts, card by card), the naive script (bench/naive.mjs) and a one-card action run, each
// as separate child processes, and prints medians, peak memory and ratios. Not a test: nothing here
// asserts a time. Results go to bench/results/latest.json (git-ignored); see bench/RESULTS.md.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCard, prng, writeCorpus, writeSmallCorpus } from './corpus.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const node = process.execPath;
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);
const runsFor = (size) => Number(process.env.BENCH_RUNS ?? (size >= 10000 ? 3 : 5));
/** Further corpora of 10,000 cards: small cards, and the real published cards repeated (when found). */
const EXTRA = (process.env.BENCH_EXTRA ?? 'small,real').split(',').filter(Boolean);
const work = mkdtempSync(path.join(tmpdir(), 'mrg-bench-'));

/** The shared corpus of real cards (read in place, never copied into the project), or undefined. */
function realCardsDir() {
  for (const candidate of [process.env.MRG_REAL_CARDS, path.join(repo, '..', 'shared', 'corpus', 'real-cards')]) {
    if (candidate && existsSync(path.join(candidate, 'MANIFEST.md'))) return candidate;
  }
  process.stderr.write('real-card corpus not found (set MRG_REAL_CARDS): skipped\n');
  return undefined;
}

/** `count` cards, the real ones over and over, one per folder as on the Hub. */
function writeRealCorpus(dir, source, count) {
  const names = readdirSync(source)
    .filter((n) => n.endsWith('.md') && n !== 'MANIFEST.md')
    .sort();
  for (let i = 0; i < count; i++) {
    const folder = path.join(dir, `group-${Math.floor(i / 100)}`, `model-${i}`);
    mkdirSync(folder, { recursive: true });
    copyFileSync(path.join(source, names[i % names.length]), path.join(folder, 'README.md'));
  }
}
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// Peak memory without /usr/bin/time: a preload that writes maxRSS (kB) to a side file at exit.
const preload = path.join(work, 'maxrss.mjs');
writeFileSync(
  preload,
  "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(process.env.MRG_BENCH_RSS, String(process.resourceUsage().maxRSS)));\n"
);

/** Runs `node args…` once; returns wall milliseconds, peak RSS in MB and the exit status. */
function measure(args, { cwd = repo, env = {}, stdout } = {}) {
  const rssFile = path.join(work, 'rss.txt');
  rmSync(rssFile, { force: true });
  const fullEnv = { ...process.env, ...env, MRG_BENCH_RSS: rssFile };
  const command = TIME ? TIME : node;
  const commandArgs = TIME ? ['-v', '-o', rssFile, node, ...args] : ['--import', preload, ...args];
  const started = process.hrtime.bigint();
  const result = spawnSync(command, commandArgs, {
    cwd,
    env: fullEnv,
    stdio: ['ignore', stdout ?? 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  let rssKb = NaN;
  if (existsSync(rssFile)) {
    const text = readFileSync(rssFile, 'utf8');
    const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
    rssKb = Number(match ? match[1] : text.trim());
  }
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`${args.join(' ')} exited with ${result.status}: ${String(result.stderr).slice(0, 2000)}`);
  }
  return { ms, rssMb: rssKb / 1024, status: result.status };
}

function openOut(name) {
  return path.join(work, name);
}

async function main() {
  if (process.env.BENCH_SKIP_BUNDLE !== '1') {
    const b = spawnSync(node, [path.join(repo, 'scripts', 'bundle.mjs')], { cwd: repo, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('npm run bundle failed');
  }
  const cli = path.join(repo, 'dist', 'cli.js');
  const action = path.join(repo, 'dist', 'index.js');
  const naive = path.join(here, 'naive.mjs');
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: (await import('node:os')).availableParallelism(),
    timeTool: TIME ? '/usr/bin/time -v' : 'resourceUsage().maxRSS',
    sizes: []
  };

  const corpora = SIZES.map((size) => ({ label: String(size), size, write: (dir) => writeCorpus(dir, size) }));
  for (const extra of EXTRA) {
    if (extra === 'small') corpora.push({ label: 'small', size: 10000, write: (dir) => writeSmallCorpus(dir, 10000) });
    const real = extra === 'real' ? realCardsDir() : undefined;
    if (real) corpora.push({ label: 'real', size: 10000, write: (dir) => writeRealCorpus(dir, real, 10000) });
  }
  for (const { label, size, write } of corpora) {
    const dir = path.join(work, `corpus-${label}`);
    write(dir);
    const runs = runsFor(size);
    const samples = { cli: [], naive: [] };
    process.stderr.write(`corpus ${label === String(size) ? `of ${size}` : `"${label}" of ${size}`} cards: ${runs} runs each `);
    for (let r = 0; r < runs; r++) {
      // Interleaved, so that a burst of load from elsewhere hits every contender alike.
      const out = openOut(`report-${label}.json`);
      const fd = (await import('node:fs')).openSync(out, 'w');
      samples.cli.push(measure([cli, 'check', dir, '--format', 'json'], { stdout: fd }));
      (await import('node:fs')).closeSync(fd);
      samples.naive.push(measure([naive, dir]));
      process.stderr.write('.');
    }
    process.stderr.write('\n');
    const row = { corpus: label, cards: size, runs };
    for (const [name, list] of Object.entries(samples)) {
      const ms = median(list.map((s) => s.ms));
      row[name] = {
        ms: round(ms),
        cardsPerSecond: round((size / ms) * 1000),
        msPerCard: round(ms / size, 4),
        peakRssMb: round(median(list.map((s) => s.rssMb)))
      };
    }
    row.reportBytes = statSync(openOut(`report-${label}.json`)).size;
    results.sizes.push(row);
    rmSync(dir, { recursive: true, force: true });
  }

  // One card through the bundled action entry, against a bare `node -e 0`.
  const workspace = path.join(work, 'workspace');
  mkdirSync(path.join(workspace, 'model'), { recursive: true });
  writeFileSync(path.join(workspace, 'model', 'README.md'), generateCard(prng(1), 0));
  const outputs = path.join(work, 'github-output.txt');
  const summary = path.join(work, 'step-summary.md');
  const actionEnv = {
    GITHUB_EVENT_NAME: 'push',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputs,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_REPOSITORY: 'bench/bench',
    GITHUB_SHA: '0'.repeat(40),
    GITHUB_API_URL: 'http://127.0.0.1:9',
    INPUT_COMMENT: 'never',
    INPUT_REVIEW: 'false',
    'INPUT_HUB-LOOKUP': 'false',
    'INPUT_FAIL-ON': 'never',
    'INPUT_GITHUB-TOKEN': ''
  };
  const startup = { action: [], bare: [] };
  const startupRuns = Number(process.env.BENCH_STARTUP_RUNS ?? 11);
  for (let r = 0; r < startupRuns; r++) {
    writeFileSync(outputs, '');
    writeFileSync(summary, '');
    startup.action.push(measure([action], { cwd: workspace, env: actionEnv }));
    startup.bare.push(measure(['-e', '0']));
  }
  const actionMs = median(startup.action.map((s) => s.ms));
  const bareMs = median(startup.bare.map((s) => s.ms));
  results.action = {
    ms: round(actionMs),
    bareNodeMs: round(bareMs),
    overheadMs: round(actionMs - bareMs),
    peakRssMb: round(median(startup.action.map((s) => s.rssMb))),
    outputs: readFileSync(outputs, 'utf8')
      .split('\n')
      .filter((l) => /^(result|cards|errors)/.test(l))
  };
  results.bundles = { 'dist/index.js': statSync(action).size, 'dist/cli.js': statSync(cli).size };

  const big = results.sizes.find((s) => s.corpus === '10000') ?? results.sizes.at(-1);
  const mid = results.sizes.find((s) => s.corpus === '1000');
  results.ratios = {
    oursOverNaive: Object.fromEntries(results.sizes.map((s) => [s.corpus, round(s.cli.ms / s.naive.ms, 3)])),
    memoryOursOverNaive: Object.fromEntries(results.sizes.map((s) => [s.corpus, round(s.cli.peakRssMb / s.naive.peakRssMb, 3)])),
    growth1kTo10k:
      mid && big !== mid ? { cli: round(big.cli.ms / mid.cli.ms, 2), naive: round(big.naive.ms / mid.naive.ms, 2) } : undefined,
    actionOverheadMs: results.action.overheadMs,
    bundleBytes: results.bundles
  };
  printTable(results);
  mkdirSync(path.join(here, 'results'), { recursive: true });
  writeFileSync(path.join(here, 'results', 'latest.json'), JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(`\nwritten to bench/results/latest.json\n`);
}

function round(x, digits = 1) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function printTable(results) {
  const lines = [];
  lines.push(`node ${results.node}, ${results.cpus} cores, peak memory from ${results.timeTool}`);
  lines.push('');
  lines.push('| corpus | cards | contender | median ms | cards/s | ms/card | peak RSS MB |');
  lines.push('|---|---:|---|---:|---:|---:|---:|');
  for (const s of results.sizes) {
    for (const [name, label] of [
      ['cli', 'dist/cli.js check --format json'],
      ['naive', 'naive yaml.parse + ajv']
    ]) {
      const r = s[name];
      lines.push(
        `| ${s.corpus === String(s.cards) ? 'bench' : s.corpus} | ${s.cards} | ${label} | ${r.ms} | ${r.cardsPerSecond} | ${r.msPerCard} | ${r.peakRssMb} |`
      );
    }
  }
  lines.push('');
  lines.push(
    'ratios (ours / naive, time): ' +
      Object.entries(results.ratios.oursOverNaive)
        .map(([n, r]) => `${n}: ${r}`)
        .join('; ')
  );
  lines.push(
    'ratios (ours / naive, peak RSS): ' +
      Object.entries(results.ratios.memoryOursOverNaive)
        .map(([n, r]) => `${n}: ${r}`)
        .join('; ')
  );
  if (results.ratios.growth1kTo10k) {
    const g = results.ratios.growth1kTo10k;
    lines.push(`growth 1k -> 10k (linear = 10): cli ${g.cli}, naive ${g.naive}`);
  }
  lines.push(`JSON report bytes: ${results.sizes.map((s) => `${s.corpus}: ${s.reportBytes}`).join(', ')}`);
  lines.push(
    `one-card action run: ${results.action.ms} ms; node -e 0: ${results.action.bareNodeMs} ms; overhead ${results.action.overheadMs} ms (peak RSS ${results.action.peakRssMb} MB)`
  );
  lines.push(`bundles: dist/index.js ${results.bundles['dist/index.js']} bytes, dist/cli.js ${results.bundles['dist/cli.js']} bytes`);
  process.stdout.write(lines.join('\n') + '\n');
}

try {
  await main();
} finally {
  rmSync(work, { recursive: true, force: true });
}
