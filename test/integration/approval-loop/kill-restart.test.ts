import { join } from 'node:path';
import Database from 'better-sqlite3';
import { databasePath } from '../../../src/store/sqlite/sqlite-store';
import { eventually } from '../../helpers/eventually';
import { listConnections } from '../../helpers/arm-http';
import { FakeTeamsConnector } from '../../helpers/fake-teams-connector';
import { startNode, type Child } from '../../helpers/processes';
import { seededConnection } from '../../helpers/sandbox-azure';
import { cardOfCall, cardText, TeamsActivities } from '../../helpers/teams-app-harness';
import { cleanEnv, freePort, tempDir } from '../startup/support';

/**
 * The bot killed (SIGKILL, no goodbye) in the middle of a long approval, then started again on the same data
 * directory: the decision completes from its stored resume token and every card is updated to Approved once.
 */
jest.setTimeout(90_000);

const ENTRY = join(__dirname, '..', '..', '..', 'src', 'index.ts');

let connector: FakeTeamsConnector;
let dir: ReturnType<typeof tempDir>;
let env: Record<string, string>;
let bot: Child | undefined;
let botUrl: string;
let armUrl: string;

const healthy = () =>
  fetch(`${botUrl}/healthz`, { signal: AbortSignal.timeout(1000) }).then(
    (r) => r.ok,
    () => false,
  );

/** `npm start` in its own process group: tsx runs the bot in a child process, and a kill must reach it. */
async function startBot(): Promise<void> {
  bot = startNode('bot', [require.resolve('tsx/cli'), ENTRY], dir.path, cleanEnv(env));
  const deadline = Date.now() + 30_000;
  while (!(await healthy())) {
    if (bot.exitCode !== undefined) throw new Error(`bot exited early:\n${bot.tail()}`);
    if (Date.now() > deadline) throw new Error('bot did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGKILL to the bot's whole process group, then wait until nothing answers on its port any more. */
async function crash(): Promise<void> {
  await bot?.kill();
  bot = undefined;
  const deadline = Date.now() + 10_000;
  while (await healthy()) {
    if (Date.now() > deadline) throw new Error('the bot still answers after being killed');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Whether the bot has stored the resume token of the decision's Azure write (the PUT was accepted): read from its
 * database file, read-only, as the restarted bot will read it.
 */
function resumeTokenStored(requestId: string): boolean {
  const db = new Database(databasePath(env['DATA_DIR']!), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT 1 FROM operations WHERE request_id = ?').get(requestId) !== undefined;
  } finally {
    db.close();
  }
}

/** Watcher cycles the running bot has finished (its debug log line). */
const watcherCycles = () => (bot?.log.match(/"msg":"watcher cycle done"/g) ?? []).length;

/** The connection's state in the simulated Azure, read over its HTTPS API as the portal would. */
async function connectionStatus(): Promise<string | undefined> {
  const [connection] = await listConnections(armUrl, seededConnection.server.serverName);
  return connection?.properties?.privateLinkServiceConnectionState?.status;
}

beforeAll(async () => {
  connector = await new FakeTeamsConnector().start();
  dir = tempDir('pl-bot-kill-');
  const [port, armPort] = [await freePort(), await freePort()];
  botUrl = `http://127.0.0.1:${port}`;
  armUrl = `https://127.0.0.1:${armPort}`;
  env = {
    PORT: String(port),
    SANDBOX_ARM_PORT: String(armPort),
    DATA_DIR: join(dir.path, 'data'),
    POLL_INTERVAL_SECONDS: '1',
    // The crash must come while Azure's write runs. The bot's simulator runs in the bot's process, where the test
    // cannot move its clock; the write's 15 s leave the steps between the accepted PUT and the kill (which wait for
    // positive signals, not for time) a wide margin on a loaded machine.
    SANDBOX_LRO_SECONDS: '15',
    LOG_LEVEL: 'debug',
  };
});
afterAll(async () => {
  await bot?.stop();
  await connector.stop();
  dir.remove();
});

it('finishes an approval interrupted by a crash, and updates the card to Approved exactly once', async () => {
  await startBot();
  const talk = new TeamsActivities();
  const post = (activity: Record<string, unknown>) =>
    fetch(`${botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...activity, serviceUrl: connector.url }),
      signal: AbortSignal.timeout(10_000),
      keepalive: false,
    });
  expect((await post(talk.channelMessage('watch'))).status).toBe(200);
  await connector.waitFor((calls) => calls.some((c) => c.kind === 'create'), 15_000);
  const posted = connector.of('create')[0]!;
  const card = cardOfCall(posted)!;
  const requestId = /"requestId":"(req-[0-9a-f]+)"/.exec(cardText(card))![1]!;

  const answer = await post(
    talk.tap('approve', requestId, { reason: 'crash test', replyToId: posted.newId! }),
  );
  expect(answer.status).toBe(200);
  await connector.waitFor((calls) =>
    calls.some((c) => c.kind === 'update' && cardText(cardOfCall(c)).includes('Approving')),
  );
  await eventually(() => resumeTokenStored(requestId)); // Azure accepted the PUT; the write runs
  expect(await connectionStatus()).toBe('Pending');
  await crash();

  await startBot();
  const approvedUpdates = () =>
    connector.of('update').filter((c) => cardText(cardOfCall(c)).includes('Approved by Avery Approver'));
  await connector.waitFor(() => approvedUpdates().length >= 1, 30_000);
  // Two more watcher cycles after the card was updated (each would re-publish what it finds): still exactly one.
  const cyclesSoFar = watcherCycles();
  await eventually(() => watcherCycles() >= cyclesSoFar + 2);
  expect(approvedUpdates()).toHaveLength(1);
  expect(connector.of('create')).toHaveLength(1);
  expect(await connectionStatus()).toBe('Approved');
  await bot?.stop();
  bot = undefined;
});
