import { Client } from 'pg';
import { arm, listConnections, SUBSCRIPTION } from '../helpers/arm-http';
import { startLocalPostgres, type LocalPostgres } from '../helpers/postgres/local-postgres';
import { urlWithSchema } from '../helpers/postgres/test-schema';
import { ProductionWorld } from '../helpers/production/production-world';
import { TeamsChannel } from '../helpers/production/teams-channel';
import type { Child } from '../helpers/processes';
import { cardOfCall, cardText, firstApprovalCard } from '../helpers/teams-activities';
import { part } from '../helpers/scenario';

/**
 * Two instances of the built bot (`start:prod`, azure mode) on one PostgreSQL store and one simulated Azure (the
 * simulator in its own process): a pair starts at the same moment on an empty database (one migrates), one leads, taps and their
 * redeliveries land on either, the leader is killed (SIGKILL) in the middle of an approval and the other one
 * finishes it, and the database goes away and comes back. The PostgreSQL server is one this test starts itself,
 * because it restarts it.
 */

const STARTED = new Date();
let postgres: LocalPostgres;
let world: ProductionWorld;
let teams: TeamsChannel;
const bots: Array<{ child: Child; url: string }> = [];

interface Health {
  status: string;
  role: string;
  store: { kind: string; reachable: boolean };
}

async function health(url: string): Promise<Health | undefined> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(3_000) });
    return (await res.json()) as Health;
  } catch {
    return undefined;
  }
}

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const roles = async () => Promise.all(bots.map(async (b) => (await health(b.url))?.role));

beforeAll(async () => {
  postgres = await startLocalPostgres();
  const admin = new Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query('CREATE SCHEMA plbot');
  await admin.end();
  world = new ProductionWorld({
    botEnv: { DATABASE_URL: urlWithSchema('plbot', postgres.url) },
    lroSeconds: 12,
  });
  teams = new TeamsChannel(world);
  await world.start();
  bots.push({ child: world.bot, url: world.botUrl });
}, 360_000);

afterAll(async () => {
  for (const bot of bots.slice(1)) await bot.child.stop();
  await world?.stop();
  await postgres?.stop();
}, 60_000);

it('two instances on one PostgreSQL store: migrated once, one leader, one Azure write, a leader killed mid-approval, a database outage', async () => {
  await part(
    'a second instance starting on the same store finds it migrated; exactly one instance leads',
    async () => {
      bots.push(await world.startBot());
      const migrated = bots.filter((b) => b.child.log.includes('"msg":"store migrated"'));
      expect(migrated).toHaveLength(1);
      const answers = await Promise.all(bots.map((b) => health(b.url)));
      expect(answers.map((h) => h?.store)).toEqual([
        { kind: 'postgres', reachable: true },
        { kind: 'postgres', reachable: true },
      ]);
      expect((await roles()).sort()).toEqual(['follower', 'leader']);
    },
  );

  await part(
    'two instances starting at the same moment on an empty database: one migrates, one leads, both serve',
    async () => {
      const admin = new Client({ connectionString: postgres.url });
      await admin.connect();
      await admin.query('CREATE SCHEMA plbot_together');
      await admin.end();
      const env = { DATABASE_URL: urlWithSchema('plbot_together', postgres.url) };
      const pair = await Promise.all([world.startBot(env), world.startBot(env)]);
      try {
        expect(pair.filter((b) => b.child.log.includes('"msg":"store migrated"'))).toHaveLength(1);
        const answers = await Promise.all(pair.map((b) => health(b.url)));
        expect(answers.map((h) => h?.store)).toEqual([
          { kind: 'postgres', reachable: true },
          { kind: 'postgres', reachable: true },
        ]);
        const leaders = await eventually('one of the two leads', async () => {
          const pairRoles = await Promise.all(pair.map(async (b) => (await health(b.url))?.role));
          return pairRoles.includes('leader') ? pairRoles : undefined;
        });
        expect(leaders.sort()).toEqual(['follower', 'leader']);
      } finally {
        await Promise.all(pair.map((b) => b.child.stop()));
      }
    },
  );

  await part(
    '`watch` on the follower: the leader posts the one card; a tap, its redelivery and a late tap on the other instance make one Azure write; the leader killed mid-approval, the other finishes it, card updated once',
    async () => {
      const leaderIndex = (await roles()).indexOf('leader');
      const leader = bots[leaderIndex]!;
      const other = bots[1 - leaderIndex]!;
      expect((await teams.post(teams.activities.channelMessage('watch'), undefined, other.url)).status).toBe(
        200,
      );
      await world.connector.waitFor(() => approvalCard() !== undefined, 30_000);
      const card = approvalCard()!;

      const tap = teams.activities.tap('approve', card.requestId, {
        replyToId: card.call.newId!,
        reason: 'two instances',
      });
      const first = await teams.post(tap, undefined, leader.url);
      expect(first.status).toBe(200);
      expect(cardText(first.body['value'] as never)).toContain('Approving… by Avery Approver');
      // Teams redelivers the same invoke to whichever instance the load balancer picks.
      const redelivered = await teams.post(tap, undefined, other.url);
      expect(redelivered.status).toBe(200);
      // Someone else taps the same card on the other instance: the recorded claim wins, nothing is written.
      const late = await teams.post(
        teams.activities.tap('reject', card.requestId, { replyToId: card.call.newId!, reason: 'too late' }),
        undefined,
        other.url,
      );
      expect(late.status).toBe(200);
      expect(JSON.stringify(late.body)).not.toContain('Rejected by');

      // Azure accepted the PUT (the leader stored its resume token) and the write runs: now kill the leader.
      await eventually('the resume token is stored', async () =>
        (await storedOperations(card.requestId)) > 0 ? true : undefined,
      );
      expect(await connectionStatus()).toBe('Pending');
      await leader.child.kill();

      await eventually('the other instance leads', async () =>
        (await health(other.url))?.role === 'leader' ? true : undefined,
      );
      const approvedUpdates = () =>
        world.connector
          .of('update')
          .filter((c) => cardText(cardOfCall(c)).includes('Approved by Avery Approver'));
      await world.connector.waitFor(() => approvedUpdates().length >= 1, 60_000);
      // Two more watcher cycles of the new leader (each re-publishes what it finds): still one.
      const cycles = () => (other.child.log.match(/"msg":"watcher cycle done"/g) ?? []).length;
      const cyclesSoFar = cycles();
      await eventually('two more watcher cycles', async () =>
        cycles() >= cyclesSoFar + 2 ? true : undefined,
      );
      expect(approvedUpdates()).toHaveLength(1);
      expect(
        world.connector.calls.filter(
          (c) =>
            c.kind === 'create' && cardText(cardOfCall(c)).includes('Private endpoint connection request'),
        ),
      ).toHaveLength(1);
      expect(await connectionStatus()).toBe('Approved');
      const writes = (await activityLog()).filter(
        (e) =>
          e.operationName.value ===
          'Microsoft.DBforPostgreSQL/flexibleServers/privateEndpointConnections/write',
      );
      // One write: Azure's activity log shows its Started, Accepted and Succeeded events under one correlation id.
      expect(writes.filter((w) => w.status.value === 'Started')).toHaveLength(1);
      expect(new Set(writes.map((w) => w.correlationId)).size).toBe(1);
      expect(new Set(writes.map((w) => w.correlationId)).size).toBe(1);
    },
  );

  await part(
    'while the database is down, Teams is told to try again in a moment; afterwards it recovers by itself',
    async () => {
      const alive = bots.find((b) => b.child.exitCode === undefined)!;
      await postgres.down();
      const unreachable = await eventually('healthz reports the store unreachable', async () => {
        const h = await health(alive.url);
        return h && !h.store.reachable ? h : undefined;
      });
      expect(unreachable.status).toBe('degraded');
      const before = world.connector.calls.length;
      expect(
        (await teams.post(teams.activities.channelMessage('watching'), undefined, alive.url)).status,
      ).toBe(200);
      await world.connector.waitFor(() =>
        world.connector.calls
          .slice(before)
          .some((c) => String(c.body['text']).includes('try again in a moment')),
      );

      await postgres.up();
      await eventually('healthz reports the store reachable again', async () =>
        (await health(alive.url))?.store.reachable ? true : undefined,
      );
      const after = world.connector.calls.length;
      expect(
        (await teams.post(teams.activities.channelMessage('watching'), undefined, alive.url)).status,
      ).toBe(200);
      // The answer is the list of subscriptions again, not the apology.
      await world.connector.waitFor(() => world.connector.calls.length > after);
      expect(world.connector.calls.slice(after).map((c) => JSON.stringify(c.body))).not.toContainEqual(
        expect.stringContaining('try again in a moment'),
      );
      await eventually('it leads again', async () =>
        (await health(alive.url))?.role === 'leader' ? true : undefined,
      );
      // The approval decided before the outage is still recorded.
      expect(await connectionStatus()).toBe('Approved');
    },
  );
}, 720_000);

interface ActivityEvent {
  operationName: { value: string };
  status: { value: string };
  correlationId: string;
}

/** Operations the bots stored for a request in the shared database (a row = Azure accepted the write). */
async function storedOperations(requestId: string): Promise<number> {
  const db = new Client({ connectionString: postgres.url });
  await db.connect();
  try {
    const rows = await db.query('SELECT 1 FROM plbot.operations WHERE request_id = $1', [requestId]);
    return rows.rowCount ?? 0;
  } finally {
    await db.end();
  }
}

async function activityLog(): Promise<ActivityEvent[]> {
  const filter = encodeURIComponent(`eventTimestamp ge '${STARTED.toISOString()}'`);
  const path = `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01&$filter=${filter}`;
  const answer = await arm(world.simulator.url, 'GET', path, undefined, { ca: world.simulator.caPem });
  if (answer.status !== 200) throw new Error(`activity log: ${answer.status}`);
  return (answer.json as { value: ActivityEvent[] }).value;
}

async function connectionStatus(): Promise<string | undefined> {
  const client = { ca: world.simulator.caPem, token: world.identity.mint(world.simulator.url) };
  const [connection] = await listConnections(world.simulator.url, 'pg-orders', client);
  return connection?.properties?.privateLinkServiceConnectionState?.status;
}

/** The approval card the bot posted for the seeded pending connection, and the request id its buttons carry. */
const approvalCard = () => firstApprovalCard(world.connector.calls);
