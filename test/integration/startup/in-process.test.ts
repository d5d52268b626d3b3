import pino from 'pino';
import channelMessage from '../../fixtures/teams/channel-message-watch.json';
import personalMessage from '../../fixtures/teams/personal-message.json';
import { FakeTeamsConnector } from '../../helpers/fake-teams-connector';
import { startApp, type AppHandle } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import { SANDBOX_SUBSCRIPTION_ID } from '../../../src/config/sandbox-identities';
import { postJson, tempDir } from './support';

/**
 * The whole app in-process, in sandbox mode, on free ports: real restify, real CloudAdapter, real ARM gateway
 * against the real simulator. Only Teams' connector (the activity's serviceUrl) is a local fake.
 */
jest.setTimeout(30_000);

const OTHER_TENANT = 'dddddddd-0000-4000-8000-000000000004';
let app: AppHandle;
let connector: FakeTeamsConnector;
let dataDir: ReturnType<typeof tempDir>;

beforeAll(async () => {
  dataDir = tempDir('pl-bot-startup-');
  connector = await new FakeTeamsConnector().start();
  const config = loadConfig({ PORT: '0', SANDBOX_ARM_PORT: '0', DATA_DIR: dataDir.path });
  app = await startApp(config, { logger: pino({ level: 'silent' }) });
});

afterAll(async () => {
  await app?.stop();
  await connector?.stop();
  dataDir?.remove();
});

beforeEach(() => {
  connector.calls.length = 0;
});

function fromTeams<T extends object>(fixture: T, patch: Record<string, unknown> = {}): T {
  return { ...structuredClone(fixture), serviceUrl: connector.url, ...patch };
}

function adaptiveCardOf(body: Record<string, unknown>): Record<string, unknown> | undefined {
  const attachments = body['attachments'] as
    Array<{ contentType: string; content: Record<string, unknown> }> | undefined;
  return attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

function factTitles(card: Record<string, unknown> | undefined): string[] {
  const body = (card?.['body'] ?? []) as Array<{ type: string; facts?: Array<{ title: string }> }>;
  return body.flatMap((e) => (e.type === 'FactSet' ? (e.facts ?? []).map((f) => f.title) : []));
}

/**
 * An absence check with a positive signal first: after the message that must go unanswered, one that is answered
 * (help in the same chat). Once its answer has arrived, a reply to the first would have arrived too.
 */
async function onlyTheMarkerIsAnswered(): Promise<void> {
  const marker = fromTeams(personalMessage, { id: 'marker-after-the-ignored-message' });
  expect((await postJson(`${app.botUrl}/api/messages`, marker)).status).toBe(200);
  await connector.waitFor((calls) => calls.length > 0);
  expect(connector.calls).toHaveLength(1);
  expect(factTitles(adaptiveCardOf(connector.calls[0]!.body))).toContain('help');
}

describe('the app in sandbox mode', () => {
  it('answers /healthz with the mode, its role and whether its store answers, and nothing else', async () => {
    const res = await fetch(`${app.botUrl}/healthz`, { signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      mode: 'sandbox',
      role: 'leader',
      store: { kind: 'sqlite', reachable: true },
    });
  });

  it('listens on loopback only', () => {
    expect(app.botUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(app.armUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers "help" in a personal chat with the help card', async () => {
    const res = await postJson(`${app.botUrl}/api/messages`, fromTeams(personalMessage));
    expect(res.status).toBe(200);
    await connector.waitFor((calls) => calls.length > 0, 5000);
    const [call] = connector.calls;
    expect(call?.conversationId).toBe(personalMessage.conversation.id);
    const card = adaptiveCardOf(call!.body);
    expect(card?.['version']).toBe('1.5');
    expect(factTitles(card)).toContain('help');
    expect(JSON.stringify(card)).toContain('Azure is simulated');
  });

  it('strips the @mention in a channel and answers unknown text with help', async () => {
    const res = await postJson(
      `${app.botUrl}/api/messages`,
      fromTeams(channelMessage, { text: '<at>PL Approvals</at> frobnicate\n' }),
    );
    expect(res.status).toBe(200);
    await connector.waitFor((calls) => calls.length > 0, 5000);
    expect(factTitles(adaptiveCardOf(connector.calls[0]!.body))).toContain('help');
  });

  it('ignores a message from another tenant', async () => {
    const foreign = fromTeams(personalMessage, {
      conversation: { ...personalMessage.conversation, tenantId: OTHER_TENANT },
      channelData: { tenant: { id: OTHER_TENANT } },
    });
    const res = await postJson(`${app.botUrl}/api/messages`, foreign);
    expect(res.status).toBeLessThan(300);
    await onlyTheMarkerIsAnswered();
  });

  it('ignores a message from another channel', async () => {
    await postJson(`${app.botUrl}/api/messages`, fromTeams(personalMessage, { channelId: 'webchat' }));
    await onlyTheMarkerIsAnswered();
  });

  it('answers an invoke from another tenant with 403 and a Teams error body', async () => {
    const invoke = fromTeams(personalMessage, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      text: undefined,
      value: { action: { type: 'Action.Execute', verb: 'approve', data: {} }, trigger: 'manual' },
      conversation: { ...personalMessage.conversation, tenantId: OTHER_TENANT },
      channelData: { tenant: { id: OTHER_TENANT } },
    });
    const res = await postJson(`${app.botUrl}/api/messages`, invoke);
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ statusCode: 403, type: 'application/vnd.microsoft.error' });
    expect(connector.calls).toEqual([]);
  });

  it('reaches the simulator through the real gateway: the seeded pending connection is there', async () => {
    const connections = await app.gateway.listConnections({
      subscriptionId: SANDBOX_SUBSCRIPTION_ID,
      resourceGroup: 'rg-analytics',
      serverName: 'pg-orders',
    });
    expect(connections.some((c) => c.status === 'Pending')).toBe(true);
  });
});
