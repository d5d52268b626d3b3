import { SANDBOX_PEOPLE } from '../../../src/sandbox';
import installationUpdate from '../../fixtures/teams/installation-update-team.json';
import { cardSchemaErrors } from '../../helpers/adaptive-card-schema';
import { cardOfCall, REQUESTER, TeamsAppHarness } from '../../helpers/teams-app-harness';
import { approvalCardsIn, callsIn, channel, type Json, say, TENANT, textsOf } from './support';

/** Installing and removing the bot (installationUpdate) over real HTTP. */
jest.setTimeout(30_000);

const harness = new TeamsAppHarness({ SANDBOX_LRO_SECONDS: '0.2' });
const TEAM = installationUpdate.conversation.id; // the team's General channel has the team's id
const store = () => harness.app.store;

beforeAll(async () => {
  await harness.start();
  // Avery reads the whole subscription here, so `watch` covers every server: these tests are about conversations.
  await harness.grant(SANDBOX_PEOPLE.avery, 'reader');
  await harness.app.approvals.watcher.cycle(); // joins the start-up cycle, so no cycle runs behind a test's back
});
afterAll(() => harness.stop());

let seq = 0;
function installation(action: 'add' | 'remove', overrides: Json = {}): Json {
  return { ...structuredClone(installationUpdate), action, id: `f:install-${action}-${++seq}`, ...overrides };
}

describe('installationUpdate', () => {
  it('add in a team posts the welcome card there and stores the installation', async () => {
    const before = harness.connector.calls.length;
    const res = await harness.post(installation('add'));
    expect(res.status).toBe(200);

    const posted = harness.connector.calls
      .slice(before)
      .filter((c) => c.conversationId.split(';')[0] === TEAM);
    expect(posted).toHaveLength(1);
    const welcome = cardOfCall(posted[0]!);
    expect(cardSchemaErrors(welcome)).toEqual([]);
    expect(textsOf(welcome)[0]).toBe(
      'Hello! I look after Private Link connections from Azure Data Factory to PostgreSQL.',
    );
    expect(textsOf(welcome).at(-1)).toMatch(/^Sandbox: Azure is simulated on this machine/);
    // The three things people do first: watch (approvers), pending, connect (requesters).
    expect(JSON.stringify(welcome)).toMatch(/"title":"watch".*"title":"pending".*"title":"connect"/);

    const stored = await store().conversations.getInstallation(TEAM);
    expect(stored).toMatchObject({ conversationId: TEAM, kind: 'channel', tenantId: TENANT });
    expect(stored!.reference).toMatchObject({
      conversation: { id: TEAM },
      serviceUrl: harness.connector.url,
      channelId: 'msteams',
    });
    expect(stored!.reference.activityId).toBeUndefined();

    // Teams may deliver the add again (reinstall, redelivery): still one installation.
    await harness.post(installation('add'));
    expect(
      (await store().conversations.listInstallations()).filter((i) => i.conversationId === TEAM),
    ).toHaveLength(1);
  });

  it('add in a personal chat remembers the 1:1 chat of the person', async () => {
    const chatId = 'a:install-personal-chat';
    const res = await harness.post(
      installation('add', {
        from: REQUESTER,
        conversation: { conversationType: 'personal', tenantId: TENANT, id: chatId },
        channelData: { tenant: { id: TENANT } },
      }),
    );
    expect(res.status).toBe(200);
    expect(callsIn(harness, chatId)).toHaveLength(1);
    expect(await store().conversations.getInstallation(chatId)).toMatchObject({ kind: 'personal' });
    expect(await store().conversations.getPersonalConversation(REQUESTER.aadObjectId)).toMatchObject({
      tenantId: TENANT,
      reference: { conversation: { id: chatId } },
    });
  });

  it('remove forgets the installation and its subscriptions; nothing is posted there any more', async () => {
    const general = channel(harness, TEAM);
    await say(harness, general.message('watch'));
    await say(harness, general.message('watch pg-orders'));
    const other = channel(harness, '19:install-another-team@thread.tacv2'); // a channel of another team
    await say(harness, other.message('watch'));
    expect(await store().subscriptions.listForConversation(TEAM)).toHaveLength(2);

    const before = harness.connector.calls.length;
    const res = await harness.post(installation('remove'));
    expect(res.status).toBe(200);
    expect(harness.connector.calls.slice(before)).toEqual([]); // nothing said to a team that removed the bot
    expect(await store().conversations.getInstallation(TEAM)).toBeUndefined();
    expect(await store().subscriptions.listForConversation(TEAM)).toEqual([]);
    expect(await store().subscriptions.listForConversation(other.key)).toHaveLength(1);

    await harness.app.approvals.watcher.cycle();
    expect(approvalCardsIn(harness, TEAM)).toEqual([]);
    expect(approvalCardsIn(harness, other.key)).toHaveLength(1);
  });
});
