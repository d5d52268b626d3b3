import { cardSchemaErrors } from '../../helpers/adaptive-card-schema';
import { shortName } from '../../../src/cards/short-name';
import { W } from '../../helpers/sandbox-azure';
import { SANDBOX_PEOPLE } from '../../../src/sandbox';
import {
  APPROVER,
  cardOfCall,
  cardText,
  refusalOnCard,
  REQUESTER,
  TeamsAppHarness,
} from '../../helpers/teams-app-harness';
import {
  approvalCardsIn,
  channel,
  connectionOf,
  fact,
  factsOf,
  groupChat,
  personalChat,
  type Place,
  requestConnection,
  say,
  TENANT,
  textsOf,
} from './support';

/**
 * The chat commands over real HTTP through the real bot (restify, CloudAdapter, guard, command router, store,
 * simulated Azure), answered to a fake Teams connector. Every card an answer carries is checked against the
 * Adaptive Card 1.5 schema in `say`, and once more for the whole file at the end.
 */
jest.setTimeout(30_000);

const ENV = { SANDBOX_LRO_SECONDS: '0.2', SANDBOX_ADF_SYNC_SECONDS: '1' };

/** A bot on the seeded world whose seeded pending connection to pg-orders is already known. */
async function startedHarness(): Promise<TeamsAppHarness> {
  const started = await new TeamsAppHarness(ENV).start();
  // Here Avery also reads the whole subscription (the platform team's view): the commands' mechanics are tested with
  // everything visible; what someone with fewer rights sees is tested at the end of the file.
  await started.grant(SANDBOX_PEOPLE.avery, 'reader');
  await started.app.approvals.watcher.cycle();
  return started;
}

/**
 * Runs a test on a bot of its own, for tests that count every card the watcher posts: other tests' requests in the
 * shared bot would change the count depending on the order the tests run in.
 */
async function withOwnHarness(test: (own: TeamsAppHarness) => Promise<void>): Promise<void> {
  const own = await startedHarness();
  try {
    await test(own);
  } finally {
    await own.stop();
  }
}

let harness: TeamsAppHarness;
const store = () => harness.app.store;

beforeAll(async () => {
  harness = await startedHarness();
});
afterAll(() => harness.stop());

const WATCHING_ALL = 'Watching for every watched server: new approval requests will be posted here.';

describe('watch', () => {
  it('in a channel subscribes the channel, not the message thread, once', async () => {
    const place = channel(harness, '19:watch-all@thread.tacv2');
    const first = await say(harness, place.message('watch'));
    expect(first.status).toBe(200);
    expect(first.texts).toEqual([WATCHING_ALL]);
    // The answer goes into the thread of the command; the subscription belongs to the channel.
    expect(first.calls[0]).toMatchObject({ kind: 'reply' });
    expect(first.calls[0]!.conversationId).toMatch(/^19:watch-all@thread\.tacv2;messageid=/);

    const [subscription, ...more] = await store().subscriptions.listForConversation(place.key);
    expect(more).toEqual([]);
    expect(subscription).toMatchObject({
      conversationId: place.key,
      kind: 'channel',
      tenantId: TENANT,
      subscribedBy: { aadObjectId: APPROVER.aadObjectId, name: APPROVER.name },
    });
    expect(subscription!.filter).toBeUndefined();
    expect(subscription!.reference.conversation?.id).toBe(place.key);
    expect(subscription!.reference.activityId).toBeUndefined();
    expect(subscription!.reference.serviceUrl).toBe(harness.connector.url);

    const again = await say(harness, place.message('watch'));
    expect(again.texts).toEqual(['This conversation was already watching for every watched server.']);
    expect(await store().subscriptions.listForConversation(place.key)).toHaveLength(1);
    const audit = await store().audit.list({ action: 'subscribe' });
    expect(audit.find((e) => e.detail?.includes(place.key))).toMatchObject({
      actor: { aadObjectId: APPROVER.aadObjectId, name: APPROVER.name },
      tenantId: TENANT,
      detail: `channel ${place.key} filter=*`,
    });
  });

  it('works in a channel, a group chat and a personal chat: each gets one card per pending request', () =>
    withOwnHarness(async (own) => {
      const places = [
        channel(own, '19:kinds-channel@thread.tacv2'),
        groupChat('19:kinds-group0123456789abcdef@thread.v2'),
        personalChat(own, 'a:kinds-personal-chat'),
      ];
      for (const place of places) {
        expect((await say(own, place.message('watch'))).texts).toEqual([WATCHING_ALL]);
        const [subscription] = await own.app.store.subscriptions.listForConversation(place.key);
        expect(subscription).toMatchObject({ conversationId: place.key, kind: place.kind, tenantId: TENANT });
      }
      await own.app.approvals.watcher.cycle();
      await own.app.approvals.watcher.cycle();
      for (const place of places) {
        const cards = approvalCardsIn(own, place.key);
        expect(cards).toHaveLength(1);
        expect(connectionOf(cardOfCall(cards[0]!))).toBe(W.pendingConnectionName);
        // A channel gets a new thread; chats get a message in the chat itself.
        expect(cards[0]!.kind === 'create').toBe(place.kind === 'channel');
        expect(cards[0]!.conversationId.split(';')[0]).toBe(place.key);
      }
    }));

  it('with a server or resource group, posts only the cards of that server or group', () =>
    withOwnHarness(async (own) => {
      own.sim.world.addServer({
        subscriptionId: W.subscriptionId,
        resourceGroup: 'rg-finance',
        name: 'pg-ledger',
        location: W.location,
      });
      const byServer = channel(own, '19:filter-server@thread.tacv2');
      const byGroup = channel(own, '19:filter-group@thread.tacv2');
      const everything = groupChat('19:filter-everything@thread.v2');
      expect((await say(own, byServer.message('watch pg-orders'))).texts).toEqual([
        'Watching for pg-orders: new approval requests will be posted here.',
      ]);
      expect((await say(own, byGroup.message('watch rg-finance'))).texts).toEqual([
        'Watching for rg-finance: new approval requests will be posted here.',
      ]);
      await say(own, everything.message('watch'));
      expect(await own.app.store.subscriptions.listForConversation(byServer.key)).toMatchObject([
        { filter: 'pg-orders' },
      ]);

      const toSandbox = requestConnection(own, 'pg-sandbox', 'pe-filter-sandbox');
      const toLedger = requestConnection(own, 'pg-ledger', 'pe-filter-ledger', 'rg-finance');
      await own.app.approvals.watcher.cycle();

      const connectionsIn = (place: Place) =>
        approvalCardsIn(own, place.key)
          .map((c) => connectionOf(cardOfCall(c)))
          .sort();
      expect(connectionsIn(byServer)).toEqual([W.pendingConnectionName]);
      expect(connectionsIn(byGroup)).toEqual([toLedger]);
      expect(connectionsIn(everything)).toEqual([W.pendingConnectionName, toSandbox, toLedger].sort());
      const ledgerCard = cardOfCall(approvalCardsIn(own, byGroup.key)[0]!);
      expect(fact(ledgerCard, 'Server')).toBe('pg-ledger');
      expect(fact(ledgerCard, 'Resource group')).toBe('rg-finance');

      // More cycles add nothing anywhere.
      await own.app.approvals.watcher.cycle();
      expect(connectionsIn(byServer)).toHaveLength(1);
      expect(connectionsIn(byGroup)).toHaveLength(1);
      expect(connectionsIn(everything)).toHaveLength(3);
    }));

  it('refuses a name that is no watched server or resource group, suggesting the closest ones', async () => {
    const place = groupChat('19:watch-typo@thread.v2');
    expect((await say(harness, place.message('watch pg-order'))).texts).toEqual([
      'I don\'t watch a server or resource group named "pg-order". Did you mean pg-orders? Nothing changed.',
    ]);
    expect((await say(harness, place.message('watch rg-analitics'))).texts).toEqual([
      'I don\'t watch a server or resource group named "rg-analitics". Did you mean rg-analytics? Nothing changed.',
    ]);
    expect((await say(harness, place.message('watch pg-nope'))).texts).toEqual([
      'I don\'t watch a server or resource group named "pg-nope". Nothing changed.',
    ]);
    expect(await store().subscriptions.listForConversation(place.key)).toEqual([]);
  });

  it.each(['[x](y)', '${1+1}', '<b>pg-orders</b>', 'pg-orders rg-analytics', 'x'.repeat(91)])(
    'refuses the filter %s with a clear message and stores nothing',
    async (filter) => {
      const place = groupChat(`19:bad-filter-${filter.length}-${filter.charCodeAt(0)}@thread.v2`);
      const answer = await say(harness, place.message(`watch ${filter}`));
      expect(answer.texts).toEqual([
        'That is not a server or resource group name (letters, digits, . _ ( ) - only). Nothing changed.',
      ]);
      expect(answer.cards).toEqual([]);
      expect(await store().subscriptions.listForConversation(place.key)).toEqual([]);
      const audit = await store().audit.list({ action: 'subscribe', limit: 500 });
      expect(audit.filter((e) => e.detail?.includes(place.key))).toEqual([]);
    },
  );
});

describe('unwatch and watching', () => {
  it('watching lists the subscriptions; unwatch removes one filter or all of them', async () => {
    const place = channel(harness, '19:unwatch@thread.tacv2');
    const nothing = await say(harness, place.message('watching'));
    expect(nothing.texts).toEqual(['This conversation is not watching anything. Say "watch" to start.']);

    await say(harness, place.message('watch'));
    await say(harness, place.message('watch pg-orders'));
    await say(harness, place.message('watch rg-analytics'));
    const listed = await say(harness, place.message('watching'));
    expect(listed.cards).toHaveLength(1);
    expect(textsOf(listed.cards[0])).toEqual(['Watching', 'Subscriptions']);
    const facts = factsOf(listed.cards[0]);
    expect(facts.map(([filter]) => filter)).toEqual(['every watched server', 'pg-orders', 'rg-analytics']);
    for (const [, value] of facts)
      expect(value).toMatch(/^since \d{4}-\d\d-\d\d \d\d:\d\d UTC, by Avery Approver$/);

    expect((await say(harness, place.message('unwatch PG-ORDERS'))).texts).toEqual([
      'Stopped watching pg-orders. Cards already posted stay up to date. Still watching here: every watched server, rg-analytics.',
    ]);
    expect((await store().subscriptions.listForConversation(place.key)).map((s) => s.filter)).toEqual([
      undefined,
      'rg-analytics',
    ]);
    expect((await say(harness, place.message('unwatch pg-orders'))).texts).toEqual([
      'Nothing to stop: this conversation does not watch that. Still watching here: every watched server, rg-analytics.',
    ]);
    expect((await say(harness, place.message('unwatch'))).texts).toEqual([
      'Stopped watching every watched server, rg-analytics. Cards already posted stay up to date. This conversation watches nothing now.',
    ]);
    expect(await store().subscriptions.listForConversation(place.key)).toEqual([]);
    expect((await say(harness, place.message('unwatch'))).texts).toEqual([
      'Nothing to stop: this conversation was not watching anything.',
    ]);
    expect((await say(harness, place.message('watching'))).texts).toEqual([
      'This conversation is not watching anything. Say "watch" to start.',
    ]);
    const audit = (await store().audit.list({ action: 'unsubscribe' })).filter((e) =>
      e.detail?.startsWith(place.key),
    );
    expect(audit.map((e) => e.detail)).toEqual([`${place.key} filter=*`, `${place.key} filter=PG-ORDERS`]);

    // Nothing is posted there any more.
    requestConnection(harness, 'pg-orders', 'pe-after-unwatch');
    await harness.app.approvals.watcher.cycle();
    expect(approvalCardsIn(harness, place.key)).toEqual([]);
  });

  it.each([
    ['a channel', () => channel(harness, '19:watching-kinds@thread.tacv2')],
    ['a group chat', () => groupChat('19:watching-kinds@thread.v2')],
    ['a personal chat', () => personalChat(harness, 'a:watching-kinds')],
  ])('watching answers in %s', async (_where, place) => {
    const here = place();
    await say(harness, here.message('watch pg-sandbox'));
    const answer = await say(harness, here.message('watching'));
    expect(factsOf(answer.cards[0]).map(([filter]) => filter)).toEqual(['pg-sandbox']);
  });
});

describe('status', () => {
  it('status pg-orders shows the server and its connections as Azure reports them now', async () => {
    const place = channel(harness, '19:status@thread.tacv2');
    const answer = await say(harness, place.message('status pg-orders'));
    expect(answer.cards).toHaveLength(1);
    const [title, summary, heading] = textsOf(answer.cards[0]);
    expect(title).toBe('pg-orders');
    expect(summary).toBe(
      'pg-orders.postgres.database.azure.com, public network access Enabled, state Ready.',
    );
    expect(heading).toBe('Private endpoint connections');
    // The long connection name is shortened in the title column and given whole in the value.
    const seeded = fact(answer.cards[0], shortName(W.pendingConnectionName));
    expect(shortName(W.pendingConnectionName)).not.toBe(W.pendingConnectionName);
    expect(seeded).toMatch(/^Pending — Requested by DataFactory:adf-contoso, Name:mpe-pg-orders/);
    expect(seeded).toContain(`(full name: ${W.pendingConnectionName})`);

    // Decided in the "portal" a moment ago, no watcher cycle since: status asks Azure, not the store.
    const name = requestConnection(harness, 'pg-sandbox', 'pe-status-now');
    await harness.app.approvals.watcher.cycle();
    const before = await say(harness, place.message('status pg-sandbox'));
    const full = ` (full name: ${name})`;
    expect(fact(before.cards[0], shortName(name))).toBe(`Pending — Please approve pe-status-now${full}`);
    harness.sim.world.approveConnection(
      {
        server: {
          subscriptionId: W.subscriptionId,
          resourceGroup: W.resourceGroup,
          serverName: 'pg-sandbox',
        },
        connectionName: name,
      },
      'Approved in the portal by Pat',
    );
    const after = await say(harness, place.message('STATUS  PG-SANDBOX'));
    expect(textsOf(after.cards[0])[0]).toBe('pg-sandbox');
    expect(fact(after.cards[0], shortName(name))).toBe(`Approved — Approved in the portal by Pat${full}`);
  });

  it('status pg-vnet explains that a VNet-integrated server cannot take Private Link', async () => {
    const answer = await say(harness, personalChat(harness, 'a:status-vnet').message('status pg-vnet'));
    expect(answer.cards).toHaveLength(1);
    expect(textsOf(answer.cards[0])).toEqual([
      'pg-vnet',
      'VNet-integrated: this server cannot take Private Link connections (it must be created with public access).',
    ]);
    expect(factsOf(answer.cards[0])).toEqual([]);
  });

  it('status of a server that is not watched says so and lists the watched servers', async () => {
    const answer = await say(harness, groupChat('19:status-nope@thread.v2').message('status nope'));
    expect(answer.cards).toEqual([]);
    expect(answer.texts).toEqual(['nope is not a watched server. Watched: pg-orders, pg-sandbox, pg-vnet.']);
  });

  it('status with something that cannot be a server name asks which server', async () => {
    const answer = await say(harness, groupChat('19:status-bad@thread.v2').message('status [x](y)'));
    expect(answer.texts).toEqual([
      'Which server? Say "status <server name>", for example "status pg-orders".',
    ]);
  });

  it("a bare status is the guided flow's: your flows, or how to see a server", async () => {
    // Nobody asked which server; the guided flow answers a bare `status` with the requester's own flows.
    const chat = personalChat(harness, 'a:status-bare');
    const none = await say(harness, chat.message('status', REQUESTER));
    expect(none.cards).toEqual([]);
    expect(none.texts).toEqual([
      'You have no connection flows in progress. Say connect to start one (or status <server> to see a server).',
    ]);
    const inChannel = await say(harness, channel(harness, '19:status-bare@thread.tacv2').message('status'));
    expect(inChannel.texts).toEqual(none.texts);

    await say(harness, chat.message('connect', REQUESTER));
    const flows = await say(harness, chat.message('status', REQUESTER));
    expect(flows.cards).toHaveLength(1);
    expect(textsOf(flows.cards[0]).slice(0, 2)).toEqual(['Your connection flows', '1 in progress.']);
    expect(fact(flows.cards[0], 'Where')).toBe('this chat');
    // `status <server>` still reaches the command while the flow waits for an answer (and Azure says Riley may not
    // see the server's connections: her role is on the factory only).
    const server = await say(harness, chat.message('status pg-orders', REQUESTER));
    expect(server.texts).toEqual([
      "You can't see private endpoint connections on pg-orders: Azure says your account lacks " +
        '`Microsoft.DBforPostgreSQL/flexibleServers/privateEndpointConnections/read` there. Ask someone with that ' +
        'permission (for example an Owner or Contributor of pg-orders).',
    ]);
    await say(harness, chat.message('cancel', REQUESTER));
  });
});

describe('history', () => {
  it('shows recent decisions and refusals, for every server or for one', async () => {
    const place = channel(harness, '19:history@thread.tacv2');
    expect((await say(harness, place.message('history pg-vnet'))).texts).toEqual([
      'No decisions recorded for pg-vnet yet.',
    ]);

    // Watching here, the cards the taps below are made on are posted here.
    await say(harness, place.message('watch'));
    const name = requestConnection(harness, 'pg-sandbox', 'pe-history');
    const decidedInPortal = requestConnection(harness, 'pg-sandbox', 'pe-history-portal');
    await harness.app.approvals.watcher.cycle();
    harness.sim.world.approveConnection(
      {
        server: {
          subscriptionId: W.subscriptionId,
          resourceGroup: W.resourceGroup,
          serverName: 'pg-sandbox',
        },
        connectionName: decidedInPortal,
      },
      'Approved in the portal by Pat',
    );
    await harness.app.approvals.watcher.cycle(); // records the portal's decision
    const requests = await store().requests.listOpen();
    const approved = requests.find((r) => r.connectionName === name)!;
    const seeded = requests.find((r) => r.connectionName === W.pendingConnectionName)!;
    const tap = await harness.post(harness.tap('approve', approved.id, { reason: 'Known endpoint' }));
    expect(tap.body).toMatchObject({ statusCode: 200 });
    await harness.app.approvals.runner.idle();
    const refused = await harness.post(harness.tap('approve', seeded.id, { from: REQUESTER }));
    expect(refusalOnCard(refused.body)).toMatch(/Azure says your account lacks/);

    const all = await say(harness, place.message('history'));
    expect(all.cards).toHaveLength(1);
    expect(textsOf(all.cards[0]).slice(0, 2)).toEqual(['History', 'Most recent first']);
    const entries = factsOf(all.cards[0]).map(([, value]) => value);
    for (const [when] of factsOf(all.cards[0])) expect(when).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC \(/);
    // Outcome, who, the server and the endpoint by name (no GUID), and the reason.
    const seededRefusal =
      'Riley Requester could not approve, because Azure does not let them: ' +
      'pg-orders, endpoint mpe-pg-orders of adf-contoso.';
    expect(entries[0]).toBe(seededRefusal);
    expect(entries).toContain(
      'Approved by Avery Approver: pg-sandbox, private endpoint pe-history. Reason: “Known endpoint”.',
    );
    // Approved in the portal above: the next cycle recorded it, with the portal's description.
    expect(entries).toContain(
      'Approved outside Teams: pg-sandbox, private endpoint pe-history-portal. ' +
        'Description in Azure: “Approved in the portal by Pat”.',
    );
    for (const entry of entries) expect(entry).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    // Subscriptions are not decisions: `watch` and `unwatch` (plenty in this file) stay out of the history,
    // and however many there are, they do not push the decisions out of it.
    expect(entries.filter((e) => /subscribe/.test(e))).toEqual([]);
    for (let i = 0; i < 20; i++) await say(harness, place.message(i % 2 ? 'watch' : 'unwatch'));
    const later = factsOf((await say(harness, place.message('history'))).cards[0]).map(([, value]) => value);
    expect(later).toEqual(entries);

    const one = await say(harness, place.message('history PG-ORDERS'));
    expect(textsOf(one.cards[0])[0]).toBe('History of PG-ORDERS');
    const forOrders = factsOf(one.cards[0]).map(([, value]) => value);
    expect(forOrders[0]).toBe(seededRefusal);
    for (const entry of forOrders) expect(entry).toContain('pg-orders, ');

    expect((await say(harness, place.message('history [x](y)'))).texts).toEqual([
      'Say "history" or "history <server name>".',
    ]);
  });
});

describe('help, unknown commands and mentions', () => {
  const helpTitle = 'Private Link helper for Data Factory and PostgreSQL';

  it('help lists every command', async () => {
    const answer = await say(harness, personalChat(harness, 'a:help').message('help'));
    expect(answer.cards).toHaveLength(1);
    expect(textsOf(answer.cards[0])[0]).toBe(helpTitle);
    const usages = factsOf(answer.cards[0]).map(([usage]) => usage);
    expect(usages).toEqual(
      expect.arrayContaining([
        'help',
        'watch [server or resource group]',
        'unwatch [server or resource group]',
        'watching',
        'pending',
        'status <server>',
        'history [server]',
      ]),
    );
    expect(textsOf(answer.cards[0]).at(-1)).toMatch(/^Sandbox: Azure is simulated/);
  });

  it.each([
    ['an unknown command', 'frobnicate pg-orders'],
    ['only a mention', ''],
    ['a question', 'what can you do?'],
  ])('%s gets the help card', async (_what, text) => {
    const answer = await say(harness, channel(harness, '19:unknown@thread.tacv2').message(text));
    expect(answer.cards).toHaveLength(1);
    expect(textsOf(answer.cards[0])[0]).toBe(helpTitle);
    expect(answer.texts).toEqual([]);
  });

  it.each([
    ['hi', []],
    ['Hello!', []],
    ['good morning', []],
    ['thanks', []],
  ])(
    'a greeting (%s) gets a short hello with the three commands people need, not the help card',
    async (text) => {
      const answer = await say(harness, personalChat(harness, 'a:hello').message(text));
      expect(answer.cards).toEqual([]);
      expect(answer.texts).toHaveLength(1);
      expect(answer.texts[0]).toMatch(/^Hello!/);
      for (const command of ['`watch`', '`pending`', '`connect`', '`help`'])
        expect(answer.texts[0]).toContain(command);
    },
  );

  it.each([
    ['pendng', '`pending`'],
    ['hlep', '`help`'],
    ['wacth pg-orders', '`watch`'],
    ['PENDIGN', '`pending`'],
    ['conect', '`connect`'],
  ])('a slip of the keyboard (%s) gets "Did you mean %s?" and runs nothing', async (text, meant) => {
    const place = groupChat(`19:typo-${text.length}@thread.v2`);
    const answer = await say(harness, place.message(text));
    expect(answer.cards).toEqual([]);
    expect(answer.texts).toEqual([
      expect.stringMatching(new RegExp(`^Did you mean ${meant.replace(/[`]/g, '`')}[ ?]`)),
    ]);
    expect(await store().subscriptions.listForConversation(place.key)).toEqual([]);
  });

  it('strips the mention, &nbsp; and case before reading the command', async () => {
    const chat = groupChat('19:mentions@thread.v2');
    await say(harness, chat.message('watch'));
    const activity = chat.message('');
    const answer = await say(harness, { ...activity, text: '<at>PL Approvals</at>&nbsp;WATCHING\n' });
    expect(textsOf(answer.cards[0])[0]).toBe('Watching');
    const inChannel = await say(
      harness,
      channel(harness, '19:mentions@thread.tacv2').message('watching'), // "<at>PL Approvals</at> watching"
    );
    expect(inChannel.texts).toEqual(['This conversation is not watching anything. Say "watch" to start.']);
  });
});

describe('the whole file', () => {
  it('every card the bot sent or updated is a valid Adaptive Card 1.5', async () => {
    // The cards of the tests that ran before are checked too; this test makes each kind of card itself (answers, a
    // posted approval card and its update after a tap) so that it checks them whichever order the tests run in.
    const place = channel(harness, '19:every-card@thread.tacv2');
    for (const command of ['watch', 'watching', 'help', 'history', 'status pg-orders'])
      await say(harness, place.message(command));
    const name = requestConnection(harness, 'pg-sandbox', 'pe-every-card');
    await harness.app.approvals.watcher.cycle();
    const request = (await store().requests.listOpen()).find((r) => r.connectionName === name)!;
    await harness.post(harness.tap('approve', request.id, { reason: 'Every card checked' }));
    await harness.app.approvals.runner.idle();
    expect(harness.connector.calls.some((c) => c.kind === 'update' && cardOfCall(c) !== undefined)).toBe(
      true,
    );

    const cards = harness.connector.calls.map(cardOfCall).filter((c) => c !== undefined);
    expect(cards.length).toBeGreaterThan(5);
    // Paired with the card's start, so a failure names the card.
    const verdicts = cards.map((card) => [cardText(card).slice(0, 120), cardSchemaErrors(card)]);
    expect(verdicts).toEqual(verdicts.map(([start]) => [start, []]));
  });
});
