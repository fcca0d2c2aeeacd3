/** --hub-lookup against a local Hub on 127.0.0.1: facts reach the rules, the token is sent but never printed. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { goodCard, removeWorkspace, runCliAsync, workspace, type JsonReport } from './harness.js';

const TOKEN = 'hf_cliCanaryToken0123456789';
const requests: { url: string; auth?: string }[] = [];
let server: Server;
let hubUrl: string;
let dir: string;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    requests.push({ url: req.url ?? '', auth: req.headers.authorization });
    if (req.url?.startsWith('/api/models/acme/base')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'acme/base', cardData: { license: 'cc-by-nc-4.0' }, tags: ['license:cc-by-nc-4.0'] }));
    } else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"Repository not found"}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hubUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = workspace({
    'm/README.md': goodCard().replace('license: apache-2.0', 'license: apache-2.0\nbase_model: acme/base\nbase_model_relation: finetune')
  });
});
afterAll(async () => {
  removeWorkspace(dir);
  await new Promise((resolve) => server.close(resolve));
});

it('makes no request without --hub-lookup', async () => {
  requests.length = 0;
  const run = await runCliAsync(['check', '--format', 'json', '--hub-url', hubUrl], dir, { HF_TOKEN: TOKEN });
  expect([0, 1]).toContain(run.status);
  expect(requests).toEqual([]);
});

it('looks the base model up, sends the token and never prints it', async () => {
  requests.length = 0;
  const run = await runCliAsync(['check', '--format', 'json', '--hub-lookup', '--hub-url', hubUrl], dir, { HF_TOKEN: TOKEN });
  expect(requests.some((r) => r.url.startsWith('/api/models/acme/base') && r.auth === `Bearer ${TOKEN}`)).toBe(true);
  const report = JSON.parse(run.stdout) as JsonReport;
  // The base is non-commercial: relicensing its fine-tune as Apache-2.0 drops that.
  expect(report.cards[0].findings.map((f) => f.rule)).toContain('licence-inherited-conflict');
  expect(run.status).toBe(1);
  for (const format of ['text', 'markdown', 'sarif']) {
    const other = await runCliAsync(['check', '--format', format, '--hub-lookup', '--hub-url', hubUrl], dir, { HF_TOKEN: TOKEN });
    expect(other.stdout + other.stderr).not.toContain(TOKEN);
  }
  expect(run.stdout + run.stderr).not.toContain(TOKEN);
});

it('a Hub that cannot be reached becomes a note, not a failure of the tool', async () => {
  const run = await runCliAsync(['check', '--format', 'json', '--hub-lookup', '--hub-url', 'http://127.0.0.1:9'], dir);
  expect([0, 1]).toContain(run.status);
  expect((JSON.parse(run.stdout) as JsonReport).notes?.length).toBeGreaterThan(0);
});
