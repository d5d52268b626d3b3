import { SANDBOX_PEOPLE } from '../../../src/sandbox';
import { cardSchemaErrors } from '../../helpers/adaptive-card-schema';
import type { ConnectorCall } from '../../helpers/fake-teams-connector';
import { W } from '../../helpers/sandbox-azure';
import { cardOfCall, cardText, TeamsAppHarness } from '../../helpers/teams-app-harness';
import {
  APPROVAL_CARD_TITLE,
  callsIn,
  channel,
  connectionOf,
  requestConnection,
  say,
  type Json,
} from './support';
import { part } from '../../helpers/scenario';

/**
 * A burst of pending connections (a migration creating 37 private endpoints at once) is one summary card per
 * watching conversation, each request still one tap from its own approval card; Teams' throttling (429 with
 * Retry-After) delays cards but never loses or doubles one.
 */
jest.setTimeout(180_000);

const SERVERS = 12;
const harness = new TeamsAppHarness({ SANDBOX_LRO_SECONDS: '0.2', SANDBOX_ADF_SYNC_SECONDS: '3600' });
const place = channel(harness, '19:burst@thread.tacv2');
let endpointSeq = 0;

beforeAll(async () => {
  await harness.start();
  for (let i = 0; i < SERVERS; i++) {
    harness.sim.world.addServer({
      subscriptionId: W.subscriptionId,
      resourceGroup: W.resourceGroup,
      name: `pg-burst-${i}`,
      location: W.location,
    });
  }
  // Avery reads and approves across the subscription, so `watch` covers the burst servers too.
  await harness.grant(SANDBOX_PEOPLE.avery, 'reader');
  await harness.grant(SANDBOX_PEOPLE.avery, 'postgresApprover');
  expect((await say(harness, place.message('watch'))).texts[0]).toMatch(
    /^Watching for every watched server:/,
  );
  await harness.app.approvals.watcher.cycle(); // the sandbox's own pending request gets its card first
});
afterAll(() => harness.stop());

/** `count` new pending connections, spread over the burst servers; returns their names. */
function newConnections(count: number): string[] {
  return Array.from({ length: count }, () => {
    const n = endpointSeq++;
    return requestConnection(harness, `pg-burst-${n % SERVERS}`, `pe-burst-${n}`);
  });
}

/** What the bot posted (not updated) in the channel since `from` calls. */
const postedSince = (from: number): ConnectorCall[] =>
  callsIn(harness, place.key)
    .slice(from)
    .filter((c) => c.kind !== 'update');
/** `count` new pending connections, then a watcher cycle: their names and what the cycle posted in the channel. */
async function cycleWithNew(count: number): Promise<{ names: string[]; posted: ConnectorCall[] }> {
  const from = callsIn(harness, place.key).length;
  const names = newConnections(count);
  await harness.app.approvals.watcher.cycle();
  return { names, posted: postedSince(from) };
}

const isApprovalCard = (c: ConnectorCall) => cardText(cardOfCall(c)).includes(APPROVAL_CARD_TITLE);

/** The "Open card" actions of a summary card. */
function openActions(card: Json | undefined): Array<{ requestId: string; conversationId: string }> {
  const found: Array<{ requestId: string; conversationId: string }> = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const n = node as Json;
    if (n['type'] === 'Action.Execute' && n['verb'] === 'approval.open')
      found.push(n['data'] as { requestId: string; conversationId: string });
    Object.values(n).forEach(visit);
  };
  visit(card);
  return found;
}

function openTap(requestId: string, replyToId: string, conversationId = place.key): Json {
  const tap = harness.tap('approve', requestId, { replyToId });
  return {
    ...tap,
    value: {
      action: { type: 'Action.Execute', verb: 'approval.open', data: { requestId, conversationId } },
      trigger: 'manual',
    },
  };
}

let summary: ConnectorCall | undefined;
const summaryCard = (): ConnectorCall => {
  if (!summary) throw new Error('no summary card was posted (see the first test)');
  return summary;
};

it('a burst of requests, Teams throttling the channel, and a summary line opened: one scenario in order', async () => {
  await part(
    '37 new pending connections on 12 servers in one cycle: one summary card, no card each, none again after a restart',
    async () => {
      const from = callsIn(harness, place.key).length;
      const { names, posted } = await cycleWithNew(37);
      expect(posted).toHaveLength(1);
      summary = posted[0]!;
      const card = cardOfCall(summary);
      expect(cardSchemaErrors(card)).toEqual([]);
      expect(cardText(card)).toContain('37 new requests on 12 servers');
      const open = await harness.app.store.requests.listOpen();
      const burst = open.filter((r) => names.includes(r.connectionName));
      expect(burst).toHaveLength(37);
      expect(
        openActions(card)
          .map((a) => a.requestId)
          .sort(),
      ).toEqual(burst.map((r) => r.id).sort());
      expect(openActions(card).every((a) => a.conversationId === place.key)).toBe(true);

      await harness.app.approvals.watcher.cycle();
      await harness.restart();
      await harness.app.approvals.watcher.cycle();
      expect(postedSince(from)).toHaveLength(1);
    },
  );

  await part('3 new ones in the next cycle get a card each', async () => {
    const { names, posted } = await cycleWithNew(3);
    expect(posted).toHaveLength(3);
    expect(posted.every(isApprovalCard)).toBe(true);
    expect(posted.map((c) => connectionOf(cardOfCall(c))).sort()).toEqual([...names].sort());
  });

  await part('waits what Retry-After says and posts again: every card once', async () => {
    const from = callsIn(harness, place.key).length;
    harness.connector.throttle(place.key, 2, 1);
    const names = newConnections(2);
    await harness.app.approvals.watcher.cycle();
    const posted = postedSince(from);
    expect(posted.map((c) => connectionOf(cardOfCall(c))).sort()).toEqual([...names].sort());
    const [refused, nextRefused] = harness.connector.throttled.slice(-2);
    // The second try came no sooner than the first 429's Retry-After (a lower bound: it cannot be early).
    expect(nextRefused!.at - refused!.at).toBeGreaterThanOrEqual(1_000);
    expect(posted[0]!.at - nextRefused!.at).toBeGreaterThanOrEqual(1_000);
  });

  await part(
    'throttled past the retries: the card is posted next cycle, not lost and not doubled',
    async () => {
      const from = callsIn(harness, place.key).length;
      const throttledBefore = harness.connector.throttled.length;
      // Teams' connector client tries a 429 with Retry-After 4 times: the first card gives up, the second gets through.
      harness.connector.throttle(place.key, 5, 1);
      const names = newConnections(2);
      await harness.app.approvals.watcher.cycle();
      expect(harness.connector.throttled.length - throttledBefore).toBe(5);
      expect(postedSince(from)).toHaveLength(1);
      await harness.app.approvals.watcher.cycle();
      const posted = postedSince(from);
      expect(posted.map((c) => connectionOf(cardOfCall(c))).sort()).toEqual([...names].sort());
      await harness.app.approvals.watcher.cycle();
      expect(postedSince(from)).toHaveLength(2);
    },
  );

  // Last: the decision it makes replies in the summary's thread, which the counts above must not see.
  await part(
    '"Open card" posts that request\'s approval card in the summary\'s thread, once, and the card decides',
    async () => {
      const [first, second] = openActions(cardOfCall(summaryCard()));
      const from = callsIn(harness, place.key).length;
      const answer = await harness.post(openTap(first!.requestId, summaryCard().newId!));
      expect(answer.body).toMatchObject({
        statusCode: 200,
        type: 'application/vnd.microsoft.activity.message',
      });
      const posted = postedSince(from);
      expect(posted).toHaveLength(1);
      expect(posted[0]).toMatchObject({ kind: 'reply', conversationId: summaryCard().conversationId });
      const request = await harness.app.store.requests.get(first!.requestId);
      expect(connectionOf(cardOfCall(posted[0]!))).toBe(request?.connectionName);
      expect(cardSchemaErrors(cardOfCall(posted[0]!))).toEqual([]);

      // Tapped again: no second card.
      const again = await harness.post(openTap(first!.requestId, summaryCard().newId!));
      expect(String(again.body['value'])).toMatch(/already in this conversation/);
      // A tap naming a request from another card than the summary that listed it: refused, nothing posted.
      const forged = await harness.post(openTap(second!.requestId, posted[0]!.newId!));
      expect(forged.body).toMatchObject({ statusCode: 403 });
      expect(postedSince(from)).toHaveLength(1);

      const decided = await harness.post(
        harness.tap('approve', first!.requestId, { replyToId: posted[0]!.newId! }),
      );
      expect(decided.body).toMatchObject({
        statusCode: 200,
        type: 'application/vnd.microsoft.card.adaptive',
      });
      expect(cardText(decided.body['value'] as Json)).toContain('Approving… by Avery Approver');
      // Azure's write finishes by itself (SANDBOX_LRO_SECONDS): the decision is done before the bot stops.
      await harness.connector.waitFor(
        (calls) =>
          calls.some((c) => c.kind === 'reply' && String(c.body['text']).includes('approved the connection')),
        30_000,
      );
    },
  );
});
