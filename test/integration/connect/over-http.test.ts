import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import personalMessage from '../../fixtures/teams/personal-message.json';
import { createApprovalModule } from '../../../src/approvals/approval-module';
import { createArmGateway } from '../../../src/azure/arm-gateway';
import { loadConfig } from '../../../src/config';
import { cloudAdapterTurns, createConnectFeature, type ConnectFeature } from '../../../src/connect';
import { SandboxCredential, startSimulator, type RunningSimulator } from '../../../src/sandbox';
import { startServer } from '../../../src/server';
import { databasePath, SqliteStore } from '../../../src/store';
import { createAdapter } from '../../../src/teams/adapter';
import { createTeamsModule } from '../../../src/teams/teams-module';
import type { TeamsMessenger } from '../../../src/teams/teams-messenger';
import { FakeTeamsConnector, type ConnectorCall } from '../../helpers/fake-teams-connector';
import { inputValues } from './support/chat';
import { describeActivity, describeCard } from './support/describe-activity';
import { until } from './support/fixtures';

type Json = Record<string, unknown>;

/**
 * The guided flow in the real bot over HTTP: restify, CloudAdapter, the lead's Teams module (routers, guard),
 * proactive turns through continueConversationAsync, and a fake Teams connector as serviceUrl. The composition
 * below is src/app.ts plus exactly the wiring the guided flow needs (marked "connect:").
 */
describe('guided flow over HTTP, wired into the Teams module', () => {
  const connector = new FakeTeamsConnector();
  let dir: string;
  let sim: RunningSimulator;
  let store: SqliteStore;
  let connect: ConnectFeature;
  let stopAll: () => Promise<void>;
  let botUrl: string;
  let seq = 0;

  beforeAll(async () => {
    await connector.start();
    dir = mkdtempSync(join(tmpdir(), 'connect-http-'));
    const config = loadConfig({
      PORT: '0',
      SANDBOX_ARM_PORT: '0',
      DATA_DIR: dir,
      POLL_INTERVAL_SECONDS: '3600',
    });
    const logger = pino({ level: 'silent' });
    sim = await startSimulator({ lroSeconds: 0.2, adfSyncSeconds: 0.3, probeSeconds: 0.2 });
    const gateway = createArmGateway({
      credential: new SandboxCredential(),
      endpoint: sim.url,
      caPem: sim.caPem,
      scopes: config.azure.scopes.map((s) => ({ ...s })),
      logger,
      lroPollIntervalMs: 50,
    });
    store = new SqliteStore({ path: databasePath(dir), now: () => new Date() });
    const approvals = createApprovalModule(
      gateway,
      store,
      {
        allowedTenantIds: config.teams.allowedTenantIds,
        approverIds: config.approvers.ids,
        approversFile: undefined,
        pollIntervalSeconds: 3600,
      },
      logger,
    );
    const adapter = createAdapter(config.bot, logger);
    // connect: the feature, its sink on the approval events, and its commands, taps and messages in the Teams module.
    // The messenger is built by the Teams module, after the feature: bound late (it is only used later).
    const late: { messenger?: TeamsMessenger } = {};
    connect = createConnectFeature({
      gateway,
      store,
      proactive: cloudAdapterTurns(adapter, config.bot.appId),
      poster: { post: (reference, kind, activity) => late.messenger!.post(reference, kind, activity) },
      logger,
      settings: { testPollMs: 100, deliverDelayMs: 100 },
    });
    approvals.events.add(connect.eventSink);
    const teams = createTeamsModule({
      adapter,
      appId: config.bot.appId,
      guard: config.teams,
      store,
      approvals,
      environmentNote: '',
      logger,
      extraCommands: connect.commands,
      extraCardActions: connect.cardActions,
      beforeCommand: (turn) => connect.onMessage(turn),
    });
    late.messenger = teams.messenger;
    const server = await startServer({ adapter, bot: teams.bot, mode: config.mode, logger }, '127.0.0.1', 0);
    botUrl = server.url;
    await connect.start();
    stopAll = async () => {
      await server.stop();
      await connect.stop();
      await approvals.stop();
      await store.close();
      await sim.close();
    };
  });

  afterAll(async () => {
    await stopAll();
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = async (activity: Json): Promise<Json> => {
    const res = await fetch(`${botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...activity, serviceUrl: connector.url }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    return text ? (JSON.parse(text) as Json) : {};
  };
  const say = (text: string) => post({ ...structuredClone(personalMessage), id: `m${++seq}`, text });
  const said = () =>
    connector.calls
      .filter((c) => c.kind !== 'update')
      .map((c: ConnectorCall) => describeActivity(c.body as never))
      .join('\n');
  const lastCard = (): { id: string; card: Json } => {
    const call = [...connector.calls]
      .reverse()
      .find((c) => c.kind !== 'update' && (c.body['attachments'] as unknown[] | undefined)?.length);
    return { id: call!.newId!, card: (call!.body['attachments'] as Array<{ content: Json }>)[0]!.content };
  };
  const tap = async (title: string, inputs: Json = {}): Promise<Json> => {
    const { id, card } = lastCard();
    const action = (card['actions'] as Json[]).find((a) => a['title'] === title)!;
    const base = structuredClone(personalMessage) as Json;
    delete base['text'];
    return post({
      ...base,
      id: `t${++seq}`,
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: id,
      value: {
        action: {
          type: 'Action.Execute',
          verb: action['verb'],
          data: { ...(action['data'] as Json), ...inputValues(card), ...inputs },
        },
        trigger: 'manual',
      },
    });
  };

  it('runs the flow through the real adapter: cards, tap answers, the proactive resume, progress updates', async () => {
    await say('connect adf-contoso pg-sandbox');
    expect(said()).toContain('Create a managed private endpoint');
    const answer = await tap('Create endpoint');
    expect(answer).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(describeCard(answer['value'])).toContain('Managed private endpoint: mpe-pg-sandbox');
    await until(() => said().includes('I created the managed private endpoint mpe-pg-sandbox'), 5000, said);

    const connection = sim.world.connectionForEndpoint(
      {
        subscriptionId: '11111111-1111-1111-1111-111111111111',
        resourceGroup: 'rg-analytics',
        factoryName: 'adf-contoso',
      },
      'mpe-pg-sandbox',
    )!;
    sim.world.approveConnection({
      server: {
        subscriptionId: '11111111-1111-1111-1111-111111111111',
        resourceGroup: 'rg-analytics',
        serverName: 'pg-sandbox',
      },
      connectionName: connection.name,
    });
    await new Promise((r) => setTimeout(r, 400));
    await connect.sweep();
    await until(() => said().includes('Which database'), 5000, said);

    for (const text of ['sandbox', 'adf_reader']) await say(text);
    await tap('Key Vault secret (recommended)');
    await say('pg-secret');
    await tap('Require (recommended)');
    await say('ok');
    await tap('Create and test');
    await until(() => said().includes('Connection successful'), 10_000, said);
    expect(
      connector
        .of('update')
        .map((u) => describeActivity(u.body as never))
        .join('\n'),
    ).toContain('Test SELECT 1 via ManagedVnetIR: ✅ done (Succeeded)');
    await say('status');
    await until(() => said().includes('You have no connection flows in progress'), 5000, said);
  });
});
