import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TlsIdentity } from './stand-in-server';

/** One call the bot made to the Bot Framework connector, as Teams would have received it. */
export interface ConnectorCall {
  kind: 'create' | 'send' | 'reply' | 'update' | 'delete';
  conversationId: string;
  /** For reply: the activity replied to; for update/delete: the activity changed. */
  activityId?: string;
  /** The id the fake assigned (create, send, reply). */
  newId?: string;
  body: Record<string, unknown>;
  at: number;
}

export interface ConnectorOptions {
  /** Serve HTTPS, as Teams' connector does (the bot must trust the certificate: NODE_EXTRA_CA_CERTS). */
  tls?: TlsIdentity;
  /**
   * Check each call's Authorization header as the Bot Connector does; return why it is refused (answered 401 and
   * kept in `unauthorized`), or undefined to let it through. Default: every call is let through.
   */
  authorize?: (authorization: string | undefined) => string | undefined;
}

/**
 * Stands in for Teams' `serviceUrl`: the Bot Framework connector REST API v3, over real HTTP, recording what the
 * bot posts and updates. Only the network edge is fake; the bot's own adapter, TeamsInfo and serializers run.
 */
export class FakeTeamsConnector {
  readonly calls: ConnectorCall[] = [];
  /**
   * Conversations from which the bot was removed: every call there answers 403 BotNotInConversationRoster (a new
   * thread in a channel too: its channel is in the body). Those calls are kept in `refused`, not in `calls`.
   */
  readonly removedConversations = new Set<string>();
  readonly refused: ConnectorCall[] = [];
  /** Calls answered 429 by `throttle`, in order (each with the time it was refused). */
  readonly throttled: ConnectorCall[] = [];
  /** Per conversation (its key: a channel's id, a chat's id), how many more calls answer 429 and with which Retry-After. */
  private readonly throttling = new Map<string, { left: number; retryAfterSeconds: number }>();
  /** Calls refused by `authorize`, with the reason. */
  readonly unauthorized: Array<{ method: string; path: string; reason: string }> = [];
  private server: Server | undefined;
  private counter = 0;
  url = '';

  constructor(private readonly options: ConnectorOptions = {}) {}

  async start(): Promise<this> {
    const listener = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
    const { tls } = this.options;
    this.server = tls ? createHttpsServer(tls, listener) : createServer(listener);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `${tls ? 'https' : 'http'}://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /**
   * Teams throttling a conversation (learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit): its next
   * `times` calls (new threads in a channel included) answer 429 with `Retry-After: <seconds>`, then it serves again.
   */
  throttle(conversationKey: string, times: number, retryAfterSeconds = 1): void {
    this.throttling.set(conversationKey, { left: times, retryAfterSeconds });
  }

  of(kind: ConnectorCall['kind']): ConnectorCall[] {
    return this.calls.filter((c) => c.kind === kind);
  }

  /**
   * The activity id Teams gives the newest card posted for approval request `requestId` (what a tap on it carries
   * as replyToId), or undefined when no card for it was posted.
   */
  cardIdFor(requestId: string): string | undefined {
    const marker = `"requestId":${JSON.stringify(requestId)}`;
    return [...this.calls]
      .reverse()
      .find((c) => c.newId !== undefined && JSON.stringify(c.body).includes(marker))?.newId;
  }

  /** Waits until `predicate` holds over the recorded calls (bounded). */
  async waitFor(predicate: (calls: ConnectorCall[]) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      if (Date.now() > deadline)
        throw new Error(`connector: condition not met in ${timeoutMs} ms (${this.calls.length} calls)`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJson(req);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const refusal = this.options.authorize?.(req.headers.authorization);
    if (refusal !== undefined) {
      this.unauthorized.push({ method: req.method ?? 'GET', path, reason: refusal });
      return send(res, 401, { message: 'Authorization has been denied for this request.' });
    }
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent); // v3, conversations, {id}, activities, {aid}
    if (parts[0] !== 'v3' || parts[1] !== 'conversations')
      return send(res, 404, { error: { code: 'NotFound', message: path } });
    const conversationId = parts[2];
    const target = conversationId ?? channelOf(body);
    if (target && this.removedConversations.has(target.split(';')[0]!)) {
      this.refused.push({ kind: kindOf(req.method, parts), conversationId: target, body, at: Date.now() });
      return send(res, 403, {
        error: {
          code: 'BotNotInConversationRoster',
          message: 'The bot is not part of the conversation roster.',
        },
      });
    }
    const throttled = target ? this.throttling.get(target.split(';')[0]!) : undefined;
    if (target && throttled && throttled.left > 0) {
      throttled.left--;
      this.throttled.push({ kind: kindOf(req.method, parts), conversationId: target, body, at: Date.now() });
      res.writeHead(429, {
        'content-type': 'application/json',
        'retry-after': String(throttled.retryAfterSeconds),
      });
      res.end(JSON.stringify({ error: { code: 'TooManyRequests', message: 'Too many requests.' } }));
      return;
    }
    const newId = () => `${Date.now()}${String(++this.counter).padStart(4, '0')}`;
    if (req.method === 'POST' && parts.length === 2) {
      const id = newId();
      const channelId = channelOf(body) ?? `conv-${id}`;
      this.record('create', `${channelId};messageid=${id}`, body, undefined, id);
      return send(res, 201, { id: `${channelId};messageid=${id}`, activityId: id });
    }
    if (!conversationId || parts[3] !== 'activities')
      return send(res, 404, { error: { code: 'NotFound', message: path } });
    const activityId = parts[4];
    if (req.method === 'POST' && !activityId) {
      const id = newId();
      this.record('send', conversationId, body, undefined, id);
      return send(res, 200, { id });
    }
    if (req.method === 'POST' && activityId) {
      const id = newId();
      this.record('reply', conversationId, body, activityId, id);
      return send(res, 200, { id });
    }
    if (req.method === 'PUT' && activityId) {
      this.record('update', conversationId, body, activityId);
      return send(res, 200, { id: activityId });
    }
    if (req.method === 'DELETE' && activityId) {
      this.record('delete', conversationId, body, activityId);
      return send(res, 200, {});
    }
    return send(res, 405, { error: { code: 'MethodNotAllowed', message: `${req.method} ${path}` } });
  }

  private record(
    kind: ConnectorCall['kind'],
    conversationId: string,
    body: Record<string, unknown>,
    activityId?: string,
    newId?: string,
  ) {
    this.calls.push({
      kind,
      conversationId,
      body,
      at: Date.now(),
      ...(activityId ? { activityId } : {}),
      ...(newId ? { newId } : {}),
    });
  }
}

/** The channel a new conversation (POST /v3/conversations) is created in. */
function channelOf(body: Record<string, unknown>): string | undefined {
  return (body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
}

function kindOf(method: string | undefined, parts: string[]): ConnectorCall['kind'] {
  if (parts.length === 2) return 'create';
  if (method === 'PUT') return 'update';
  if (method === 'DELETE') return 'delete';
  return parts[4] ? 'reply' : 'send';
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
