/**
 * A small stand-in for the GitHub REST API on 127.0.0.1, for end-to-end runs of dist/index.js.
 * It answers the endpoints the action uses, records every request, paginates like GitHub
 * (30 a page by default, at most 100, Link headers) and can be scripted to fail.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  /** The path as sent, with any Enterprise Server prefix. */
  rawPath: string;
  query: Record<string, string>;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

export interface User {
  login: string;
  type: 'User' | 'Bot';
}

export interface StoredComment {
  id: number;
  body: string;
  user: User;
}

export interface StoredReviewComment {
  id: number;
  path: string;
  line: number | null;
  original_line: number;
  body: string;
  user: User;
}

export interface PrFile {
  filename: string;
  status: 'added' | 'modified' | 'removed' | 'renamed';
  previous_filename?: string;
  patch?: string;
}

export interface Fault {
  method: string;
  /** Matched against the request path (no query). */
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** How many times it fires (default 1). */
  times?: number;
  /** Perform the request's effect before answering with the fault (a lost response). */
  applyFirst?: boolean;
}

export const BOT: User = { login: 'github-actions[bot]', type: 'Bot' };

export class FakeGitHub {
  requests: RecordedRequest[] = [];
  comments: StoredComment[] = [];
  reviewComments: StoredReviewComment[] = [];
  reviews: { id: number; commit_id: string; event: string; body: string; comments: unknown[] }[] = [];
  files = new Map<number, PrFile[]>();
  /** Contents by `${ref}:${path}`. */
  contents = new Map<string, string>();
  faults: Fault[] = [];
  /** What GET /user answers: a user, or 'forbidden' as for GITHUB_TOKEN. */
  user: User | 'forbidden' = 'forbidden';
  /** GraphQL viewer login, or null for "not available". */
  viewer: string | null = null;
  /** Who the token writes as. */
  actor: User = BOT;
  /** A path prefix every API path carries, as GitHub Enterprise Server's `/api/v3`. */
  prefix = '';
  /**
   * How lists paginate: `link` (GitHub: Link headers), `none` (no Link header at all: clients must
   * ask for the next page themselves and stop on a short one), `repeat` (a broken server: every page
   * answers the first page again, with a next link), `endless` (full pages of new filler items and a
   * next link forever).
   */
  paging: 'link' | 'none' | 'repeat' | 'endless' = 'link';
  /** `path:line` review anchors GitHub refuses with 422 although they look like diff lines. */
  refuse = new Set<string>();
  private nextId = 1000;
  private server?: Server;
  url = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  id(): number {
    return this.nextId++;
  }

  addComment(body: string, user: User = BOT): StoredComment {
    const c = { id: this.id(), body, user };
    this.comments.push(c);
    return c;
  }

  /** Requests as `METHOD /path` lines, for exact comparisons. */
  calls(): string[] {
    return this.requests.map((r) => `${r.method} ${r.path}`);
  }

  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET' && r.path !== '/graphql');
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(text);
  }

  private page<T>(res: ServerResponse, url: URL, items: T[]): void {
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page')) || 30));
    const page = Math.max(1, Number(url.searchParams.get('page')) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const links: string[] = [];
    const link = (p: number, rel: string): string => {
      const u = new URL(url.toString());
      u.searchParams.set('page', String(p));
      u.searchParams.set('per_page', String(perPage));
      return `<${this.url}${this.prefix}${u.pathname}${u.search}>; rel="${rel}"`;
    };
    if (this.paging === 'none') return this.send(res, 200, items.slice((page - 1) * perPage, page * perPage));
    if (this.paging === 'repeat') return this.send(res, 200, items.slice(0, perPage), { link: link(page + 1, 'next') });
    if (this.paging === 'endless') {
      const slice = page <= last ? items.slice((page - 1) * perPage, page * perPage) : [];
      const filler = Array.from({ length: perPage - slice.length }, (_, i) =>
        url.pathname.endsWith('/files')
          ? { filename: `filler/${page}/${i}.txt`, status: 'added' }
          : { id: 10_000_000 + page * 1000 + i, body: 'filler', user: { login: 'filler', type: 'User' } }
      );
      return this.send(res, 200, [...slice, ...filler], { link: link(page + 1, 'next') });
    }
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
    this.send(res, 200, items.slice((page - 1) * perPage, page * perPage), links.length ? { link: links.join(', ') } : {});
  }

  private handle(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const rawPath = url.pathname;
    if (this.prefix) {
      // Enterprise Server: everything lives under the prefix; a request without it is a client bug.
      if (!url.pathname.startsWith(this.prefix + '/')) {
        this.requests.push({
          method,
          path: rawPath,
          rawPath,
          query: Object.fromEntries(url.searchParams),
          body: raw,
          headers: req.headers
        });
        return this.send(res, 404, { message: `Not Found (missing ${this.prefix}): ${rawPath}` });
      }
      url.pathname = url.pathname.slice(this.prefix.length);
    }
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    this.requests.push({ method, path: url.pathname, rawPath, query: Object.fromEntries(url.searchParams), body, headers: req.headers });
    const fault = this.faults.find((f) => f.method === method && f.path.test(url.pathname) && (f.times ?? 1) > 0);
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.applyFirst)
        this.route(method, url, body, { writeHead: () => undefined, end: () => undefined } as unknown as ServerResponse);
      this.send(res, fault.status, fault.body ?? { message: `scripted ${fault.status}` }, fault.headers);
      return;
    }
    this.route(method, url, body, res);
  }

  private route(method: string, url: URL, body: unknown, res: ServerResponse): void {
    const p = url.pathname;
    const b = (body ?? {}) as Record<string, unknown>;
    let m: RegExpExecArray | null;
    if (method === 'GET' && p === '/user') {
      if (this.user === 'forbidden') return this.send(res, 403, { message: 'Resource not accessible by integration' });
      return this.send(res, 200, this.user);
    }
    if (method === 'POST' && p === '/graphql') {
      if (this.viewer === null) return this.send(res, 403, { message: 'Resource not accessible by integration' });
      return this.send(res, 200, { data: { viewer: { login: this.viewer } } });
    }
    if (method === 'GET' && (m = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/files$/.exec(p))) {
      return this.page(res, url, this.files.get(Number(m[1])) ?? []);
    }
    if (method === 'GET' && (m = /^\/repos\/[^/]+\/[^/]+\/contents\/(.+)$/.exec(p))) {
      const file = m[1].split('/').map(decodeURIComponent).join('/');
      const text = this.contents.get(`${url.searchParams.get('ref')}:${file}`);
      if (text === undefined) return this.send(res, 404, { message: 'Not Found' });
      const content = Buffer.from(text, 'utf8')
        .toString('base64')
        .replace(/(.{60})/g, '$1\n');
      return this.send(res, 200, { type: 'file', encoding: 'base64', size: Buffer.byteLength(text), path: file, content });
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(p))) {
      if (method === 'GET') return this.page(res, url, this.comments);
      if (method === 'POST') {
        const c = this.addComment(String(b.body), this.actor);
        return this.send(res, 201, c);
      }
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(p))) {
      const c = this.comments.find((x) => x.id === Number(m?.[1]));
      if (!c) return this.send(res, 404, { message: 'Not Found' });
      if (method === 'PATCH') {
        if (c.user.login !== this.actor.login) return this.send(res, 403, { message: 'You cannot edit this comment' });
        c.body = String(b.body);
        return this.send(res, 200, c);
      }
      if (method === 'DELETE') {
        this.comments = this.comments.filter((x) => x !== c);
        res.writeHead(204);
        return void res.end();
      }
    }
    if (method === 'GET' && (m = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/comments$/.exec(p))) {
      return this.page(res, url, this.reviewComments);
    }
    if (method === 'POST' && (m = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/reviews$/.exec(p))) {
      const files = this.files.get(Number(m[1])) ?? [];
      const comments = (Array.isArray(b.comments) ? b.comments : []) as { path: string; line: number; start_line?: number; body: string }[];
      for (const c of comments) {
        const file = files.find((f) => f.filename === c.path);
        // A multi-line comment (a suggestion over several lines): every line from start_line must be in the diff, as GitHub requires.
        if (c.start_line !== undefined && file) {
          const lines = newSideLines(file.patch);
          for (let n = c.start_line; n <= c.line; n++) {
            if (!lines.has(n) || c.start_line >= c.line)
              return this.send(res, 422, { message: 'Unprocessable Entity', errors: ['start_line must precede line, within the diff'] });
          }
        }
        if (this.refuse.has(`${c.path}:${c.line}`)) {
          return this.send(res, 422, {
            message: 'Unprocessable Entity',
            errors: ['Pull request review thread line must be part of the diff']
          });
        }
        if (!file || !newSideLines(file.patch).has(c.line)) {
          return this.send(res, 422, {
            message: 'Unprocessable Entity',
            errors: ['Pull request review thread line must be part of the diff']
          });
        }
      }
      const review = { id: this.id(), commit_id: String(b.commit_id), event: String(b.event), body: String(b.body), comments };
      this.reviews.push(review);
      for (const c of comments)
        this.reviewComments.push({ id: this.id(), path: c.path, line: c.line, original_line: c.line, body: c.body, user: this.actor });
      return this.send(res, 200, { id: review.id, state: 'COMMENTED' });
    }
    this.send(res, 404, { message: `Not Found: ${method} ${p}` });
  }
}

/** New-side lines of a unified diff (added and context), computed independently of the action's code. */
export function newSideLines(patch: string | undefined): Set<number> {
  const out = new Set<number>();
  let line = -1;
  for (const l of (patch ?? '').split('\n')) {
    const h = /^@@ -\S+ \+(\d+)/.exec(l);
    if (h) line = Number(h[1]);
    else if (line >= 0 && (l.startsWith('+') || l.startsWith(' '))) out.add(line++);
  }
  return out;
}

/** A patch that adds a whole new file of `text`. */
export function addedPatch(text: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  return `@@ -0,0 +1,${lines.length} @@\n` + lines.map((l) => `+${l}`).join('\n');
}
