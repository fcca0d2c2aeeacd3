/** --base with a file argument: a card with no base version found says where it was looked for. */
import { goodCard, removeWorkspace, runCli, workspace, type JsonReport } from './harness.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeWorkspace));

it('notes the looked-up path when a named file has no base version', () => {
  const dir = workspace({ 'new/models/a/README.md': goodCard('apache-2.0'), 'old/models/a/README.md': goodCard('mit') });
  dirs.push(dir);
  const run = runCli(['check', 'new/models/a/README.md', '--base', 'old', '--format', 'json'], dir);
  const report = JSON.parse(run.stdout) as JsonReport;
  expect(report.notes ?? []).toContain(
    'No base version of new/models/a/README.md was found at old/new/models/a/README.md (missing or unreadable), so it was not compared with a previous version (licence-changed, access-widened).'
  );
  // Found: no note, and the change is reported.
  const found = runCli(['check', 'models/a/README.md', '--base', '../old', '--format', 'json'], `${dir}/new`);
  const ok = JSON.parse(found.stdout) as JsonReport;
  expect(ok.notes ?? []).toEqual([]);
  expect(ok.cards[0].findings.map((f) => f.rule)).toContain('licence-changed');
});
