import { cardSchemaErrors } from '../../helpers/adaptive-card-schema';
import { seededConnection } from '../../helpers/sandbox-azure';
import { APPROVER, cardOfCall, cardText, hasButtons, TeamsAppHarness } from '../../helpers/teams-app-harness';

/**
 * The approval loop over real HTTP: Teams activities into the real restify server, cards out to a fake Teams
 * connector, decisions into the simulated Azure. SANDBOX_LRO_SECONDS=10 as the issue asks for the timing check.
 */
jest.setTimeout(60_000);

const harness = new TeamsAppHarness({ SANDBOX_LRO_SECONDS: '10', SANDBOX_ADF_SYNC_SECONDS: '1' });
const PUTS = { method: 'PUT', path: /privateEndpointConnections\// };
let requestId: string;

beforeAll(async () => {
  await harness.start();
  expect((await harness.post(harness.channelMessage('watch'))).status).toBe(200);
  // A second conversation: an approver's personal chat (only approvers may watch a server's requests).
  expect((await harness.post(harness.personalMessage('watch', APPROVER))).status).toBe(200);
});
afterAll(() => harness.stop());

// botbuilder sends proactive messages as replies to the continuation activity; Teams treats them as new messages.
const cardPosts = () => harness.connector.calls.filter((c) => c.kind !== 'update' && cardOfCall(c)?.['body']);
const approvalCards = () =>
  cardPosts().filter((c) => cardText(cardOfCall(c)).includes('Private endpoint connection request'));

describe('a new pending connection', () => {
  it('posts one valid card per subscribed conversation, and never again: more polls, a restart', async () => {
    await harness.app.approvals.watcher.cycle();
    await harness.connector.waitFor(() => approvalCards().length === 2);
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
    requestId = (await harness.app.store.requests.listOpen())[0]!.id;

    await harness.app.approvals.watcher.cycle();
    await harness.app.approvals.watcher.cycle();
    await harness.restart();
    await harness.app.approvals.watcher.cycle();
    await new Promise((r) => setTimeout(r, 200));
    expect(approvalCards()).toHaveLength(2);
  });
});

describe('an approver taps Approve', () => {
  it('is answered in under a second, updates every card twice, approves in Azure, audits, and follows up', async () => {
    const card = approvalCards().find((c) => c.kind === 'create')!;
    const answer = await harness.post(
      harness.tap('approve', requestId, { replyToId: card.newId!, reason: 'Owner of adf-contoso, ok' }),
    );
    expect(answer.ms).toBeLessThan(1000);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(cardText(answer.body['value'] as never)).toContain('Approving… by Avery Approver');
    expect(hasButtons(answer.body['value'] as never)).toBe(false);

    const updates = () => harness.connector.of('update');
    await harness.connector.waitFor(
      () => updates().filter((u) => cardText(cardOfCall(u)).includes('Approving…')).length === 2,
    );
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
    await new Promise((r) => setTimeout(r, 1200)); // SANDBOX_ADF_SYNC_SECONDS=1
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
