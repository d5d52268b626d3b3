import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  ActivityHandler,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type TurnContext,
} from 'botbuilder';
import { createArmGateway } from '../../../../src/azure/arm-gateway';
import type { AzureGateway } from '../../../../src/azure/gateway';
import { botIdentity } from '../../../../src/identity/identity';
import { grantBotWriteRoles } from '../../../../src/sandbox/rbac/role-grants';
import { PolicyAccess } from '../../../../src/identity/policy-access';
import { createConnectFeature, type ConnectFeature } from '../../../../src/connect';
import { createLogger, type Logger } from '../../../../src/logger';
import {
  SANDBOX_BOT_PRINCIPAL,
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
  type WorldState,
} from '../../../../src/sandbox';
import { SqliteStore } from '../../../../src/store';
import { registerFeatures, type BotBehaviour } from '../../../../src/teams/bot-feature';
import { ApprovalLoop } from './approval-loop';
import { describeActivity } from './describe-activity';
import { RITA, SAM, TENANT, W } from './fixtures';
import { RecordingAdapter } from './recording-adapter';
import type { Coordination } from '../../../../src/store/coordination';

/** The bot as the root wires it, with only the flow registered: no guard, no sign-in, one tenant. */
class HarnessBot extends ActivityHandler {
  constructor(private readonly behaviour: BotBehaviour) {
    super();
    this.onMessage(async (turn, next) => {
      await this.behaviour.onMessage(turn, TENANT);
      await next();
    });
  }

  protected override onAdaptiveCardInvoke(
    turn: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    return this.behaviour.onCardAction(turn, value, TENANT);
  }
}

/** A point in the transcript. */
export interface Mark {
  said: number;
  posts: number;
}

export interface WorldOptions {
  /** The simulated Azure to start from (default: the sandbox seed). */
  state?: WorldState;
  sim?: SimulatorOptions;
  /** How long a test run may take before it is cancelled (default 15 s). */
  testTimeoutMs?: number;
  /** The coordination every instance of this world shares (stands in for PostgreSQL's advisory locks). */
  leases?: Pick<Coordination, 'withLease'>;
}

/**
 * One test's whole world: the ARM simulator, the real gateway on it, a SQLite store in a temp directory, the
 * guided flow and the approval loop, and a recording TestAdapter standing in for Teams. Every log line (at trace)
 * and everything the bot said is kept for assertions. `restart()` drops every bot object and builds new ones on
 * the same database file, as a process restart would.
 */
export class FlowWorld {
  readonly logs: string[] = [];
  readonly posts: Array<{ conversationId: string; text: string }> = [];
  readonly adapter = new RecordingAdapter();
  readonly dbPath: string;
  logger!: Logger;
  store!: SqliteStore;
  feature!: ConnectFeature;
  loop!: ApprovalLoop;
  private bot!: HarnessBot;

  private constructor(
    readonly sim: RunningSimulator,
    readonly dir: string,
    private readonly testTimeoutMs: number,
    private readonly leases?: Pick<Coordination, 'withLease'>,
  ) {
    this.dbPath = join(dir, 'data', 'bot.sqlite');
  }

  static async start(options: WorldOptions = {}): Promise<FlowWorld> {
    const dir = mkdtempSync(join(tmpdir(), 'connect-flow-'));
    const statePath = options.state ? join(dir, 'azure.json') : undefined;
    if (statePath) writeFileSync(statePath, JSON.stringify(options.state));
    const logs: string[] = [];
    const sim = await startSimulator({
      lroSeconds: 0.2,
      adfSyncSeconds: 0.4,
      probeSeconds: 0.3,
      // The transcript scripts when the watcher looks: a new endpoint's connection exists once the PUT answers.
      mpeProvisionSeconds: 0,
      logger: createLogger({ level: 'trace', destination: sink(logs) }),
      ...(statePath ? { statePath } : {}),
      ...options.sim,
    });
    // These flows run as the bot (ACT_AS=bot): an administrator gave it the two writing roles.
    await grantBotWriteRoles(sim);
    const world = new FlowWorld(sim, dir, options.testTimeoutMs ?? 15_000, options.leases);
    world.setUpRequests = sim.requests.all().length;
    world.logs.push(...logs);
    world.boot();
    return world;
  }

  private boot(): void {
    this.logger = createLogger({ level: 'trace', destination: sink(this.logs) });
    this.store = new SqliteStore({ path: this.dbPath, now: () => new Date() });
    const { gateway, feature } = this.buildFeature();
    this.feature = feature;
    this.bot = new HarnessBot(
      registerFeatures([this.feature.bot], { logger: this.logger, environmentNote: '' }),
    );
    this.loop = new ApprovalLoop(gateway, this.store, this.feature.eventSink, this.logger);
  }

  /**
   * Another instance's guided flow on the same store, Teams and Azure (as a second process on a shared database
   * would have); start() it to make it resume what it finds, as a new leader does.
   */
  anotherInstance(): ConnectFeature {
    return this.buildFeature().feature;
  }

  private buildFeature(): { gateway: AzureGateway; feature: ConnectFeature } {
    const gateway = createArmGateway({
      credential: this.sim.entra.credentialFor(SANDBOX_BOT_PRINCIPAL),
      endpoint: this.sim.url,
      caPem: this.sim.caPem,
      scopes: [{ subscriptionId: W.subscriptionId }],
      logger: this.logger,
      retry: { maxRetries: 2, retryDelayInMs: 20, maxRetryDelayInMs: 100 },
      lroPollIntervalMs: 50,
    });
    // ACT_AS=bot with everyone a requester: these tests are about the flow; who may start it is tested elsewhere.
    const identity = botIdentity(gateway);
    const access = new PolicyAccess([], { approvers: new Map(), requesters: new Map() }, [
      RITA.aadObjectId,
      SAM.aadObjectId,
    ]);
    const feature = createConnectFeature({
      identity,
      access,
      store: this.store,
      ...(this.leases ? { leases: this.leases } : {}),
      proactive: this.adapter.turns(),
      poster: {
        post: async (reference, _kind, activity) =>
          void this.posts.push({
            conversationId: reference.conversation?.id ?? '',
            text: activity.text ?? '',
          }),
      },
      logger: this.logger,
      settings: {
        testPollMs: 100,
        testTimeoutMs: this.testTimeoutMs,
        sweepIntervalMs: 3_600_000,
        deliverAttempts: 20,
        deliverDelayMs: 100,
      },
    });
    return { gateway, feature };
  }

  /** Everything is dropped and rebuilt on the same database file; then the feature resumes what it must. */
  async restart(): Promise<void> {
    await this.feature.stop();
    await this.loop.runner.idle();
    await this.store.close();
    this.boot();
    await this.feature.start();
  }

  async close(): Promise<void> {
    await this.feature.stop();
    await this.loop.runner.idle();
    await this.loop.watcher.stop();
    await this.store.close();
    await this.sim.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** One activity through the bot, as Teams would deliver it. */
  async deliver(activity: Partial<Activity>): Promise<void> {
    await this.adapter.processActivity(activity, (turn) => this.bot.run(turn));
  }

  mark(): Mark {
    return { said: this.adapter.said.length, posts: this.posts.length };
  }

  /** What the bot said since `mark` (messages, card updates, tap answers, channel notices), as text. */
  transcriptSince(mark: Mark = { said: 0, posts: 0 }): string {
    const said = this.adapter.said
      .slice(mark.said)
      .map((s) => `${s.kind === 'send' ? '' : `(${s.kind}) `}${describeActivity(s.activity)}`);
    const posts = this.posts.slice(mark.posts).map((p) => `(channel) ${p.text}`);
    return [...said, ...posts].join('\n');
  }

  /** The body of the newest invoke answer (a tap's): `{ type, value }` as Teams receives it. */
  lastTapAnswer(): { type?: string; value?: unknown } | undefined {
    const reply = this.adapter.said.filter((s) => s.kind === 'invoke-reply').at(-1);
    return (reply?.activity.value as { body?: { type?: string; value?: unknown } } | undefined)?.body;
  }

  /** Azure writes so far: PUT/PATCH/DELETE, and POSTs that act (reads such as getStatus are POSTs too). */
  /** Requests the world's own set-up made (the bot's role grants): not the flow's. */
  private setUpRequests = 0;

  azureWrites(): string[] {
    return this.sim.requests
      .all()
      .slice(this.setUpRequests)
      .filter(
        (r) =>
          r.method !== 'GET' && !(r.method === 'POST' && /\/(getStatus|queryActivityruns)$/i.test(r.path)),
      )
      .map((r) => `${r.method} ${r.path}`);
  }
}

function sink(lines: string[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
}
