import { cardSchemaErrors } from '../../helpers/adaptive-card-schema';
import { factoryRef, serverRef } from '../../helpers/sandbox-azure';
import {
  APPROVER,
  attentionLines,
  cardActions,
  cardOfCall,
  cardText,
  REQUESTER,
  TeamsAppHarness,
} from '../../helpers/teams-app-harness';

/**
 * Issue 12, part 1: a refused or invalid tap is answered with the card, for the person who tapped only, carrying a
 * red line that says why and what they typed; the shared card stays as it is. The requester's own view (the card's
 * refresh) has no buttons. Checked on the invoke's answer as Teams receives it, and on the fake connector: the
 * card in the conversation is never updated by a refusal.
 */
jest.setTimeout(60_000);

type Json = Record<string, unknown>;

const harness = new TeamsAppHarness({ SANDBOX_LRO_SECONDS: '0.5' });
/** Riley as Teams sends her: her Teams user id is what the card's refresh lists. */
const RILEY_TEAMS_ID = REQUESTER.id;
let counter = 0;

beforeAll(async () => {
  await harness.start();
  await harness.post(harness.channelMessage('watch'));
});
afterAll(() => harness.stop());

/** A fresh pending connection to pg-sandbox, asked for by `requester` through the guided flow, and its card. */
async function newRequest(requester = REQUESTER): Promise<{ id: string; shared: Json }> {
  const mpe = `mpe-refusal-${++counter}`;
  await harness.app.store.endpointRequests.record({
    factory: factoryRef,
    endpointName: mpe,
    server: serverRef('pg-sandbox'),
    requester: { aadObjectId: requester.aadObjectId, name: requester.name, teamsUserId: requester.id },
    flowId: `flow-${counter}`,
  });
  const request = await harness.pendingRequestThrough(mpe);
  const posted = harness.connector.calls.find((c) => c.newId === harness.connector.cardIdFor(request.id))!;
  return { id: request.id, shared: cardOfCall(posted)! };
}

/** The card in an invoke's answer, after checking the answer is a card (never an error only a log shows). */
function answeredCard(body: Json): Json {
  expect(body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  const card = body['value'] as Json;
  expect(cardSchemaErrors(card)).toEqual([]);
  return card;
}

function reasonInput(card: Json): Json | undefined {
  return (card['body'] as Json[]).find((e) => e['type'] === 'Input.Text' && e['id'] === 'reason');
}

const buttonTitles = (card: Json) =>
  cardActions(card)
    .filter((a) => a['type'] === 'Action.Execute')
    .map((a) => a['title']);

/** Every change the bot made to conversations after `mark` (posts, updates) about request `id`. */
const changesSince = (mark: number, id: string) =>
  harness.connector.calls.slice(mark).filter((c) => JSON.stringify(c.body).includes(id));

describe('a refused tap shows why on the card, for the person who tapped only', () => {
  it('self-approval: the requester sees their own view with the red line; the shared card is unchanged', async () => {
    const { id } = await newRequest(APPROVER);
    const mark = harness.connector.calls.length;
    const answer = await harness.post(harness.tap('approve', id, { reason: 'Approving my own request' }));
    const card = answeredCard(answer.body);
    expect(attentionLines(card)).toEqual(['You asked for this connection, so another approver must decide.']);
    expect(cardText(card)).toContain('Waiting for another approver');
    expect(buttonTitles(card)).toEqual([]);
    await harness.app.approvals.runner.idle();
    expect(changesSince(mark, id)).toEqual([]);
    expect((await harness.app.store.requests.get(id))?.status).toBe('pending');
  });

  it('Reject without a reason: the red line asks for one; the buttons and what was typed stay', async () => {
    const { id } = await newRequest();
    const mark = harness.connector.calls.length;
    const typed = '   \u200b ';
    const answer = await harness.post(harness.tap('reject', id, { reason: typed }));
    const card = answeredCard(answer.body);
    expect(attentionLines(card)).toEqual([expect.stringMatching(/^Please give a reason for rejecting/)]);
    expect(reasonInput(card)?.['value']).toBe(typed);
    expect(buttonTitles(card)).toEqual(['Approve', 'Reject']);
    expect(cardText(card)).toContain('Waiting for a decision');
    await harness.app.approvals.runner.idle();
    expect(changesSince(mark, id)).toEqual([]);
  });

  it('someone who may not approve: the red line names why, the reason they typed is kept', async () => {
    const { id } = await newRequest(APPROVER);
    const mark = harness.connector.calls.length;
    const answer = await harness.post(harness.tap('approve', id, { from: REQUESTER, reason: 'Looks fine' }));
    const card = answeredCard(answer.body);
    expect(attentionLines(card)).toEqual([expect.stringMatching(/Azure says your account lacks/)]);
    expect(reasonInput(card)?.['value']).toBe('Looks fine');
    await harness.app.approvals.runner.idle();
    expect(changesSince(mark, id)).toEqual([]);
    expect((await harness.app.store.audit.list({ requestId: id }))[0]).toMatchObject({ action: 'refused' });
  });

  it('a card of a request the bot no longer knows is answered in words, not with an error', async () => {
    const { id } = await newRequest();
    const unknown = 'req-00000000000000000000';
    const answer = await harness.post(
      harness.tap('approve', unknown, { replyToId: harness.connector.cardIdFor(id)! }),
    );
    expect(answer.body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'This request is not known to the bot any more.',
    });
  });

  it('the shared card has no red line and an empty reason box', async () => {
    const { shared } = await newRequest();
    expect(cardSchemaErrors(shared)).toEqual([]);
    expect(attentionLines(shared)).toEqual([]);
    expect(reasonInput(shared)?.['value']).toBe('');
  });
});

describe("the requester's own view (refresh.userIds)", () => {
  it('the shared card lists the requester for a refresh of this request, and keeps its buttons', async () => {
    const { id, shared } = await newRequest();
    expect(shared['refresh']).toEqual({
      action: { type: 'Action.Execute', title: 'Refresh', verb: 'approval.refresh', data: { requestId: id } },
      userIds: [RILEY_TEAMS_ID],
    });
    expect(buttonTitles(shared)).toEqual(['Approve', 'Reject']);
  });

  it("the requester's refresh answers with no buttons and 'Waiting for another approver'", async () => {
    const { id } = await newRequest();
    const mark = harness.connector.calls.length;
    const answer = await harness.post(
      harness.tap('approval.refresh', id, { from: REQUESTER, trigger: 'automatic' }),
    );
    const card = answeredCard(answer.body);
    expect(cardText(card)).toContain('Waiting for another approver');
    expect(buttonTitles(card)).toEqual([]);
    expect(attentionLines(card)).toEqual([]);
    expect(changesSince(mark, id)).toEqual([]);
  });

  it("an approver's refresh answers with the shared card, buttons included", async () => {
    const { id } = await newRequest();
    const card = answeredCard((await harness.post(harness.tap('approval.refresh', id))).body);
    expect(cardText(card)).toContain('Waiting for a decision');
    expect(buttonTitles(card)).toEqual(['Approve', 'Reject']);
  });

  it('a decided request carries no refresh: nobody has buttons any more', async () => {
    const { id } = await newRequest();
    const cardId = harness.connector.cardIdFor(id);
    const answer = await harness.post(harness.tap('approve', id, { reason: 'ok' }));
    expect(answer.body).toMatchObject({ statusCode: 200 });
    await harness.app.approvals.runner.idle();
    const approvedCard = () =>
      harness.connector
        .of('update')
        .filter((c) => c.activityId === cardId)
        .map(cardOfCall)
        .find((c) => cardText(c).includes('Approved by Avery Approver'));
    await harness.connector.waitFor(() => approvedCard() !== undefined);
    const updated = approvedCard()!;
    expect(updated['refresh']).toBeUndefined();
    expect(cardSchemaErrors(updated)).toEqual([]);
  });
});
