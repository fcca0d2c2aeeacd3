/**
 * The action: inputs → cards → (hub lookup) → policy → engine → summary, annotations, outputs,
 * report files → PR comment and review. The only module that talks to the runner, through an
 * injected Runner (@actions/core on a runner, a plain fake in unit tests) and an injected client
 * factory (@actions/github's getOctokit). The verdict comes from the findings alone: a comment or
 * review that cannot be written (a fork PR's read-only token) costs a log line and a note, never the gate.
 */
import path from 'node:path';
import { splitPatterns } from './card/discover.js';
import { isInside } from './gather.js';
import { collectReport, runPipeline, sourcesOf } from './pipeline.js';
import { createClient, describeError, isPermissionError, type ClientOptions, type GitHubClient } from './github/client.js';
import { neutraliseMarkers, syncComment, resolveIdentity, type CommentMode, type Identity } from './github/comment.js';
import { EventError, readContext, type RunContext } from './github/context.js';
import { loadPullRequestPolicy, PolicySourceError } from './github/policy.js';
import { selectPullRequestCards, selectWorkspaceCards, type CardSelection } from './github/pr.js';
import { postReview } from './github/review.js';
import { actionsRunner, type Runner } from './github/runner.js';
import { DEFAULT_POLICY_PATH } from './policy/defaults.js';
import { loadPolicy, PolicyError } from './policy/load.js';
import { chooseRecordFormat, RecordInputError, recordOptionsFromEnv, writeRecordFile } from './report/bom.js';
import { escapeMarkdownText } from './report/escape.js';
import { fileReporter } from './report/file.js';
import { jsonReporter } from './report/json.js';
import { markdownReporter, renderMarkdown } from './report/markdown.js';
import { sarifReporter } from './report/sarif.js';
import type { FailOn, Finding, Policy, Report, Severity } from './types.js';

/** GitHub drops a step summary over 1 MiB entirely; stay well below it. */
const SUMMARY_LIMIT_BYTES = 1024 * 1024 - 16 * 1024;

/** What the action needs from outside: the runner, the run's context and a GitHub client. */
export interface ActionPorts {
  runner: Runner;
  readContext: () => Promise<RunContext>;
  createClient: (options: ClientOptions) => Promise<GitHubClient>;
  env: NodeJS.ProcessEnv;
}

/** A problem with the step's configuration: reported as such, without a stack trace. */
class ConfigError extends Error {}

interface Inputs {
  patterns?: string[];
  allCards: boolean;
  policy: string;
  token: string;
  comment: CommentMode;
  review: boolean;
  header: string;
  failOn: FailOn;
  sarifFile: string;
  hubLookup: boolean;
  hubUrl: string;
  bomFile: string;
  bomFormat: string;
}

function choice<T extends string>(runner: Runner, name: string, allowed: readonly T[], fallback: T): T {
  const value = runner.getInput(name).toLowerCase();
  if (value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`Input \`${name}\` is \`${value}\`; use one of ${allowed.map((a) => `\`${a}\``).join(', ')}.`);
}

/** A boolean input (getBooleanInput's YAML 1.2 core schema); empty keeps the default. */
function flag(runner: Runner, name: string, fallback: boolean): boolean {
  const value = runner.getInput(name);
  if (value === '') return fallback;
  try {
    return runner.getBooleanInput(name);
  } catch {
    throw new ConfigError(
      `Input \`${name}\` is \`${value}\`; use \`true\` or \`false\` (YAML 1.2 core schema: true, True, TRUE, false, False, FALSE).`
    );
  }
}

function readInputs(runner: Runner, env: NodeJS.ProcessEnv): Inputs {
  const cards = runner.getInput('cards');
  return {
    patterns: cards ? splitPatterns(cards) : undefined,
    allCards: flag(runner, 'all-cards', false),
    policy: runner.getInput('policy'),
    token: runner.getInput('github-token') || env.GITHUB_TOKEN || '',
    comment: choice(runner, 'comment', ['always', 'on-findings', 'never'] as const, 'always'),
    review: flag(runner, 'review', true),
    header: runner.getInput('comment-header'),
    failOn: choice(runner, 'fail-on', ['error', 'warning', 'never'] as const, 'error'),
    sarifFile: runner.getInput('sarif-file'),
    // action.yml's default is true (contract 1.3); an empty input means the default.
    hubLookup: flag(runner, 'hub-lookup', true),
    hubUrl: runner.getInput('hub-url') || 'https://huggingface.co',
    bomFile: runner.getInput('bom-file'),
    bomFormat: runner.getInput('bom-format')
  };
}

/** TEST-ONLY: MRG_RETRY_BASE_MS shortens retry waits so end-to-end tests stay fast. */
function retryBaseMs(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.MRG_RETRY_BASE_MS;
  if (!raw) return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Resolves a path input against the workspace; refuses to leave it. */
function insideWorkspace(workspace: string, file: string, input: string): string {
  const absolute = path.resolve(workspace, file);
  if (!isInside(workspace, absolute)) throw new ConfigError(`Input \`${input}\` (${file}) points outside the workspace.`);
  return absolute;
}

const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'notice'];

/** One annotation per unwaived finding, most severe first (GitHub shows 10 per severity per step). */
function annotate(runner: Runner, report: Report): void {
  const all: { path: string; finding: Finding }[] = [];
  for (const card of report.cards) for (const finding of card.findings) if (!finding.waived) all.push({ path: card.path, finding });
  all.sort((a, b) => SEVERITY_ORDER.indexOf(a.finding.severity) - SEVERITY_ORDER.indexOf(b.finding.severity));
  for (const { path: file, finding } of all) {
    runner.annotate(finding.severity, `${finding.rule}: ${finding.message}`, {
      title: `model-release-gate: ${finding.rule}`,
      file,
      startLine: finding.line,
      startColumn: finding.column
    });
  }
  for (const severity of SEVERITY_ORDER) {
    const n = all.filter((a) => a.finding.severity === severity).length;
    if (n > 10) runner.info(`${n} ${severity} findings: GitHub shows the first 10 as annotations; the job summary lists them all.`);
  }
}

async function selectCards(ctx: RunContext, inputs: Inputs, client: GitHubClient | undefined, notes: string[]): Promise<CardSelection> {
  const base = { workspace: ctx.workspace, patterns: inputs.patterns, allCards: inputs.allCards };
  const pr = ctx.pullRequest;
  if (pr && ctx.repo && client) {
    try {
      return await selectPullRequestCards({ ...base, client, repo: ctx.repo, pr, headFromApi: ctx.eventName === 'pull_request_target' });
    } catch (error) {
      notes.push(
        `The pull request's changed files could not be listed (${describeError(error)}); every card in the workspace was checked instead.`
      );
    }
  } else if (pr && !client) {
    notes.push('No GitHub token was given, so the pull request could not be read; every card in the workspace was checked instead.');
  }
  return selectWorkspaceCards(base);
}

function reportFilePath(header: string, workspace: string, env: NodeJS.ProcessEnv): string {
  const dir = env.RUNNER_TEMP || workspace;
  const suffix = header ? `-${header.replace(/[^A-Za-z0-9_.-]+/g, '_')}` : '';
  return path.join(dir, `model-release-gate${suffix}-report.json`);
}

async function main(ports: ActionPorts): Promise<void> {
  const { runner, env } = ports;
  const inputs = readInputs(runner, env);
  runner.setSecret(inputs.token);
  runner.setSecret(env.HF_TOKEN ?? '');
  const ctx = await ports.readContext();
  const log = (m: string): void => runner.info(m);
  const retryBase = retryBaseMs(env);
  // Only a pull request needs the API (its files, its base policy, the comment and the review).
  const client =
    inputs.token && ctx.pullRequest
      ? await ports.createClient({ token: inputs.token, baseUrl: ctx.apiUrl, log, retryBaseMs: retryBase })
      : undefined;
  const notes: string[] = [];

  const selection = await selectCards(ctx, inputs, client, notes);
  notes.push(...selection.notes);
  // Before the Hub lookup: a policy that cannot be used stops the run before any slow work.
  const policy = await readPolicy(runner, ctx, inputs, client, selection, notes);
  const sarifPath = inputs.sarifFile ? insideWorkspace(ctx.workspace, inputs.sarifFile, 'sarif-file') : undefined;
  const reportFile = reportFilePath(inputs.header, ctx.workspace, env);

  const sha = ctx.pullRequest?.headSha ?? ctx.sha;
  const repoPath = ctx.repo ? `${ctx.repo.owner}/${ctx.repo.repo}` : undefined;
  const linkBase = repoPath && sha ? `${ctx.serverUrl}/${repoPath}/blob/${sha}/` : undefined;
  const runUrl = repoPath && ctx.runId ? `${ctx.serverUrl}/${repoPath}/actions/runs/${ctx.runId}` : undefined;
  const header = inputs.header || undefined;
  const requiredArtefacts = policy.artefacts.required;

  const collected = collectReport();
  const summaryParts: string[] = [];
  const summaryReporter = markdownReporter((chunk) => void summaryParts.push(chunk), {
    header,
    linkBase,
    requiredArtefacts,
    maxLength: 900_000,
    maxBytes: SUMMARY_LIMIT_BYTES
  });
  const files = [fileReporter(reportFile, jsonReporter)];
  if (sarifPath) files.push(fileReporter(sarifPath, sarifReporter));
  await runPipeline(
    {
      cards: sourcesOf(selection.cards),
      policy,
      bases: selection.bases,
      hub: inputs.hubLookup ? { hubUrl: inputs.hubUrl, token: env.HF_TOKEN || undefined } : undefined,
      failOn: inputs.failOn,
      records: inputs.bomFile !== '',
      notes
    },
    [collected.reporter, summaryReporter, ...files.map((f) => f.reporter)]
  );
  for (const f of files) await f.done;
  const report = collected.report();
  for (const note of report.notes ?? []) runner.info(note);
  // Release record (contract 1.7): src/report/bom.ts writes it; the path is checked against the workspace.
  if (inputs.bomFile) {
    const bomPath = insideWorkspace(ctx.workspace, inputs.bomFile, 'bom-file');
    try {
      // The release's version: the PR's head commit (not the merge commit GITHUB_SHA names), unless MRG_BOM_VERSION says.
      const options = recordOptionsFromEnv({ ...env, GITHUB_SHA: ctx.pullRequest?.headSha ?? ctx.sha ?? env.GITHUB_SHA });
      runner.setOutput(
        'bom',
        await writeRecordFile(ctx.workspace, bomPath, chooseRecordFormat(inputs.bomFormat, bomPath), report, options)
      );
    } catch (error) {
      throw error instanceof RecordInputError ? new ConfigError(error.message) : error;
    }
  }

  annotate(runner, report);
  const { summary } = report;
  runner.setOutput('result', report.result);
  runner.setOutput('errors', summary.errors);
  runner.setOutput('warnings', summary.warnings);
  runner.setOutput('notices', summary.notices);
  runner.setOutput('report', reportFile);
  runner.setOutput('cards', summary.cards);

  // Card text that looks like a sticky-comment marker must not reach any body the action writes.
  await runner.appendSummary(neutraliseMarkers(summaryParts.join('')));

  const reportingNotes = await reportOnPullRequest(ctx, inputs, client, report, selection, {
    header,
    linkBase,
    runUrl,
    retryBase,
    requiredArtefacts,
    log
  });
  // A reporting failure never flips the verdict, but the step says that reporting was incomplete.
  runner.setOutput('reporting', reportingNotes.length === 0 ? 'complete' : 'incomplete');
  if (reportingNotes.length > 0) {
    await runner.appendSummary(
      neutraliseMarkers(`\n### Reporting notes\n\n${reportingNotes.map((n) => `- ${escapeMarkdownText(n)}`).join('\n')}\n`)
    );
  }

  const counts = `${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.notices} notice(s) in ${summary.cards} card(s)`;
  if (report.result === 'fail') {
    runner.setFailed(`The model release gate failed (fail-on: ${inputs.failOn}): ${counts}.`);
  } else {
    runner.info(`The model release gate passed (fail-on: ${inputs.failOn}): ${counts}.`);
  }
}

/**
 * The policy in force. In a pull request it comes from the base commit through the API (a PR must not
 * be able to relax its own gate); elsewhere from the workspace, which is then the branch being checked.
 */
async function readPolicy(
  runner: Runner,
  ctx: RunContext,
  inputs: Inputs,
  client: GitHubClient | undefined,
  selection: CardSelection,
  notes: string[]
): Promise<Policy> {
  const explicit = inputs.policy !== '' && path.normalize(inputs.policy) !== path.normalize(DEFAULT_POLICY_PATH);
  const absolute = explicit ? insideWorkspace(ctx.workspace, inputs.policy, 'policy') : path.join(ctx.workspace, DEFAULT_POLICY_PATH);
  const pr = ctx.pullRequest;
  if (!pr) return loadPolicy(explicit ? absolute : undefined, absolute);
  if (!client || !ctx.repo) {
    throw new ConfigError(
      'In a pull request the policy is read from the base commit through the GitHub API, so that the pull request cannot change the policy that gates it; this needs `github-token` (the default `${{ github.token }}` with `contents: read` is enough).'
    );
  }
  const file = path.relative(ctx.workspace, absolute).split(path.sep).join('/');
  const result = await loadPullRequestPolicy({
    client,
    repo: ctx.repo,
    pr,
    workspace: ctx.workspace,
    file,
    explicit,
    changed: selection.changed,
    headFromApi: ctx.eventName === 'pull_request_target'
  });
  notes.push(...result.notes);
  for (const a of result.annotations) runner.annotate('warning', a.message, { file: a.file, startLine: a.line, startColumn: a.column });
  return result.policy;
}
interface ReportingContext {
  header?: string;
  linkBase?: string;
  runUrl?: string;
  retryBase?: number;
  requiredArtefacts: string[];
  log: (m: string) => void;
}

/** The PR comment and review. Every failure here becomes a note; none changes the verdict. */
async function reportOnPullRequest(
  ctx: RunContext,
  inputs: Inputs,
  client: GitHubClient | undefined,
  report: Report,
  selection: CardSelection,
  rc: ReportingContext
): Promise<string[]> {
  const pr = ctx.pullRequest;
  const notes: string[] = [];
  if (!pr || !ctx.repo || (inputs.comment === 'never' && !inputs.review)) return notes;
  if (!client) {
    notes.push('No GitHub token was given: the pull request comment and review were skipped.');
    return notes;
  }
  const explain = (what: string, error: unknown): void => {
    const why = isPermissionError(error)
      ? `the token may not write to this pull request (${describeError(error)})${pr.fromFork ? '; it comes from a fork, whose runs get a read-only token' : ''}. The findings are in this summary, the annotations and the outputs; see docs/github-action.md for the workflow_run recipe`
      : `the GitHub API failed (${describeError(error)})`;
    const note = `The ${what} was not written: ${why}.`;
    rc.log(note);
    notes.push(note);
  };
  let identity: Identity | undefined;
  const getIdentity = async (): Promise<Identity> => (identity ??= await resolveIdentity(client, rc.log));

  if (inputs.comment !== 'never') {
    try {
      // The comment an earlier run left tells this one what changed since (src/report/changes.ts).
      const body = (previous: string | undefined): string =>
        renderMarkdown(report, {
          header: rc.header,
          linkBase: rc.linkBase,
          summaryPointer: rc.runUrl,
          requiredArtefacts: rc.requiredArtefacts,
          maxLength: 65_536 - 200,
          trackChanges: true,
          previousComment: previous
        });
      const result = await syncComment(client, {
        repo: ctx.repo,
        issue: pr.number,
        header: inputs.header,
        body,
        mode: inputs.comment,
        hasFindings: report.summary.errors + report.summary.warnings > 0,
        worthCreating: report.cards.length > 0,
        identity: await getIdentity(),
        log: rc.log
      });
      rc.log(
        result.action === 'skipped' ? 'No pull request comment was needed.' : `Pull request comment ${result.action} (id ${result.id}).`
      );
    } catch (error) {
      explain('pull request comment', error);
    }
  }
  if (inputs.review) {
    try {
      const result = await postReview(client, {
        repo: ctx.repo,
        pull: pr.number,
        headSha: pr.headSha,
        header: inputs.header,
        report,
        commentable: selection.commentable,
        identity: await getIdentity(),
        log: rc.log,
        retryBaseMs: rc.retryBase
      });
      rc.log(
        `Review: ${result.posted} inline comment(s) posted, ${result.repeated} already there, ${result.deferred} over the limit of this run.`
      );
      if (result.rejected > 0)
        notes.push(
          `GitHub refused ${result.rejected} inline review comment(s) (HTTP 422); those findings are in the PR comment and this summary.`
        );
    } catch (error) {
      explain('pull request review', error);
    }
  }
  return notes;
}

/** The ports of a real run: @actions/core, @actions/github's context and getOctokit. */
export function defaultPorts(): ActionPorts {
  return { runner: actionsRunner(), readContext: () => readContext(), createClient, env: process.env };
}

/** Runs the action; every error ends as a failed step with a clear message, never a stack trace. */
export async function run(overrides: Partial<ActionPorts> = {}): Promise<void> {
  const ports = { ...defaultPorts(), ...overrides };
  const { runner, env } = ports;
  try {
    await main(ports);
  } catch (error) {
    if (error instanceof PolicyError) {
      // Each problem also as an annotation on the policy file, so the PR shows where to mend it.
      const workspace = env.GITHUB_WORKSPACE || process.cwd();
      const file = path.relative(workspace, path.resolve(workspace, error.file)).split(path.sep).join('/');
      for (const p of error.problems) {
        runner.annotate('error', `policy: ${p.key === '(file)' ? '' : `${p.key}: `}${p.message}`, {
          file,
          startLine: p.line,
          startColumn: p.column
        });
      }
      runner.setFailed(`model-release-gate: ${error.message}`);
    } else if (error instanceof ConfigError || error instanceof PolicySourceError || error instanceof EventError) {
      runner.setFailed(`model-release-gate: ${error.message}`);
    } else {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      runner.setFailed(`model-release-gate stopped on an internal error: ${error instanceof Error ? error.message : String(error)}`);
      runner.debug(detail);
    }
  }
}
