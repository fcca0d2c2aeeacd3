/** The pure helpers of src/github: diff lines, markers, the cards filter, the comment size guard. */
import { cardMatcher, commentableLines } from '../../src/github/pr.js';
import { COMMENT_LIMIT, commentBody, encodeHeader, isOwnAuthor, markerFor, ownComments } from '../../src/github/comment.js';
import { inlineCandidates, MAX_REVIEW_COMMENTS } from '../../src/github/review.js';
import { pullRequestOf } from '../../src/github/context.js';
import type { Report } from '../../src/types.js';

describe('commentableLines', () => {
  test('added and context lines of every hunk, never removed lines', () => {
    const patch = [
      '@@ -1,3 +1,4 @@',
      ' a',
      '-b',
      '+B',
      '+C',
      ' d',
      '@@ -20,2 +21,2 @@',
      ' x',
      '-y',
      '+Y',
      '\\ No newline at end of file'
    ].join('\n');
    expect([...commentableLines(patch)].sort((p, q) => p - q)).toEqual([1, 2, 3, 4, 21, 22]);
  });
  test('no patch (binary or too large): nothing is commentable', () => {
    expect(commentableLines(undefined).size).toBe(0);
    expect(commentableLines('Binary files differ').size).toBe(0);
  });
});

describe('markers', () => {
  test('the header is encoded so it can neither close the HTML comment nor collide', () => {
    expect(markerFor('')).toBe('<!-- model-release-gate: -->');
    expect(markerFor('gpu-a100')).toBe('<!-- model-release-gate:gpu-a100 -->');
    const evil = markerFor('x --> <img src=x onerror=alert(1)> --');
    expect(evil.slice(0, -4)).not.toMatch(/-->|<img/);
    expect(encodeHeader('a b')).not.toBe(encodeHeader('a%20b'));
    expect(markerFor('a')).not.toBe(markerFor('ab'));
    expect(markerFor('ab').includes(markerFor('a'))).toBe(false);
  });
  test('only our own identity matches; a person quoting the marker does not', () => {
    const marker = markerFor('');
    const identity = { logins: ['github-actions[bot]'], source: 'fallback' as const };
    const comments = [
      { id: 3, body: `${marker}\nours`, user: { login: 'github-actions[bot]' } },
      { id: 1, body: `> ${marker}`, user: { login: 'mallory' } },
      { id: 2, body: `${marker}\nolder`, user: { login: 'GitHub-Actions[bot]' } }
    ];
    expect(ownComments(comments, marker, identity).map((c) => c.id)).toEqual([2, 3]);
    expect(isOwnAuthor(null, identity)).toBe(false);
  });
  test('the body stays under the limit, without splitting a surrogate pair', () => {
    const body = commentBody('<!-- m -->', '😀'.repeat(40_000));
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toContain('job summary');
    expect(() => encodeURIComponent(body)).not.toThrow();
  });
});

describe('cardMatcher', () => {
  test('default globs, literal names and folders', () => {
    const byDefault = cardMatcher(undefined);
    expect(byDefault('README.md')).toEqual({ explicit: false });
    expect(byDefault('models/x/model-card.yaml')).toEqual({ explicit: false });
    expect(byDefault('models/x/notes.md')).toBeUndefined();
    const literal = cardMatcher(['cards/special.md', 'models']);
    expect(literal('cards/special.md')).toEqual({ explicit: true });
    expect(literal('models/a/README.md')).toEqual({ explicit: false });
    expect(literal('other/README.md')).toBeUndefined();
    expect(cardMatcher(['../outside/*.md'])('../outside/a.md')).toBeUndefined();
  });
});

describe('inlineCandidates', () => {
  test('only errors and warnings on lines in the diff, unwaived, deduplicated', () => {
    const findings = [
      { rule: 'r1', severity: 'notice' as const, message: 'n', line: 2, column: 1 },
      { rule: 'r2', severity: 'error' as const, message: 'e', line: 3, column: 1 },
      { rule: 'r2', severity: 'error' as const, message: 'e again', line: 3, column: 5 },
      { rule: 'r3', severity: 'error' as const, message: 'outside', line: 9, column: 1 },
      { rule: 'r4', severity: 'warning' as const, message: 'waived', line: 2, column: 1, waived: { reason: 'ok' } }
    ];
    const report: Report = {
      version: 1,
      result: 'fail',
      summary: { cards: 1, errors: 3, warnings: 0, notices: 1, waived: 1 },
      cards: [{ path: 'm/README.md', licence: null, access: null, opennessClass: null, artefacts: {}, findings }]
    };
    const out = inlineCandidates(report, new Map([['m/README.md', new Set([1, 2, 3])]]));
    expect(out.map((c) => `${c.rule}@${c.line}`)).toEqual(['r2@3']);
    expect(MAX_REVIEW_COMMENTS).toBe(30);
  });
});

describe('pullRequestOf', () => {
  const pr = (headRepo: unknown) => ({
    pull_request: { number: 3, head: { sha: 'h', repo: headRepo }, base: { sha: 'b', repo: { full_name: 'acme/models' } } }
  });
  test('forks by head.repo.full_name; a deleted fork (head.repo null) is still a fork', () => {
    expect(pullRequestOf('pull_request', pr({ full_name: 'acme/models' }))?.fromFork).toBe(false);
    expect(pullRequestOf('pull_request_target', pr({ full_name: 'someone/models' }))?.fromFork).toBe(true);
    expect(pullRequestOf('pull_request', pr(null))?.fromFork).toBe(true);
    expect(pullRequestOf('push', pr({ full_name: 'acme/models' }))).toBeUndefined();
  });
});
