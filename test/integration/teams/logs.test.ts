import { createLogger } from '../../../src/logger';
import { TeamsAppHarness } from '../../helpers/teams-app-harness';
import { channel, type Json, requestConnection, say } from './support';

/**
 * Logs never carry tokens or secrets: the whole approval loop (commands, a card, a tap and its Azure calls, an Azure
 * failure, a failed turn, a removed conversation) runs with the app's own logger at `trace` into a buffer, and the
 * buffer is searched. Requests arrive with an Authorization header, as Teams sends them.
 */
jest.setTimeout(60_000);

const lines: string[] = [];
const harness = new TeamsAppHarness(
  { SANDBOX_LRO_SECONDS: '0.2', SANDBOX_ADF_SYNC_SECONDS: '1' },
  undefined,
  createLogger({ level: 'trace', destination: { write: (line: string) => void lines.push(line) } }),
);
/** What Teams would put in the Authorization header; the sandbox does not check it, the logs must not show it. */
const INCOMING =
  'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2FwaS5ib3RmcmFtZXdvcmsuY29tIn0.incoming-signature';
const PUTS = /privateEndpointConnections\//;

beforeAll(async () => {
  await harness.start();
  await harness.app.approvals.watcher.cycle();
});
afterAll(() => harness.stop());

async function post(activity: Json, path = '/api/messages'): Promise<{ status: number; body: string }> {
  const res = await fetch(`${harness.app.botUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${INCOMING}` },
    body: JSON.stringify({ ...activity, serviceUrl: harness.connector.url }),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, body: await res.text() };
}

it('a tap, commands and failures at trace level leave no token or secret in the logs', async () => {
  const place = channel(harness, '19:logs@thread.tacv2');
  expect((await post(place.message('watch'))).status).toBe(200);
  await harness.app.approvals.watcher.cycle();

  // A tap that approves: ARM reads, the long-running PUT and its polling, all with the bot's bearer token.
  const open = await harness.app.store.requests.listOpen();
  const tap = await post(harness.tap('approve', open[0]!.id, { reason: 'ok' }));
  expect(JSON.parse(tap.body)).toMatchObject({ statusCode: 200 });
  await harness.app.approvals.runner.idle();
  expect((await harness.app.store.requests.get(open[0]!.id))!.status).toBe('approved');

  // A tap whose Azure write keeps failing: the failure is logged with its error.
  const name = requestConnection(harness, 'pg-sandbox', 'pe-logs-failing');
  await harness.app.approvals.watcher.cycle();
  const failing = (await harness.app.store.requests.listOpen()).find((r) => r.connectionName === name)!;
  harness.sim.faults.add({ method: 'PUT', path: PUTS, kind: 'server-error' });
  await post(harness.tap('approve', failing.id, { reason: 'try' }));
  await harness.app.approvals.runner.idle();
  harness.sim.faults.clear();
  expect((await harness.app.store.requests.get(failing.id))!.status).toBe('failed');

  // Commands, one of which fails inside the turn (Azure answers 500 to every read of the servers).
  for (const text of ['status pg-orders', 'history', 'pending', 'watching']) {
    expect((await post(place.message(text))).status).toBe(200);
  }
  harness.sim.faults.add({ method: 'GET', path: /flexibleServers$/, kind: 'server-error' });
  const broken = await say(harness, place.message('status pg-orders'));
  harness.sim.faults.clear();
  expect(broken.texts[0]).toMatch(/^List PostgreSQL servers failed \(500/);

  // The bot was removed from a watching conversation.
  harness.connector.removedConversations.add(place.key);
  requestConnection(harness, 'pg-sandbox', 'pe-logs-removed');
  await harness.app.approvals.watcher.cycle();
  expect(await harness.app.store.subscriptions.listForConversation(place.key)).toEqual([]);

  // Not Teams at all.
  expect((await post({ hello: 'world' }, '/api/nothing')).status).toBe(404);

  const log = lines.join('');
  // The logger really was at trace and saw all of it.
  const messages = lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
  expect(messages).toEqual(
    expect.arrayContaining([
      'command received',
      'approval card posted',
      'card decision answered',
      'decision recorded',
      'decision failed',
      'turn failed',
      'bot removed from conversation; subscription dropped',
      'simulator request',
    ]),
  );
  expect(lines.some((l) => l.includes('"level":10') || l.includes('"level":20'))).toBe(true);

  // No JSON Web Token (the bot's ARM tokens, Teams' tokens) in any log line.
  expect(log).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+/);
  expect(log).not.toContain(INCOMING);
  expect(log).not.toContain(INCOMING.split('.')[2]);
  expect(log).not.toMatch(/bearer\s+\S/i);
  // An authorization field may exist only as redacted.
  expect(log).not.toMatch(/"authorization"\s*:\s*"(?!\[redacted\])/i);
});
