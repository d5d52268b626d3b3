import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import channelMessage from '../fixtures/teams/channel-message-watch.json';
import invokeApprove from '../fixtures/teams/invoke-approve.json';
import personalMessage from '../fixtures/teams/personal-message.json';
import { startApp, type AppHandle, type AppOverrides } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Logger } from '../../src/logger';
import { FakeTeamsConnector, type ConnectorCall } from './fake-teams-connector';

export const APPROVER = {
  id: '29:avery',
  name: 'Avery Approver',
  aadObjectId: '33333333-3333-3333-3333-333333333333',
};
export const REQUESTER = {
  id: '29:riley',
  name: 'Riley Requester',
  aadObjectId: '44444444-4444-4444-4444-444444444444',
};
export const OTHER_TENANT = '99999999-9999-4999-8999-999999999999';

type Json = Record<string, unknown>;

/**
 * The whole bot in-process in sandbox mode (real restify, CloudAdapter, store, gateway, simulator) and a fake
 * Teams connector as every activity's serviceUrl. Activities are the real Teams payloads from test/fixtures/teams.
 */
export class TeamsAppHarness {
  app!: AppHandle;
  readonly connector = new FakeTeamsConnector();
  readonly dataDir: string;

  constructor(
    private readonly env: Record<string, string>,
    dataDir?: string,
    /** The app's logger; default pino at TEST_LOG_LEVEL (silent). */
    private readonly logger?: Logger,
    private readonly overrides: Omit<AppOverrides, 'logger'> = {},
  ) {
    this.dataDir = dataDir ?? mkdtempSync(join(tmpdir(), 'pl-bot-e2e-'));
  }

  async start(): Promise<this> {
    if (!this.connector.url) await this.connector.start();
    const config = loadConfig({
      PORT: '0',
      SANDBOX_ARM_PORT: '0',
      DATA_DIR: this.dataDir,
      POLL_INTERVAL_SECONDS: '3600',
      ...this.env,
    });
    this.app = await startApp(config, {
      // A busy Azure is asked again after 50 ms, not 2 s, so fault tests stay short.
      decisionRetryBackoffMs: 50,
      ...this.overrides,
      logger: this.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    });
    return this;
  }

  /** Stops the bot (as a restart would) but keeps the connector, the data directory and its simulated world. */
  async restart(): Promise<void> {
    await this.app.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    await this.app?.stop();
    await this.connector.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  get sim() {
    return this.app.simulator!;
  }

  async post(activity: Json): Promise<{ status: number; body: Json; ms: number }> {
    const started = performance.now();
    const res = await fetch(`${this.app.botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...activity, serviceUrl: this.connector.url }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text ? (JSON.parse(text) as Json) : {},
      ms: performance.now() - started,
    };
  }

  readonly activities = new TeamsActivities();

  channelMessage(text: string, from = APPROVER): Json {
    return this.activities.channelMessage(text, from);
  }

  personalMessage(text: string, from = REQUESTER): Json {
    return this.activities.personalMessage(text, from);
  }

  tap(verb: 'approve' | 'reject', requestId: string, options: TapOptions = {}): Json {
    return this.activities.tap(verb, requestId, options);
  }
}

export interface TapOptions {
  from?: Json;
  reason?: string;
  activityId?: string;
  replyToId?: string;
  tenantId?: string;
}

/** Real Teams payloads (test/fixtures/teams) with fresh ids, text, sender and card data. */
export class TeamsActivities {
  private seq = 0;

  channelMessage(text: string, from = APPROVER): Json {
    const id = `17641440${String(++this.seq).padStart(5, '0')}`;
    const m = structuredClone(channelMessage) as Json & { conversation: Json };
    return {
      ...m,
      id,
      text: `<at>PL Approvals</at> ${text}`,
      from,
      conversation: { ...m.conversation, id: `${String(m.conversation.id).split(';')[0]};messageid=${id}` },
    };
  }

  personalMessage(text: string, from = REQUESTER): Json {
    return { ...structuredClone(personalMessage), id: `p${++this.seq}`, text, from };
  }

  tap(verb: 'approve' | 'reject', requestId: string, options: TapOptions = {}): Json {
    const base = structuredClone(invokeApprove) as Json & { conversation: Json; channelData: Json };
    const tenantId = options.tenantId ?? String(base.conversation.tenantId);
    return {
      ...base,
      id: options.activityId ?? `f:tap-${++this.seq}`,
      from: options.from ?? APPROVER,
      conversation: { ...base.conversation, tenantId },
      channelData: { ...base.channelData, tenant: { id: tenantId } },
      ...(options.replyToId ? { replyToId: options.replyToId } : {}),
      value: {
        action: { type: 'Action.Execute', verb, data: { requestId, reason: options.reason ?? '' } },
        trigger: 'manual',
      },
    };
  }
}

export function adaptiveCardOf(body: Json): Json | undefined {
  const attachments = body['attachments'] as Array<{ contentType: string; content: Json }> | undefined;
  return attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** The card a connector call carries: a new conversation's activity (channel thread) or the activity itself. */
export function cardOfCall(call: ConnectorCall): Json | undefined {
  const activity = (call.kind === 'create' ? call.body['activity'] : call.body) as Json | undefined;
  return activity ? adaptiveCardOf(activity) : undefined;
}

export function cardText(card: Json | undefined): string {
  return JSON.stringify(card ?? {});
}

export function hasButtons(card: Json | undefined): boolean {
  return ((card?.['actions'] as Array<{ type: string }> | undefined) ?? []).some(
    (a) => a.type === 'Action.Execute',
  );
}
