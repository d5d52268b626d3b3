import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '../../../src/sandbox';
import { arm, POSTGRES_API, SERVERS } from '../../helpers/arm-http';
import { seededConnection, W } from '../../helpers/sandbox-azure';

/**
 * Issue 14, finding 6: when the world file cannot be saved, the simulator answers 500 and keeps nothing of the
 * change, so what it has in memory, what it answered and what a restart loads from disk all agree. The save is
 * made to fail for real: the file's place is taken by a directory, so the atomic rename onto it fails.
 */
jest.setTimeout(30_000);

const dir = mkdtempSync(join(tmpdir(), 'pl-sim-unsaved-'));
const statePath = join(dir, 'sandbox-world.json');
const CONNECTION = `${SERVERS}/${W.servers.orders}/privateEndpointConnections/${W.pendingConnectionName}?${POSTGRES_API}`;
let sim: RunningSimulator | undefined;

afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

const approve = (on: RunningSimulator) =>
  arm(
    on.url,
    'PUT',
    CONNECTION,
    {
      properties: { privateLinkServiceConnectionState: { status: 'Approved', description: 'ok' } },
    },
    { ca: on.caPem },
  );

it('a change that cannot be saved is answered 500 and undone; a restart finds the same world', async () => {
  sim = await startSimulator({ statePath, lroSeconds: 0 });
  const saved = readFileSync(statePath, 'utf8');

  rmSync(statePath);
  mkdirSync(join(statePath, 'in-the-way'), { recursive: true });
  const answer = await approve(sim);
  expect(answer.status).toBe(500);
  expect(sim.world.getConnection(seededConnection)?.status).toBe('Pending');
  // Nothing of the change is left in memory: the world is exactly the one last saved.
  expect(sim.world.snapshot()).toEqual(JSON.parse(saved));

  // The disk works again (the last good file is back): a restarted simulator answers what this one answered.
  await sim.close();
  rmSync(statePath, { recursive: true });
  writeFileSync(statePath, saved);
  sim = await startSimulator({ statePath, lroSeconds: 0 });
  expect(sim.world.getConnection(seededConnection)?.status).toBe('Pending');

  // And a change that can be saved is saved before it is answered.
  expect((await approve(sim)).status).toBeLessThan(300);
  sim.world.fastForward();
  expect(sim.world.getConnection(seededConnection)?.status).toBe('Approved');
  expect(JSON.parse(readFileSync(statePath, 'utf8'))).toEqual(sim.world.snapshot());
});
