/**
 * The policy of a pull request run comes from the PR's BASE commit, read through the contents API:
 * the workspace (and under pull_request the head) is the PR's own code, so reading the policy there
 * would let a PR waive its own findings or turn rules off. A policy the PR changes is validated too,
 * but only reported on: it takes effect after merge.
 */
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { MAX_POLICY_BYTES, parsePolicy, PolicyError, type PolicyProblem } from '../policy/load.js';
import { defaultPolicy } from '../policy/defaults.js';
import type { Policy } from '../types.js';
import type { GitHubClient, RepoRef } from './client.js';
import type { PullRequestRef } from './context.js';
import { fetchEntryAt, type ChangedFile, type FetchedEntry } from './pr.js';

/** The base policy could not be fetched at all: the run stops rather than fall back to the PR's copy. */
export class PolicySourceError extends Error {}

/** A problem in the base branch's policy; the message says that it must be mended on the base branch. */
export class BasePolicyError extends PolicyError {
  constructor(inner: PolicyError, baseSha: string) {
    super(inner.file, inner.problems);
    this.message += `\nThis is the policy of the pull request's base commit ${baseSha.slice(0, 7)}: in a pull request the gate always uses the base branch's policy, so mend it there (a fix proposed in this pull request takes effect only after merge).`;
  }
}

/** An annotation on the proposed policy file; never fails the gate. */
export interface PolicyAnnotation {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface PullRequestPolicy {
  policy: Policy;
  /** For the log, the summary and the PR comment. */
  notes: string[];
  /** Warnings on the proposed (head) policy file. */
  annotations: PolicyAnnotation[];
}

export interface PullRequestPolicyOptions {
  client: GitHubClient;
  repo: RepoRef;
  pr: PullRequestRef;
  workspace: string;
  /** Repository-relative path of the policy file, with `/`. */
  file: string;
  /** True when the `policy` input named a file other than the default: it must exist at the base. */
  explicit: boolean;
  /** The PR's changed files, when they could be listed. */
  changed?: ChangedFile[];
  /** Read the proposed policy from the head commit through the API (pull_request_target) instead of the workspace. */
  headFromApi: boolean;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function fileProblem(file: string, message: string): PolicyError {
  return new PolicyError(file, [{ line: 1, column: 1, key: '(file)', message }]);
}

/** Policy text out of a fetched entry: the text, null when missing, or a PolicyError / reason string. */
function textOf(entry: FetchedEntry, file: string): string | null | PolicyError | { reason: string } {
  if (entry.kind === 'missing') return null;
  if (entry.kind === 'error') return { reason: entry.reason };
  if (entry.kind === 'other')
    return fileProblem(file, `the policy path is a ${entry.type === 'dir' ? 'folder' : entry.type}, not a regular file.`);
  try {
    return decoder.decode(entry.bytes);
  } catch {
    return fileProblem(file, 'the policy file is not UTF-8 text.');
  }
}

/** The proposed policy in the workspace, with the same refusals as the policy loader. */
async function readWorkspaceText(workspace: string, file: string): Promise<FetchedEntry> {
  const absolute = path.join(workspace, ...file.split('/'));
  let info;
  try {
    info = await lstat(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    return { kind: 'error', reason: `it cannot be read (${code ?? (error as Error).message})` };
  }
  if (info.isSymbolicLink()) return { kind: 'error', reason: 'it is a symbolic link, which is never followed' };
  if (info.isDirectory()) return { kind: 'other', type: 'dir' };
  if (!info.isFile()) return { kind: 'other', type: 'special file' };
  if (info.size > MAX_POLICY_BYTES) return { kind: 'error', reason: `it is over the size limit of ${MAX_POLICY_BYTES} bytes` };
  return { kind: 'file', bytes: await readFile(absolute) };
}

function describeProblems(problems: PolicyProblem[], file: string): string {
  const shown = problems.slice(0, 3).map((p) => `${file}:${p.line}:${p.column}: ${p.key === '(file)' ? '' : `${p.key}: `}${p.message}`);
  if (problems.length > 3) shown.push(`and ${problems.length - 3} more (see the annotations)`);
  return shown.join('; ');
}

/** Reads the policy of a pull request from its base commit, and reports on a policy the PR proposes. */
export async function loadPullRequestPolicy(options: PullRequestPolicyOptions): Promise<PullRequestPolicy> {
  const { client, repo, pr, file } = options;
  const short = pr.baseSha.slice(0, 7);
  const notes: string[] = [];
  const annotations: PolicyAnnotation[] = [];

  const base = textOf(await fetchEntryAt(client, repo, file, pr.baseSha, MAX_POLICY_BYTES), file);
  if (base instanceof PolicyError) throw new BasePolicyError(base, pr.baseSha);
  if (base !== null && typeof base === 'object') {
    throw new PolicySourceError(
      `The policy file ${file} could not be read from the pull request's base commit ${short}: ${base.reason}. In a pull request the policy comes from the base branch, never from the pull request's own copy; check that the workflow grants \`contents: read\` and run it again.`
    );
  }
  let policy: Policy;
  if (base === null) {
    if (options.explicit) {
      throw new BasePolicyError(
        fileProblem(
          file,
          "the policy file named by the `policy` input does not exist on the pull request's base commit. A policy added by a pull request takes effect only after merge: merge it first, or leave the `policy` input unset to use the defaults until then."
        ),
        pr.baseSha
      );
    }
    policy = defaultPolicy();
  } else {
    try {
      policy = parsePolicy(base, file);
    } catch (error) {
      throw error instanceof PolicyError ? new BasePolicyError(error, pr.baseSha) : error;
    }
  }

  // Did the PR touch the policy? From the file list when there is one; else by comparing texts.
  const entry = options.changed?.find((f) => f.filename === file || f.previousFilename === file);
  if (options.changed && !entry) return { policy, notes, annotations };
  const removed = entry !== undefined && (entry.status === 'removed' || entry.filename !== file);
  if (removed) {
    const after = options.explicit
      ? 'the `policy` input will then name a missing file and the step will fail'
      : 'the built-in defaults apply';
    notes.push(
      `This pull request removes the policy file \`${file}\`. The gate used the base branch's version (commit ${short}); after merge, ${after}.`
    );
    return { policy, notes, annotations };
  }

  const headEntry = options.headFromApi
    ? await fetchEntryAt(client, repo, file, pr.headSha, MAX_POLICY_BYTES)
    : await readWorkspaceText(options.workspace, file);
  const head = textOf(headEntry, file);
  if (!entry && (head === base || (head === null && base === null))) return { policy, notes, annotations };
  const used =
    base === null
      ? 'The gate used the built-in defaults, as the base branch has no policy file'
      : `The gate used the base branch's version (commit ${short})`;
  const what = base === null ? 'adds' : 'changes';
  const lead = `This pull request ${what} the policy file \`${file}\`. ${used}; the proposed policy takes effect only after merge.`;
  if (head === null) {
    notes.push(`${lead} The proposed version was not found, so it was not validated.`);
  } else if (typeof head === 'object' && !(head instanceof PolicyError)) {
    notes.push(`${lead} The proposed version could not be read (${head.reason}), so it was not validated.`);
  } else {
    let problem: PolicyError | undefined = head instanceof PolicyError ? head : undefined;
    if (typeof head === 'string') {
      try {
        parsePolicy(head, file);
      } catch (error) {
        if (!(error instanceof PolicyError)) throw error;
        problem = error;
      }
    }
    if (problem) {
      notes.push(
        `${lead} The proposed version is invalid and would fail every run after merge; fix it before merging: ${describeProblems(problem.problems, file)}.`
      );
      for (const p of problem.problems) {
        annotations.push({
          file,
          line: p.line,
          column: p.column,
          message: `policy (proposed in this pull request, not yet in force): ${p.key === '(file)' ? '' : `${p.key}: `}${p.message}`
        });
      }
    } else {
      notes.push(`${lead} The proposed version is valid.`);
    }
  }
  return { policy, notes, annotations };
}
