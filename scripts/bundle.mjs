// Builds dist/index.js (the action) and dist/cli.js (the CLI) from src/ with esbuild.
// Deterministic output: CI rebuilds and compares with the committed dist/.
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';
import { buildRuleIndex } from './build-rules.mjs';
import { buildValidators } from './build-validators.mjs';

/** esbuild settings shared by the bundles and by the benchmark's own entry. */
export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: { js: "import { createRequire as __mrgCreateRequire } from 'node:module'; const require = __mrgCreateRequire(import.meta.url);" }
};

async function bundle() {
  // The schemas' precompiled validators first: the bundles import them, nothing compiles a schema at run time.
  for (const file of buildValidators()) console.log(`wrote ${file}`);
  // The rule registry from the files in src/rules/.
  console.log(`wrote ${buildRuleIndex()}`);
  await build({ ...BUNDLE_OPTIONS, entryPoints: ['src/index.ts'], outfile: 'dist/index.js' });
  await build({
    ...BUNDLE_OPTIONS,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node\n' + BUNDLE_OPTIONS.banner.js }
  });
}

// Run when called as a script; importing it (the benchmark does) only reads the options.
if (import.meta.url === pathToFileURL(process.argv[1]).href) await bundle();
