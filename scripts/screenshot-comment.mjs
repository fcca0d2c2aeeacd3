#!/usr/bin/env node
/* global document -- page.evaluate runs in the browser */
/**
 * Renders the PR comment the gate writes for one of the examples as GitHub renders markdown (GFM
 * with GitHub's stylesheet) and screenshots it with headless Chromium: docs/images/pr-comment.png.
 * Run it in the same change that alters the comment, so the README's picture stays current.
 *
 * Needs, outside the project's dependencies (they are only for this picture):
 *   apt-get install -y chromium
 *   npm install --no-save micromark micromark-extension-gfm github-markdown-css playwright-core
 * (or set SHOT_MODULES to a node_modules folder that has them), then `npm run bundle` and
 *   node scripts/screenshot-comment.mjs
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const modules = process.env.SHOT_MODULES ? path.resolve(process.env.SHOT_MODULES) : path.join(root, 'node_modules');
const require = createRequire(path.join(modules, 'noop.js'));
const load = async (name) => import(pathToFileURL(require.resolve(name)).href);

const { micromark } = await load('micromark');
const { gfm, gfmHtml } = await load('micromark-extension-gfm');
const playwright = await load('playwright-core');
const chromium = playwright.chromium ?? playwright.default.chromium;
const css = readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8');

// The comment exactly as `--format markdown` prints it (the action adds only hidden markers).
const cards = ['examples/llama-relabelled'];
let markdown;
try {
  markdown = execFileSync(process.execPath, [path.join(root, 'dist/cli.js'), 'check', '--format', 'markdown', ...cards], {
    cwd: root,
    encoding: 'utf8'
  });
} catch (error) {
  // Exit code 1 is the gate failing, which these examples do on purpose.
  if (error.status !== 1) throw error;
  markdown = error.stdout;
}

// GitHub allows the raw HTML the comment uses (<details>, <summary>, <sub>) and filters the rest.
const body = micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });
const html = `<!doctype html><html><head><meta charset="utf-8"><style>${css}
body { margin: 0; background: #fff; }
.frame { width: 900px; margin: 16px; border: 1px solid #d0d7de; border-radius: 6px; }
.frame header { background: #f6f8fa; border-bottom: 1px solid #d0d7de; padding: 8px 16px; font: 14px -apple-system, "Segoe UI", sans-serif; color: #57606a; }
.markdown-body { padding: 16px; font-size: 14px; }
</style></head><body><div class="frame"><header><b>github-actions</b> bot commented</header>
<article class="markdown-body">${body}</article></div></body></html>`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking']
});
try {
  const page = await browser.newPage({ viewport: { width: 940, height: 800 }, deviceScaleFactor: 1 });
  await page.setContent(html, { waitUntil: 'load' });
  // Open the first card's Why section, as a reviewer would.
  await page.evaluate(() => {
    const why = [...document.querySelectorAll('details')].find((d) => d.querySelector('summary')?.textContent?.startsWith('Why'));
    if (why) why.open = true;
  });
  mkdirSync(path.join(root, 'docs/images'), { recursive: true });
  const out = path.join(root, 'docs/images/pr-comment.png');
  await page.locator('.frame').screenshot({ path: out });
  console.log(`wrote ${path.relative(root, out)}`);
} finally {
  await browser.close();
}
