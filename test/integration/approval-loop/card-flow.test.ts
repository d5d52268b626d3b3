import { cardSchemaErrors } from '../../helpers/adaptive-card-schema';
import { eventually } from '../../helpers/eventually';
import { seededConnection } from '../../helpers/sandbox-azure';
import { APPROVER, cardOfCall, cardText, hasButtons, TeamsAppHarness } from '../../helpers/teams-app-harness';

/**
 * The approval loop over real HTTP: Teams activities into the real restify server, cards out to a fake Teams
 * connector, decisions into the simulated Azure. The simulated Azure's clock only moves when a test says so
 * (fastForward): an Azure write stays in progress, and Data Factory does not see a decision, until then.
 * Each test starts its own bot, conversations and cards.
 */
jest.setTimeout(60_000);

const PUTS = { method: 'PUT', path: /privateEndpointConnections\// };
let harness: TeamsAppHarness;

beforeEach(async () => {
  harness = new TeamsAppHarness({ SANDBOX_LRO_SECONDS: '3600', SANDBOX_ADF_SYNC_SECONDS: '3600' });
  await harness.start();
  expect((await harness.post(harness.channelMessage('watch'))).status).toBe(200);
  // A second conversation: an approver's personal chat (only approvers may watch a server's requests).
  expect((await harness.post(harness.personalMessage('watch', APPROVER))).status).toBe(200);
});
afterEach(() => harness.stop());

// botbuilder sends proactive messages as replies to the continuation activity; Teams treats them as new messages.
const cardPosts = () => harness.connector.calls.filter((c) => c.kind !== 'update' && cardOfCall(c)?.['body']);
const approvalCards = () =>
  cardPosts().filter((c) => cardText(cardOfCall(c)).includes('Private endpoint connection request'));

/** The watcher sees the seeded pending connection and posts its card to both conversations; its request id. */
async function seededRequestWithCards(): Promise<string> {
  // cycle() resolves after the notifier has posted (events are awaited), so the cards are there now.
  await harness.app.approvals.watcher.cycle();
  expect(approvalCards()).toHaveLength(2);
  return (await harness.app.store.requests.listOpen())[0]!.id;
}

describe('a new pending connection', () => {
  it('posts one valid card per subscribed conversation, and never again: more polls, a restart', async () => {
    await seededRequestWithCards();
    const [channel, personal] = [
      approvalCards().find((c) => c.kind === 'create')!,
      approvalCards().find((c) => c.kind !== 'create')!,
    ];
    expect(channel.conversationId).toMatch(/^19:approvers.*@thread\.tacv2;messageid=/);
    expect(personal.conversationId).toMatch(/^a:/);
    for (const call of approvalCards()) {
      expect(cardSchemaErrors(cardOfCall(call))).toEqual([]);
      expect(cardText(cardOfCall(call))).toContain(
        'Data Factory adf-contoso, managed private endpoint mpe-pg-orders',
      );
      expect(hasButtons(cardOfCall(call))).toBe(true);
    }

    // Each cycle below publishes the request as pending again and awaits the notifier: had it posted another
    // card, the card would be recorded by the time cycle() resolves.
    expect(await harness.app.approvals.watcher.cycle()).toMatchObject({ opened: 0 });
    expect(await harness.app.approvals.watcher.cycle()).toMatchObject({ opened: 0 });
    await harness.restart();
    expect(await harness.app.approvals.watcher.cycle()).toMatchObject({ opened: 0 });
    expect(approvalCards()).toHaveLength(2);
  });
});

describe('an approver taps Approve', () => {
  it('is answered before Azure finishes, updates every card twice, approves in Azure, audits, and follows up', async () => {
    const requestId = await seededRequestWithCards();
    const card = approvalCards().find((c) => c.kind === 'create')!;
    const answer = await harness.post(
      harness.tap('approve', requestId, { replyToId: card.newId!, reason: 'Owner of adf-contoso, ok' }),
    );
    // Azure's write cannot have finished (its clock has not moved): the answer did not wait for it.
    expect(harness.sim.world.getConnection(seededConnection)?.status).toBe('Pending');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(cardText(answer.body['value'] as never)).toContain('Approving… by Avery Approver');
    expect(hasButtons(answer.body['value'] as never)).toBe(false);

    const updates = () => harness.connector.of('update');
    await harness.connector.waitFor(
      () => updates().filter((u) => cardText(cardOfCall(u)).includes('Approving…')).length === 2,
    );
    // Azure took the write (the resume token is stored); now let it finish.
    await eventually(async () => (await harness.app.store.operations.get(requestId)) !== undefined);
    harness.sim.world.fastForward();
    await harness.connector.waitFor(
      () =>
        updates().filter((u) => cardText(cardOfCall(u)).includes('Approved by Avery Approver')).length === 2,
      20_000,
    );
    const final = updates().filter((u) => cardText(cardOfCall(u)).includes('Approved by Avery Approver'));
    expect(final.map((u) => u.activityId).sort()).toEqual(
      approvalCards()
        .map((c) => c.newId)
        .sort(),
    );
    for (const u of final) {
      expect(hasButtons(cardOfCall(u))).toBe(false);
      expect(cardText(cardOfCall(u))).toContain('Owner of adf-contoso, ok');
      expect(cardSchemaErrors(cardOfCall(u))).toEqual([]);
    }
    expect(harness.sim.world.getConnection(seededConnection)?.status).toBe('Approved');
    expect(harness.sim.requests.count(PUTS)).toBe(1);
    const [audit] = await harness.app.store.audit.list({ requestId, action: 'approve' });
    expect(audit).toMatchObject({
      actor: { aadObjectId: APPROVER.aadObjectId, name: 'Avery Approver' },
      reason: 'Owner of adf-contoso, ok',
    });

    await harness.connector.waitFor(() =>
      harness.connector
        .of('reply')
        .some((r) => String(r.body['text']).includes('approved the connection to pg-orders')),
    );
    // The fastForward above also brought Data Factory's view of the decision; the next check notices it.
    await harness.app.approvals.watcher.cycle();
    await harness.connector.waitFor(
      () =>
        harness.connector
          .of('reply')
          .filter((r) =>
            String(r.body['text']).includes('Data Factory adf-contoso now sees the endpoint as Approved'),
          ).length === 2,
    );
  });
});
