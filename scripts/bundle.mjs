// Builds dist/index.js (the action) and dist/cli.js (the CLI) from src/ with esbuild.
// Deterministic output: CI rebuilds and compares with the committed dist/.
import { build } from 'esbuild';
import { buildValidators } from './build-validators.mjs';

// The schemas' precompiled validators first: the bundles import them, nothing compiles a schema at run time.
for (const file of buildValidators()) console.log(`wrote ${file}`);

const common = {
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

await build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/index.js' });
await build({ ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node\n' + common.banner.js } });
