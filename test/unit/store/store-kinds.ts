/**
 * The store contract suite runs every test against each implementation of `Store`: the embedded SQLite file and
 * PostgreSQL (a schema of its own per location, on the server jest's globalSetup provides). A test names a
 * location, opens one or more stores on it (a second store on the same location is another instance, or the
 * same one after a restart) and closes them; `cleanup` removes every location it made.
 */
import Database from 'better-sqlite3';
import { PgStore, SqliteStore, type Store } from '../../../src/store';
import { createTestSchema, execInSchema } from '../../helpers/postgres/test-schema';
import { TestClock, tempDir } from './store-fixtures';

export interface OpenOptions {
  now: () => Date;
  cardReservationTimeoutMs?: number;
  activityRetentionMs?: number;
}

export interface StoreKind {
  readonly name: 'sqlite' | 'postgres';
  /** A new, empty place for a store: a file path, or a PostgreSQL URL whose search_path is a new schema. */
  location(): Promise<string>;
  open(location: string, options: OpenOptions): Promise<Store>;
  /** SQL straight to the database, past the store: 'succeeded' or the database's own message. */
  exec(location: string, sql: string): Promise<string>;
  cleanup(): Promise<void>;
}

function sqliteKind(): StoreKind {
  const tmp = tempDir();
  let n = 0;
  return {
    name: 'sqlite',
    location: async () => tmp.file(`store-${++n}.sqlite`),
    open: async (path, options) => new SqliteStore({ path, ...options }),
    exec: async (path, sql) => {
      const raw = new Database(path);
      try {
        raw.exec(sql);
        return 'succeeded';
      } catch (e) {
        return (e as Error).message;
      } finally {
        raw.close();
      }
    },
    cleanup: async () => tmp.cleanup(),
  };
}

function postgresKind(): StoreKind {
  const drops: Array<() => Promise<void>> = [];
  return {
    name: 'postgres',
    location: async () => {
      const schema = await createTestSchema('store');
      drops.push(schema.drop);
      return schema.url;
    },
    open: (url, options) => PgStore.open({ connection: { connectionString: url }, ...options }),
    exec: execInSchema,
    cleanup: async () => {
      await Promise.all(drops.splice(0).map((drop) => drop()));
    },
  };
}

/**
 * `describe` once per store kind, titled with the kind; `body` gets the kind and a `fresh` that opens a store on a
 * new location (closed and removed after the block).
 */
export function describeEachStore(
  title: string,
  body: (
    kind: StoreKind,
    fresh: (clock?: TestClock, options?: Omit<OpenOptions, 'now'>) => Promise<Store>,
  ) => void,
): void {
  describe.each([
    ['sqlite', sqliteKind],
    ['postgres', postgresKind],
  ] as const)(`${title} (%s)`, (_name, makeKind) => {
    const kind = makeKind();
    afterAll(() => kind.cleanup());
    const fresh = async (clock = new TestClock(), options: Omit<OpenOptions, 'now'> = {}) =>
      kind.open(await kind.location(), { now: clock.now, ...options });
    body(kind, fresh);
  });
}
