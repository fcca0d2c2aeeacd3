/**
 * Tokens are never printed: the CLI runs with HF_TOKEN and GITHUB_TOKEN set against Hub URLs that
 * are dead, fail, or echo the request headers back, and neither token may appear in any output.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cliBundled, runCli } from './cli-harness.js';

const HF_TOKEN = 'hf_canaryTOKEN0123456789abcdef';
const GITHUB_TOKEN = 'ghs_canaryTOKEN0123456789abcdef';

let dir: string;
let echo: Server;
let echoUrl: string;
let deadUrl: string;

const listen = (server: Server): Promise<string> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mrg-secrets-'));
  mkdirSync(path.join(dir, 'm'));
  writeFileSync(
    path.join(dir, 'm', 'README.md'),
    '---\nlicense: apache-2.0\nbase_model: org/base\nbase_model_relation: finetune\n---\n# M\n'
  );
  // A hostile or broken Hub: answers with the request's own headers, as an error or as bad JSON.
  let n = 0;
  echo = createServer((req, res) => {
    const headers = JSON.stringify(req.headers);
    n++;
    if (n % 3 === 0) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(`{"id": "org/base", "cardData": ${headers}, "oops"`);
    } else if (n % 3 === 1) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`internal error; you sent ${headers}`);
    } else {
      res
        .writeHead(401, { 'content-type': 'application/json', 'www-authenticate': String(req.headers.authorization) })
        .end(JSON.stringify({ error: `bad token ${req.headers.authorization}` }));
    }
  });
  echoUrl = await listen(echo);
  // A port that was just free: connections are refused.
  const probe = createServer();
  deadUrl = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
});

afterAll(async () => {
  await new Promise((resolve) => echo.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const maybe = cliBundled() ? describe : describe.skip;

maybe('tokens in the environment', () => {
  it.each([
    ['a dead port', (): string => deadUrl],
    ['a Hub that echoes the request headers in errors', (): string => echoUrl]
  ])(
    'never appear in any output with --hub-lookup against %s',
    async (_name, url) => {
      for (const format of ['text', 'json', 'markdown', 'sarif']) {
        const run = await runCli(['check', '--format', format, '--hub-lookup', '--hub-url', url()], dir, {
          HF_TOKEN,
          GITHUB_TOKEN,
          GH_TOKEN: GITHUB_TOKEN
        });
        expect(run.signal).toBeNull();
        expect([0, 1]).toContain(run.status);
        for (const stream of [run.stdout, run.stderr]) {
          expect(stream).not.toContain(HF_TOKEN);
          expect(stream).not.toContain(GITHUB_TOKEN);
          expect(stream).not.toContain('canaryTOKEN');
        }
      }
    },
    120_000
  );
});
