import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startApp, type AppHandle, type AppOverrides } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Logger } from '../../src/logger';
import { FakeTeamsConnector } from './fake-teams-connector';
import { factoryRef, serverRef } from './sandbox-azure';
import { serverId } from '../../src/domain/resource-ids';
import type { ApprovalRequest } from '../../src/store/request-records';
import { assignRole, SANDBOX_ROLES, SANDBOX_WORLD, type SandboxPrincipal } from '../../src/sandbox';

const SUBSCRIPTION_SCOPE = `/subscriptions/${SANDBOX_WORLD.subscriptionId}`;
import { APPROVER, REQUESTER, TeamsActivities, type ApprovalVerb, type TapOptions } from './teams-activities';

export {
  adaptiveCardOf,
  APPROVER,
  attentionLines,
  cardActions,
  cardOfCall,
  cardText,
  hasButtons,
  OTHER_TENANT,
  refusalOnCard,
  REQUESTER,
  TeamsActivities,
  type TapOptions,
} from './teams-activities';

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
      // Tests script when the watcher looks: a new endpoint's connection exists once the PUT answers.
      SANDBOX_MPE_PROVISION_SECONDS: '0',
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

  /** An administrator (the sandbox's subscription Owner) assigns a role through the role assignments API. */
  grant(
    principal: SandboxPrincipal,
    role: keyof typeof SANDBOX_ROLES,
    scope = SUBSCRIPTION_SCOPE,
  ): Promise<void> {
    return assignRole(this.sim, { principal, roleId: SANDBOX_ROLES[role], scope });
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

  /**
   * A new managed private endpoint of adf-contoso to `server` makes a pending connection there; the watcher's next
   * cycle opens its request and (with a watching conversation) posts its card. Returns the request, once its card
   * was posted.
   */
  async pendingRequestThrough(mpe: string, server = 'pg-sandbox'): Promise<ApprovalRequest> {
    const created = this.sim.world.createManagedPrivateEndpoint(factoryRef, mpe, {
      privateLinkResourceId: serverId(serverRef(server)),
    });
    await this.app.approvals.watcher.cycle();
    const request = (await this.app.store.requests.listOpen()).find(
      (r) => r.connectionName === created.connectionName,
    );
    if (!request) throw new Error(`no request opened for ${created.connectionName}`);
    await this.connector.waitFor(() => this.connector.cardIdFor(request.id) !== undefined);
    return request;
  }

  /** A tap on the card posted for `requestId` (replyToId: that card's id, as Teams sends it) unless told otherwise. */
  tap(verb: ApprovalVerb, requestId: string, options: TapOptions = {}): Json {
    const card = this.connector.cardIdFor(requestId);
    return this.activities.tap(verb, requestId, { ...(card ? { replyToId: card } : {}), ...options });
  }
}
