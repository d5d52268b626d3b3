import personalMessage from '../../fixtures/teams/personal-message.json';
import type { ConnectorCall } from '../../helpers/fake-teams-connector';
import { cardActions } from '../../helpers/teams-activities';
import { REQUESTER, TeamsAppHarness } from '../../helpers/teams-app-harness';
import { inputValues } from './support/chat';
import { describeActivity, describeCard } from './support/describe-activity';
import { until } from './support/fixtures';
import { activityLogEvents } from '../identity/support';
import { SANDBOX_PEOPLE } from '../../../src/sandbox';

type Json = Record<string, unknown>;

/**
 * The guided flow in the real bot over HTTP, started by the real composition root (startApp): restify,
 * CloudAdapter, the Teams module's routers and guard, proactive turns through continueConversationAsync, and a
 * fake Teams connector as serviceUrl. Only the flow's timings are shortened.
 */
const started = new Date(Date.now() - 60_000);

describe('guided flow over HTTP, wired into the Teams module', () => {
  const harness = new TeamsAppHarness(
    { SANDBOX_LRO_SECONDS: '0.2', SANDBOX_ADF_SYNC_SECONDS: '0.3' },
    undefined,
    undefined,
    { connectSettings: { testPollMs: 100, deliverDelayMs: 100 }, lroPollIntervalMs: 50 },
  );
  const connector = harness.connector;
  let seq = 0;

  beforeAll(() => harness.start());
  afterAll(() => harness.stop());

  const post = async (activity: Json): Promise<Json> => {
    const res = await fetch(`${harness.app.botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...activity, serviceUrl: connector.url }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    return text ? (JSON.parse(text) as Json) : {};
  };
  // Riley under the Teams id the sandbox's directory knows her by (its token service signs her in silently).
  const say = (text: string) =>
    post({ ...structuredClone(personalMessage), from: REQUESTER, id: `m${++seq}`, text });
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
    const action = cardActions(card).find((a) => a['title'] === title)!;
    const base = structuredClone(personalMessage) as Json;
    delete base['text'];
    return post({
      ...base,
      from: REQUESTER,
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

    const connection = harness.sim.world.connectionForEndpoint(
      {
        subscriptionId: '11111111-1111-1111-1111-111111111111',
        resourceGroup: 'rg-analytics',
        factoryName: 'adf-contoso',
      },
      'mpe-pg-sandbox',
    )!;
    harness.sim.world.approveConnection({
      server: {
        subscriptionId: '11111111-1111-1111-1111-111111111111',
        resourceGroup: 'rg-analytics',
        serverName: 'pg-sandbox',
      },
      connectionName: connection.name,
    });
    harness.sim.world.fastForward(); // Data Factory's view catches up with the approval
    await harness.app.connect.sweep();
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

    // Every write the flow made, it made as Riley (ACT_AS=user): Azure's activity log names her, never the bot.
    const writes = (await activityLogEvents(harness, started)).filter(
      (e) => e.resourceId.includes('/factories/adf-contoso') && e.status !== 'Failed',
    );
    const operations = new Set(writes.map((e) => e.operationName.toLowerCase()));
    for (const operation of [
      'microsoft.datafactory/factories/managedvirtualnetworks/managedprivateendpoints/write',
      'microsoft.datafactory/factories/linkedservices/write',
      'microsoft.datafactory/factories/datasets/write',
      'microsoft.datafactory/factories/pipelines/write',
      'microsoft.datafactory/factories/pipelines/createrun/action',
    ])
      expect(operations).toContain(operation);
    expect(new Set(writes.map((e) => e.caller))).toEqual(new Set([SANDBOX_PEOPLE.riley.userPrincipalName]));
  });
});
