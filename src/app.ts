import { mkdirSync } from 'node:fs';
import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import { createArmGateway } from './azure/arm-gateway';
import type { AzureGateway } from './azure/gateway';
import type { Config } from './config';
import { createLogger, type Logger } from './logger';
import type { RunningSimulator } from './sandbox';
import type { SandboxServices } from './sandbox/sandbox-services';
import { startServer } from './server';
import { Health } from './health';
import { createApprovalModule, type ApprovalModule } from './approvals/approval-module';
import type { Store } from './store/store';
import { openStore } from './store/open-store';
import { Leadership, type Role } from './leadership';
import { createAdapter } from './teams/adapter';
import { TeamsSSOTokenExchangeMiddleware } from 'botbuilder';
import { createIdentity } from './identity';
import { createTeamsModule } from './teams/teams-module';
import { createApprovalsFeature } from './teams/approvals-feature';
import { TeamsMessenger } from './teams/teams-messenger';
import {
  cloudAdapterTurns,
  createConnectFeature,
  type ConnectFeature,
  type ConnectSettings,
} from './connect';

/**
 * The composition root: config → logger → (sandbox simulator) → Azure gateway → bot → HTTP server. Everything
 * is built here and passed down, so tests start the same app in-process with their own config and logger.
 */
export type Simulator = RunningSimulator;

export interface AppOverrides {
  logger?: Logger;
  /**
   * Replaces the mode's credential (DefaultAzureCredential in azure; in the sandbox, the sandbox Entra's credential
   * for the bot's service principal).
   */
  credential?: TokenCredential;
  /** The guided flow's timings (tests make them short). */
  connectSettings?: Partial<ConnectSettings>;
  /** How often the gateway polls long-running operations when Azure gives no Retry-After (tests: short). */
  lroPollIntervalMs?: number;
  /** First pause before a busy Azure is asked again about a started decision (tests: short). */
  decisionRetryBackoffMs?: number;
  /** The bot's clock for reminders, escalation, expiry and the cards' "asked … ago" (tests move it forward). */
  clock?: () => Date;
  /** Puts something in front of the store (tests: a disk that fails on demand). */
  wrapStore?: (store: Store) => Store;
}

export interface AppHandle {
  config: Config;
  logger: Logger;
  /** Base URL of the bot, e.g. http://127.0.0.1:3978; messages go to `${botUrl}/api/messages`. */
  botUrl: string;
  /** The ARM endpoint the gateway talks to: the simulator's URL in the sandbox. */
  armUrl: string;
  gateway: AzureGateway;
  /** The in-process ARM simulator; only in the sandbox. */
  simulator: Simulator | undefined;
  /** The sandbox's Bot Framework token service stand-in; only in the sandbox with ACT_AS=user. */
  tokenService: SandboxServices['tokenService'];
  store: Store;
  /** Whether this instance runs the watcher and sweeps (the leader) or only answers Teams. */
  role(): Role;
  approvals: ApprovalModule;
  connect: ConnectFeature;
  /** Stops the HTTP server, then the simulator. Safe to call twice. */
  stop(): Promise<void>;
}

const PUBLIC_ARM = 'https://management.azure.com';

export async function startApp(config: Config, overrides: AppOverrides = {}): Promise<AppHandle> {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  mkdirSync(config.dataDir, { recursive: true });

  // Loaded here and only here: azure mode never loads sandbox code (test/production checks that it does not).
  const sandbox = config.sandbox
    ? await (
        await import('./sandbox/sandbox-services')
      ).startSandboxServices(
        config.sandbox,
        config.access,
        logger,
        config.requestTimers.expireAfter !== undefined,
      )
    : undefined;
  const simulator = sandbox?.simulator;
  let store: Store | undefined;
  try {
    const armUrl = simulator?.url ?? config.azure.armEndpoint ?? PUBLIC_ARM;
    const credential = overrides.credential ?? sandbox?.botCredential ?? new DefaultAzureCredential();
    const gatewayWith = (as: TokenCredential) =>
      createArmGateway({
        credential: as,
        endpoint: armUrl,
        ...(simulator ? { caPem: simulator.caPem } : {}),
        scopes: config.azure.scopes.map((s) => ({ ...s })),
        factoryScopes: config.azure.factoryScopes.map((s) => ({ ...s })),
        discovery: config.azure.discovery,
        logger: logger.child({ component: 'azure' }),
        ...(overrides.lroPollIntervalMs ? { lroPollIntervalMs: overrides.lroPollIntervalMs } : {}),
      });
    const gateway = gatewayWith(credential);

    const environmentNote = simulator
      ? `Sandbox: Azure is simulated on this machine (${armUrl}); nothing here touches a real subscription.`
      : '';
    const opened = await openStore(config.database, config.dataDir, credential, logger);
    store = overrides.wrapStore ? overrides.wrapStore(opened.store) : opened.store;
    if (opened.appliedMigrations.length > 0)
      logger.info({ store: opened.kind, versions: opened.appliedMigrations }, 'store migrated');
    const { identity, access } = createIdentity(config.access, gateway, gatewayWith, store.botState);
    const approvals = createApprovalModule(
      gateway,
      store,
      {
        allowedTenantIds: config.teams.allowedTenantIds,
        access,
        identity,
        pollIntervalSeconds: config.pollIntervalSeconds,
        leases: opened.coordination,
        requestTimers: config.requestTimers,
        ...(overrides.clock ? { now: overrides.clock } : {}),
        ...(overrides.decisionRetryBackoffMs
          ? { decisionRetryBackoffMs: overrides.decisionRetryBackoffMs }
          : {}),
      },
      logger,
    );
    const adapter = createAdapter(
      config.bot,
      logger.child({ component: 'turn' }),
      sandbox?.authentication(config.bot),
    );
    if (config.access.oauthConnectionName) {
      // Teams sends one signin/tokenExchange per client; the middleware exchanges the first and drops the others.
      adapter.use(new TeamsSSOTokenExchangeMiddleware(store.botState, config.access.oauthConnectionName));
    }
    // Built before the features: the approval notifier and the flow's channel notices both post through it.
    const messenger = new TeamsMessenger(adapter, config.bot.appId, logger.child({ component: 'messenger' }));
    const connect = createConnectFeature({
      identity,
      access,
      store,
      leases: opened.coordination,
      logger, // the feature names its own component
      proactive: cloudAdapterTurns(adapter, config.bot.appId),
      poster: messenger,
      ...(overrides.connectSettings ? { settings: overrides.connectSettings } : {}),
    });
    approvals.events.add(connect.eventSink);
    const teams = createTeamsModule({
      messenger,
      identity,
      guard: config.teams,
      store,
      approvals,
      environmentNote,
      logger,
      ...(overrides.clock ? { now: overrides.clock } : {}),
      requestTimers: config.requestTimers,
      // Every feature of the bot, registered the same way and in this order (help first, then these).
      features: [
        createApprovalsFeature({
          approvals,
          store,
          identity,
          access,
          messenger,
          requestTimers: config.requestTimers,
          ...(overrides.clock ? { now: overrides.clock } : {}),
        }),
        connect.bot,
      ],
    });
    const { bot } = teams;
    const leadership = new Leadership(
      opened.coordination,
      {
        start: async () => {
          await approvals.start();
          await connect.start();
        },
        stop: async () => {
          await approvals.standDown();
          await connect.stop();
        },
        sweep: async () => {
          await approvals.sweepDecisions();
        },
      },
      logger.child({ component: 'leadership' }),
    );
    const watched = new Health(store);
    approvals.watcher.observe(watched);
    const health = async () => {
      const report = await watched.report();
      const reachable = !report.failing.some((f) => f.part === 'store');
      // A scope the watcher cannot read is reported, not failed: this instance serves Teams as well as any other,
      // and a restart or another instance would not give the bot's identity back its role (503 would only hurt).
      const cannotRead = approvals.watcher.blindSpots.current().map((spot) => ({
        what: spot.label,
        since: spot.since.toISOString(),
        reason: spot.reason,
      }));
      return {
        ...report,
        role: leadership.role,
        store: { kind: opened.kind, reachable },
        ...(cannotRead.length > 0 ? { watcher: { cannotRead } } : {}),
      };
    };
    const server = await startServer(
      { adapter, bot, mode: config.mode, logger, health },
      config.http.host,
      config.http.port,
    );
    await leadership.check();
    leadership.start(config.pollIntervalSeconds * 1000);

    let stopping: Promise<void> | undefined;
    const openedStore = store;
    const stop = (): Promise<void> => {
      stopping ??= (async () => {
        await server.stop();
        // Sends waiting out a Teams backoff give up now instead of holding the shutdown.
        messenger.stop();
        await leadership.stop();
        await approvals.stop();
        await connect.stop();
        await opened.coordination.close();
        await openedStore.close();
        await sandbox?.close();
        logger.info('app stopped');
      })();
      return stopping;
    };
    logger.info(
      // armUrl last: the production test reads it right before the message.
      { mode: config.mode, botUrl: server.url, store: opened.kind, role: leadership.role, armUrl },
      'app started',
    );
    return {
      config,
      logger,
      botUrl: server.url,
      armUrl,
      gateway,
      simulator,
      tokenService: sandbox?.tokenService,
      store,
      role: () => leadership.role,
      approvals,
      connect,
      stop,
    };
  } catch (error) {
    await store?.close();
    await sandbox?.close();
    throw error;
  }
}
