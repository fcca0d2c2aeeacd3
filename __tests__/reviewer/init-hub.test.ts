/** `init --hub-lookup`: the base model's licence according to a local Hub (127.0.0.1) is noted in the block. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeHub } from '../hub/hub-server.js';
import { CLI, requireBundle } from '../cli/harness.js';

const CARD =
  '---\nbase_model: acme/base-model\ndatasets: [acme/chats]\nextra_gated_prompt: Tell us who you are.\ngated: manual\n---\n# m\n';

function run(args: string[], cwd: string): Promise<number | null> {
  requireBundle();
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 }, (error) =>
      resolve(error ? ((error as { code?: number }).code ?? null) : 0)
    );
  });
}

test('init fills gating, datasets and the base model licence from the Hub; a second run changes nothing', async () => {
  const hub = new FakeHub().model('acme/base-model', { license: 'cc-by-nc-4.0' });
  const url = await hub.start();
  const dir = mkdtempSync(path.join(tmpdir(), 'mrg-init-hub-'));
  try {
    writeFileSync(path.join(dir, 'README.md'), CARD);
    expect(await run(['init', '--hub-lookup', '--hub-url', url, 'README.md'], dir)).toBe(0);
    const text = readFileSync(path.join(dir, 'README.md'), 'utf8');
    expect(text.startsWith(CARD.slice(0, CARD.indexOf('---\n# m')))).toBe(true);
    expect(text.endsWith('---\n# m\n')).toBe(true);
    expect(text).toContain(
      "  access: gated  # from the card's Hub gating fields\n  access_details:\n    approval: manual\n    conditions: TODO\n"
    );
    expect(text).toContain('  # base model: acme/base-model (licence cc-by-nc-4.0 according to the Hub)\n');
    expect(text).toMatch(/training_data: \{ status: TODO \} {2}# released \| withheld \| not-applicable; datasets: acme\/chats\n/);
    expect(await run(['init', '--hub-lookup', '--hub-url', url, 'README.md'], dir)).toBe(0);
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe(text);
  } finally {
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
