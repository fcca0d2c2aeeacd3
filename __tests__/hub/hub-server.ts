/**
 * A small stand-in for the Hugging Face Hub API on 127.0.0.1. It answers
 * `GET [prefix]/api/models/{owner}/{name}` and `GET [prefix]/api/datasets/{owner}/{name}` (or
 * `/api/datasets/{name}`) from tables (a reply, or a list of replies used in turn, the last
 * repeating), answers 404 for anything else, and records every request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Reply {
  status?: number;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is (wins over `body`). */
  raw?: string;
  /** Send `raw` in pieces without a Content-Length. */
  chunked?: boolean;
  headers?: Record<string, string>;
  /** Never answer. */
  hang?: boolean;
  /** Answer after this many milliseconds. */
  delayMs?: number;
}

export interface RecordedHubRequest {
  method: string;
  /** The path exactly as received, before any decoding. */
  rawPath: string;
  /** `owner/name` decoded, when the path was a model path. */
  model?: string;
  /** `owner/name` or `name` decoded, when the path was a dataset path. */
  dataset?: string;
  authorization?: string;
}

/** A Hub-like model document. */
export function modelDoc(
  id: string,
  card: Record<string, unknown> = {},
  extra: { gated?: unknown; tags?: string[] } = {}
): Record<string, unknown> {
  return {
    _id: 'x',
    id,
    modelId: id,
    author: id.split('/')[0],
    private: false,
    gated: extra.gated ?? false,
    disabled: false,
    downloads: 10,
    likes: 1,
    tags: extra.tags ?? [],
    cardData: card,
    siblings: [{ rfilename: 'README.md' }]
  };
}

/** A Hub-like dataset document. */
export function datasetDoc(
  id: string,
  card: Record<string, unknown> = {},
  extra: { gated?: unknown; tags?: string[] } = {}
): Record<string, unknown> {
  return {
    _id: 'y',
    id,
    author: id.includes('/') ? id.split('/')[0] : undefined,
    private: false,
    gated: extra.gated ?? false,
    disabled: false,
    downloads: 5,
    likes: 0,
    tags: extra.tags ?? [],
    cardData: card,
    siblings: [{ rfilename: 'README.md' }]
  };
}

export class FakeHub {
  readonly requests: RecordedHubRequest[] = [];
  /** Keyed `models:<id>` or `datasets:<id>`, lower-cased. */
  private readonly table = new Map<string, Reply[]>();
  private readonly served = new Map<string, number>();
  private server?: Server;
  private inFlight = 0;
  maxInFlight = 0;

  /** Sets the reply (or replies, in turn) for a model id. */
  set(id: string, reply: Reply | Reply[]): this {
    this.table.set(`models:${id.toLowerCase()}`, Array.isArray(reply) ? reply : [reply]);
    return this;
  }

  /** Sets the reply (or replies, in turn) for a dataset id. */
  setDataset(id: string, reply: Reply | Reply[]): this {
    this.table.set(`datasets:${id.toLowerCase()}`, Array.isArray(reply) ? reply : [reply]);
    return this;
  }

  /** A dataset that exists, with the given card metadata. */
  dataset(id: string, card: Record<string, unknown> = {}, extra: { gated?: unknown; tags?: string[] } = {}): this {
    return this.setDataset(id, { body: datasetDoc(id, card, extra) });
  }

  /** How many requests asked for this dataset. */
  countDataset(id: string): number {
    return this.requests.filter((r) => r.dataset?.toLowerCase() === id.toLowerCase()).length;
  }

  /** A model that exists, with the given card metadata. */
  model(id: string, card: Record<string, unknown> = {}, extra: { gated?: unknown; tags?: string[] } = {}): this {
    return this.set(id, { body: modelDoc(id, card, extra) });
  }

  /** How many requests asked for this model. */
  count(id: string): number {
    return this.requests.filter((r) => r.model?.toLowerCase() === id.toLowerCase()).length;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const rawPath = (req.url ?? '').split('?')[0];
    const match = /\/api\/models\/([^/]+)\/([^/]+)$/.exec(rawPath);
    const dmatch = /\/api\/datasets\/(?:([^/]+)\/)?([^/]+)$/.exec(rawPath);
    let model: string | undefined;
    let dataset: string | undefined;
    try {
      if (match) model = `${decodeURIComponent(match[1])}/${decodeURIComponent(match[2])}`;
      else if (dmatch)
        dataset =
          dmatch[1] === undefined ? decodeURIComponent(dmatch[2]) : `${decodeURIComponent(dmatch[1])}/${decodeURIComponent(dmatch[2])}`;
    } catch {
      model = dataset = undefined;
    }
    const auth = req.headers.authorization;
    this.requests.push({ method: req.method ?? '', rawPath, model, dataset, authorization: typeof auth === 'string' ? auth : undefined });

    const key = model ? `models:${model.toLowerCase()}` : dataset ? `datasets:${dataset.toLowerCase()}` : undefined;
    const replies = key ? this.table.get(key) : undefined;
    if (!key || !replies) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Repository not found' }));
      return;
    }
    const n = this.served.get(key) ?? 0;
    this.served.set(key, n + 1);
    const reply = replies[Math.min(n, replies.length - 1)];
    if (reply.hang) return;

    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const send = (): void => {
      this.inFlight--;
      const headers = { 'content-type': 'application/json', ...reply.headers };
      const text = reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
      if (reply.chunked) {
        res.writeHead(reply.status ?? 200, headers);
        for (let i = 0; i < text.length; i += 64 * 1024) res.write(text.slice(i, i + 64 * 1024));
        res.end();
        return;
      }
      res.writeHead(reply.status ?? 200, { ...headers, 'content-length': String(Buffer.byteLength(text)) }).end(text);
    };
    if (reply.delayMs) setTimeout(send, reply.delayMs);
    else send();
  }
}
