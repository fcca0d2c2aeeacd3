/**
 * The action: inputs → cards → (hub lookup) → policy → engine → summary, annotations, outputs,
 * report files → PR comment and review. The only module that talks to the runner (through
 * src/github/runner.ts, a small stand-in for @actions/core that keeps the bundle small).
 * The verdict comes from the findings alone: a comment or review that cannot be written (a fork PR's
 * read-only token) costs a log line and a note, never the gate.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { splitPatterns } from './card/discover.js';
import { check } from './engine.js';
import { createClient, describeError, isPermissionError, type GitHubClient } from './github/client.js';
import { neutraliseMarkers, syncComment, resolveIdentity, type CommentMode, type Identity } from './github/comment.js';
import { EventError, readContext, type RunContext } from './github/context.js';
import { loadPullRequestPolicy, PolicySourceError } from './github/policy.js';
import { selectPullRequestCards, selectWorkspaceCards, type CardSelection } from './github/pr.js';
import { postReview } from './github/review.js';
import * as core from './github/runner.js';
import { lookupAncestry } from './hub/lookup.js';
import { loadPolicy, PolicyError } from './policy/load.js';
import { escapeAnnotation, escapeMarkdownText } from './report/escape.js';
import { renderJson } from './report/json.js';
import { renderMarkdown } from './report/markdown.js';
import { renderSarif } from './report/sarif.js';
import type { FailOn, Finding, HubFacts, Policy, Report, Severity } from './types.js';

export const DEFAULT_POLICY_PATH = '.github/model-release-policy.yml';
/** GitHub drops a step summary over 1 MiB entirely; stay well below it. */
const SUMMARY_LIMIT_BYTES = 1024 * 1024 - 16 * 1024;

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
}

function choice<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const value = core.getInput(name).toLowerCase();
  if (value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`Input \`${name}\` is \`${value}\`; use one of ${allowed.map((a) => `\`${a}\``).join(', ')}.`);
}

/** A boolean input as the YAML 1.2 core schema spells it (as @actions/core's getBooleanInput). */
function flag(name: string, fallback: boolean): boolean {
  const value = core.getInput(name);
  if (value === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new ConfigError(`Input \`${name}\` is \`${value}\`; use \`true\` or \`false\` (YAML 1.2 core schema: true, True, TRUE, false, False, FALSE).`);
}

function readInputs(): Inputs {
  const cards = core.getInput('cards');
  return {
    patterns: cards ? splitPatterns(cards) : undefined,
    allCards: flag('all-cards', false),
    policy: core.getInput('policy'),
    token: core.getInput('github-token') || process.env.GITHUB_TOKEN || '',
    comment: choice('comment', ['always', 'on-findings', 'never'] as const, 'always'),
    review: flag('review', true),
    header: core.getInput('comment-header'),
    failOn: choice('fail-on', ['error', 'warning', 'never'] as const, 'error'),
    sarifFile: core.getInput('sarif-file'),
    hubLookup: flag('hub-lookup', false),
    hubUrl: core.getInput('hub-url') || 'https://huggingface.co'
  };
}

/** TEST-ONLY: MRG_RETRY_BASE_MS shortens retry waits so end-to-end tests stay fast. */
function retryBaseMs(): number | undefined {
  const raw = process.env.MRG_RETRY_BASE_MS;
  if (!raw) return undefined;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Resolves a path input against the workspace; refuses to leave it. */
function insideWorkspace(workspace: string, file: string, input: string): string {
  const absolute = path.resolve(workspace, file);
  const relative = path.relative(workspace, absolute);
  if (relative.startsWith('..') || path.isAbsolute(relative)) throw new ConfigError(`Input \`${input}\` (${file}) points outside the workspace.`);
  return absolute;
}

const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'notice'];

/** One annotation per unwaived finding, most severe first (GitHub shows 10 per severity per step). */
function annotate(report: Report): void {
  const all: { path: string; finding: Finding }[] = [];
  for (const card of report.cards) for (const finding of card.findings) if (!finding.waived) all.push({ path: card.path, finding });
  all.sort((a, b) => SEVERITY_ORDER.indexOf(a.finding.severity) - SEVERITY_ORDER.indexOf(b.finding.severity));
  for (const { path: file, finding } of all) {
    const title = escapeAnnotation(`model-release-gate: ${finding.rule}`, { property: true });
    const props = `file=${escapeAnnotation(file, { property: true })},line=${finding.line},col=${finding.column},title=${title}`;
    process.stdout.write(`::${finding.severity} ${props}::${escapeAnnotation(`${finding.rule}: ${finding.message}`)}\n`);
  }
  for (const severity of SEVERITY_ORDER) {
    const n = all.filter((a) => a.finding.severity === severity).length;
    if (n > 10) core.info(`${n} ${severity} findings: GitHub shows the first 10 as annotations; the job summary lists them all.`);
  }
}

async function writeSummary(markdown: () => string, shorter: (max: number) => string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  let text = markdown();
  // Characters are not bytes: shrink until the UTF-8 size fits.
  for (let max = 900_000; Buffer.byteLength(text, 'utf8') > SUMMARY_LIMIT_BYTES && max > 1000; max = Math.floor(max / 2)) text = shorter(max);
  text = neutraliseMarkers(text);
  core.appendSummary(text.endsWith('\n') ? text : text + '\n');
}

async function selectCards(ctx: RunContext, inputs: Inputs, client: GitHubClient | undefined, notes: string[]): Promise<CardSelection> {
  const base = { workspace: ctx.workspace, patterns: inputs.patterns, allCards: inputs.allCards };
  const pr = ctx.pullRequest;
  if (pr && ctx.repo && client) {
    try {
      return await selectPullRequestCards({ ...base, client, repo: ctx.repo, pr, headFromApi: ctx.eventName === 'pull_request_target' });
    } catch (error) {
      notes.push(`The pull request's changed files could not be listed (${describeError(error)}); every card in the workspace was checked instead.`);
    }
  } else if (pr && !client) {
    notes.push('No GitHub token was given, so the pull request could not be read; every card in the workspace was checked instead.');
  }
  return selectWorkspaceCards(base);
}

async function writeReportFile(report: Report, header: string, workspace: string): Promise<string> {
  const dir = process.env.RUNNER_TEMP || workspace;
  const suffix = header ? `-${header.replace(/[^A-Za-z0-9_.-]+/g, '_')}` : '';
  const file = path.join(dir, `model-release-gate${suffix}-report.json`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, renderJson(report));
  return file;
}

async function main(): Promise<void> {
  const inputs = readInputs();
  if (inputs.token) core.setSecret(inputs.token);
  if (process.env.HF_TOKEN) core.setSecret(process.env.HF_TOKEN);
  const ctx = await readContext();
  const log = (m: string): void => core.info(m);
  const retryBase = retryBaseMs();
  const client = inputs.token ? createClient({ token: inputs.token, baseUrl: ctx.apiUrl, log, retryBaseMs: retryBase }) : undefined;
  const notes: string[] = [];

  const selection = await selectCards(ctx, inputs, client, notes);
  notes.push(...selection.notes);
  // Before the Hub lookup: a policy that cannot be used stops the run before any slow work.
  const policy = await readPolicy(ctx, inputs, client, selection, notes);

  let hub: HubFacts = new Map();
  if (inputs.hubLookup) {
    try {
      const result = await lookupAncestry(selection.cards, { hubUrl: inputs.hubUrl, token: process.env.HF_TOKEN || undefined });
      hub = result.facts;
      notes.push(...result.notes);
    } catch (error) {
      notes.push(`The Hugging Face Hub lookup failed (${describeError(error)}); licences of base models were not looked up.`);
    }
  }

  const report = check({ cards: selection.cards, policy, bases: selection.bases, hub, failOn: inputs.failOn });
  const allNotes = [...notes, ...(report.notes ?? [])];
  if (allNotes.length > 0) report.notes = allNotes;
  for (const note of notes) core.info(note);

  const reportFile = await writeReportFile(report, inputs.header, ctx.workspace);
  if (inputs.sarifFile) {
    const sarifPath = insideWorkspace(ctx.workspace, inputs.sarifFile, 'sarif-file');
    await mkdir(path.dirname(sarifPath), { recursive: true });
    await writeFile(sarifPath, JSON.stringify(renderSarif(report), null, 2) + '\n');
  }

  annotate(report);
  const { summary } = report;
  core.setOutput('result', report.result);
  core.setOutput('errors', summary.errors);
  core.setOutput('warnings', summary.warnings);
  core.setOutput('notices', summary.notices);
  core.setOutput('report', reportFile);
  core.setOutput('cards', summary.cards);

  const sha = ctx.pullRequest?.headSha ?? ctx.sha;
  const repoPath = ctx.repo ? `${ctx.repo.owner}/${ctx.repo.repo}` : undefined;
  const linkBase = repoPath && sha ? `${ctx.serverUrl}/${repoPath}/blob/${sha}/` : undefined;
  const runUrl = repoPath && ctx.runId ? `${ctx.serverUrl}/${repoPath}/actions/runs/${ctx.runId}` : undefined;
  const header = inputs.header || undefined;
  const requiredArtefacts = policy.artefacts.required;
  await writeSummary(
    () => renderMarkdown(report, { header, linkBase, requiredArtefacts, maxLength: 900_000 }),
    (max) => renderMarkdown(report, { header, linkBase, requiredArtefacts, maxLength: max })
  );

  const reportingNotes = await reportOnPullRequest(ctx, inputs, client, report, selection, { header, linkBase, runUrl, retryBase, requiredArtefacts, log });
  // A reporting failure never flips the verdict, but the step says that reporting was incomplete.
  core.setOutput('reporting', reportingNotes.length === 0 ? 'complete' : 'incomplete');
  if (reportingNotes.length > 0 && process.env.GITHUB_STEP_SUMMARY) {
    core.appendSummary(`\n### Reporting notes\n\n${reportingNotes.map((n) => `- ${escapeMarkdownText(n)}`).join('\n')}\n`);
  }

  const counts = `${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.notices} notice(s) in ${summary.cards} card(s)`;
  if (report.result === 'fail') {
    core.info(`The model release gate failed (fail-on: ${inputs.failOn}): ${counts}.`);
    process.exitCode = 1;
  } else {
    core.info(`The model release gate passed (fail-on: ${inputs.failOn}): ${counts}.`);
  }
}

/**
 * The policy in force. In a pull request it comes from the base commit through the API (a PR must not
 * be able to relax its own gate); elsewhere from the workspace, which is then the branch being checked.
 */
async function readPolicy(ctx: RunContext, inputs: Inputs, client: GitHubClient | undefined, selection: CardSelection, notes: string[]): Promise<Policy> {
  const explicit = inputs.policy !== '' && path.normalize(inputs.policy) !== path.normalize(DEFAULT_POLICY_PATH);
  const absolute = explicit ? insideWorkspace(ctx.workspace, inputs.policy, 'policy') : path.join(ctx.workspace, DEFAULT_POLICY_PATH);
  const pr = ctx.pullRequest;
  if (!pr) return loadPolicy(explicit ? absolute : undefined, absolute);
  if (!client || !ctx.repo) {
    throw new ConfigError(
      "In a pull request the policy is read from the base commit through the GitHub API, so that the pull request cannot change the policy that gates it; this needs `github-token` (the default `${{ github.token }}` with `contents: read` is enough)."
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
  for (const a of result.annotations) {
    const props = `file=${escapeAnnotation(a.file, { property: true })},line=${a.line},col=${a.column}`;
    process.stdout.write(`::warning ${props}::${escapeAnnotation(a.message)}\n`);
  }
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
async function reportOnPullRequest(ctx: RunContext, inputs: Inputs, client: GitHubClient | undefined, report: Report, selection: CardSelection, rc: ReportingContext): Promise<string[]> {
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
      const body = renderMarkdown(report, {
        header: rc.header,
        linkBase: rc.linkBase,
        summaryPointer: rc.runUrl,
        requiredArtefacts: rc.requiredArtefacts,
        maxLength: 65_536 - 200
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
      rc.log(result.action === 'skipped' ? 'No pull request comment was needed.' : `Pull request comment ${result.action} (id ${result.id}).`);
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
      rc.log(`Review: ${result.posted} inline comment(s) posted, ${result.repeated} already there, ${result.deferred} over the limit of this run.`);
      if (result.rejected > 0) notes.push(`GitHub refused ${result.rejected} inline review comment(s) (HTTP 422); those findings are in the PR comment and this summary.`);
    } catch (error) {
      explain('pull request review', error);
    }
  }
  return notes;
}

export async function run(): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof PolicyError) {
      // Each problem also as an annotation on the policy file, so the PR shows where to mend it.
      const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
      const file = path.relative(workspace, path.resolve(workspace, error.file)).split(path.sep).join('/');
      for (const p of error.problems) {
        const props = `file=${escapeAnnotation(file, { property: true })},line=${p.line},col=${p.column}`;
        process.stdout.write(`::error ${props}::${escapeAnnotation(`policy: ${p.key === '(file)' ? '' : `${p.key}: `}${p.message}`)}\n`);
      }
      core.setFailed(`model-release-gate: ${error.message}`);
    } else if (error instanceof ConfigError || error instanceof PolicySourceError || error instanceof EventError) {
      core.setFailed(`model-release-gate: ${error.message}`);
    } else {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      core.setFailed(`model-release-gate stopped on an internal error: ${error instanceof Error ? error.message : String(error)}`);
      core.debug(detail);
    }
  }
}
