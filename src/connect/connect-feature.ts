import type { ApprovalEventSink } from '../approvals/events';
import type { Logger } from '../logger';
import type { Store } from '../store';
import type { BotFeature } from '../teams/bot-feature';
import { ApprovalWaits } from './approval-waits';
import { ChannelNotices, type NoticePoster } from './channel-notices';
import { createConnectBotFeature } from './connect-commands';
import { createConnectDialogs } from './connect-dialog';
import { ConnectEntry } from './connect-entry';
import { ConnectEventSink } from './connect-event-sink';
import { BackgroundJobs, ConnectServices } from './connect-services';
import type { Access } from '../identity/access';
import type { Identity } from '../identity/identity';
import { ConnectionTester } from './connection-tester';
import { FlowRunner } from './flow-runner';
import type { ProactiveTurns } from '../teams/proactive-turn';
import type { FlowHooks } from './step-kit';
import type { Coordination } from '../store/coordination';

export interface ConnectSettings {
  /** Interactive authoring the bot turns on stays on this long. */
  authoringMinutes: number;
  testPollMs: number;
  testTimeoutMs: number;
  /** How often waiting flows are checked against Azure (besides the approval loop's events). */
  sweepIntervalMs: number;
  deliverAttempts: number;
  deliverDelayMs: number;
}

export const DEFAULT_CONNECT_SETTINGS: ConnectSettings = {
  authoringMinutes: 60,
  testPollMs: 3000,
  testTimeoutMs: 10 * 60_000,
  sweepIntervalMs: 60_000,
  deliverAttempts: 5,
  deliverDelayMs: 1000,
};

export interface ConnectFeatureDeps {
  /** Who acts for a person (ACT_AS): their gateway, or the bot's; `identity.bot` reads for background checks. */
  identity: Identity;
  /** Who may start the flow for a factory: Azure (ACT_AS=user) or the bot's policy. */
  access: Access;
  store: Store;
  /** Turns in a conversation from outside it: `cloudAdapterTurns(adapter, appId)` in production. */
  proactive: ProactiveTurns;
  /** Posts the one-line notices to subscribed conversations (TeamsMessenger fits); none without it. */
  poster?: NoticePoster;
  logger: Logger;
  now?: () => Date;
  settings?: Partial<ConnectSettings>;
  /** Keeps one connection test from running on two instances (the store's coordination). */
  leases?: Pick<Coordination, 'withLease'>;
}

export interface ConnectFeature {
  /** For the Teams module's feature list: connect, cancel, flows; the connect.* verbs; typed answers to the flow. */
  bot: BotFeature;
  /** Add to the approval loop's EventFanOut. */
  eventSink: ApprovalEventSink;
  /** After start-up: resumes tests cut short by a restart, checks waiting flows, starts the periodic sweep. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when no background test runs (tests, graceful shutdown). */
  idle(): Promise<void>;
  /** Checks every waiting flow against Azure now. */
  sweep(): Promise<void>;
}

/** The requester's guided flow, built from its dependencies: everything the lead wires comes out of here. */
export function createConnectFeature(deps: ConnectFeatureDeps): ConnectFeature {
  const settings = { ...DEFAULT_CONNECT_SETTINGS, ...deps.settings };
  const logger = deps.logger.child({ component: 'connect' });
  const now = deps.now ?? (() => new Date());
  const services = new ConnectServices({
    bot: deps.identity.bot.gateway,
    store: deps.store,
    logger,
    access: deps.access,
    background: new BackgroundJobs(),
  });
  // In this order: the runner, the background parts that deliver their results to it, then the dialogs (which
  // start that background work) registered on the runner. No turn reaches the runner before the end of this function.
  const runner = new FlowRunner({
    storage: deps.store.botState,
    store: deps.store,
    proactive: deps.proactive,
    services,
    identity: deps.identity,
    logger,
  });
  const deliver = runner.deliver.bind(runner);
  const notices = new ChannelNotices(deps.store, deps.poster, logger);
  const tester = new ConnectionTester({
    services,
    identity: deps.identity,
    store: deps.store,
    deliver,
    proactive: deps.proactive,
    notices,
    logger,
    settings: { ...settings, pollMs: settings.testPollMs, timeoutMs: settings.testTimeoutMs },
    ...(deps.leases ? { leases: deps.leases } : {}),
  });
  const waits = new ApprovalWaits({
    service: services.as(deps.identity.bot),
    store: deps.store,
    deliver,
    proactive: deps.proactive,
    logger,
  });
  const hooks: FlowHooks = {
    endpointWaiting: (flowId) => waits.check(flowId),
    startTest: async (flowId, spec, acting) => tester.start(flowId, spec, acting),
  };
  runner.addDialogs(createConnectDialogs({ services, store: deps.store, logger, settings, hooks }));
  const entry = new ConnectEntry(runner, deps.store, deps.identity, logger, now);

  return {
    bot: createConnectBotFeature(entry),
    eventSink: new ConnectEventSink(deps.store, waits, logger),
    async start() {
      const resumed = await tester.resumeUnfinished();
      if (resumed > 0) logger.info({ resumed }, 'resuming connection tests');
      waits.start(settings.sweepIntervalMs);
    },
    async stop() {
      await waits.stop();
      await tester.stop();
      await services.idle();
    },
    idle: async () => {
      await tester.idle();
      await services.idle();
    },
    sweep: () => waits.sweep(),
  };
}
