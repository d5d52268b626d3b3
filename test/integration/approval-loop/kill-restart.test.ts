import { type ChildProcess, spawn } from 'node:child_process';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { cardOfCall, cardText, TeamsActivities } from '../../helpers/teams-app-harness';
import { FakeTeamsConnector } from '../../helpers/fake-teams-connector';
import { cleanEnv, freePort, tempDir } from '../startup/support';
import { seededConnection } from '../../helpers/sandbox-azure';
import { connectionId } from '../../../src/azure/resource-ids';

/**
 * The bot killed (SIGKILL, no goodbye) in the middle of a long approval, then started again on the same data
 * directory: the decision completes from its stored resume token and every card is updated to Approved once.
 */
jest.setTimeout(90_000);

const ROOT = join(__dirname, '..', '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const ENTRY = join(ROOT, 'src', 'index.ts');

let connector: FakeTeamsConnector;
let dir: ReturnType<typeof tempDir>;
let env: Record<string, string>;
let child: ChildProcess | undefined;
let botUrl: string;
let armUrl: string;

async function startBot(): Promise<void> {
  // Its own process group: tsx runs the bot in a child process, and a kill must reach the bot itself.
  child = spawn(TSX, [ENTRY], { cwd: dir.path, env: cleanEnv(env), stdio: 'ignore', detached: true });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('bot exited early');
    const ok = await fetch(`${botUrl}/healthz`, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('bot did not start');
}

/** Signals the whole process group (tsx and the bot it runs) and waits until the port is free again. */
async function kill(signal: NodeJS.Signals): Promise<void> {
  const c = child!;
  child = undefined;
  const exited =
    c.exitCode !== null ? Promise.resolve() : new Promise<void>((resolve) => c.on('exit', () => resolve()));
  try {
    process.kill(-c.pid!, signal);
  } catch {
    // already gone
  }
  await exited;
  const deadline = Date.now() + 10_000;
  while (
    await fetch(`${botUrl}/healthz`, { signal: AbortSignal.timeout(500) }).then(
      () => true,
      () => false,
    )
  ) {
    if (Date.now() > deadline) throw new Error('the bot still answers after being killed');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Reads the connection from the simulated Azure over its HTTPS API (self-signed, loopback only). */
function connectionStatus(): Promise<string> {
  const url = `${armUrl}${connectionId(seededConnection)}?api-version=2025-08-01`;
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      { rejectUnauthorized: false, headers: { authorization: 'Bearer test' } },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () =>
          resolve(
            (JSON.parse(body) as { properties: { privateLinkServiceConnectionState: { status: string } } })
              .properties.privateLinkServiceConnectionState.status,
          ),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
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
    SANDBOX_LRO_SECONDS: '6',
    LOG_LEVEL: 'warn',
  };
});
afterAll(async () => {
  if (child) await kill('SIGKILL');
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
  const card = cardOfCall(connector.of('create')[0]!)!;
  const requestId = /"requestId":"(req-[0-9a-f]+)"/.exec(cardText(card))![1]!;

  const started = performance.now();
  const answer = await post(talk.tap('approve', requestId, { reason: 'crash test' }));
  expect(answer.status).toBe(200);
  expect(performance.now() - started).toBeLessThan(1000);
  await connector.waitFor((calls) =>
    calls.some((c) => c.kind === 'update' && cardText(cardOfCall(c)).includes('Approving')),
  );
  await new Promise((r) => setTimeout(r, 1000)); // the PUT is in flight on the simulated Azure
  expect(await connectionStatus()).toBe('Pending');
  await kill('SIGKILL');

  await startBot();
  const approvedUpdates = () =>
    connector.of('update').filter((c) => cardText(cardOfCall(c)).includes('Approved by Avery Approver'));
  await connector.waitFor(() => approvedUpdates().length >= 1, 30_000);
  await new Promise((r) => setTimeout(r, 3000)); // more polls: still exactly one
  expect(approvedUpdates()).toHaveLength(1);
  expect(connector.of('create')).toHaveLength(1);
  expect(await connectionStatus()).toBe('Approved');
  await kill('SIGTERM');
});
