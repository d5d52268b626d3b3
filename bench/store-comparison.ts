/**
 * The same two figures on the embedded SQLite store and on PostgreSQL, side by side (issue 11): the invoke answer
 * with 20 concurrent taps on 20 cards, and the watcher's cycle time. PostgreSQL is `BENCH_DATABASE_URL`, else
 * `TEST_DATABASE_URL`, else the machine's 127.0.0.1:5432 when it answers; each run gets a fresh schema, dropped after.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { urlWithSchema } from '../test/helpers/postgres/test-schema';
import { TeamsAppHarness } from '../test/helpers/teams-app-harness';
import { expectCardAnswer, newPendingRequests } from './pending-requests';
import { summary } from './stats';

const CONCURRENT = 20;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CYCLES = Number(process.env.BENCH_CYCLES ?? 20);

interface StoreFigures {
  taps: number[];
  cycles: number[];
}

async function measure(env: Record<string, string>): Promise<StoreFigures> {
  const h = await new TeamsAppHarness({ SANDBOX_LRO_SECONDS: '10', ...env }).start();
  try {
    await h.post(h.channelMessage('watch'));
    const taps: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const ids = await newPendingRequests(h, CONCURRENT);
      const answers = await Promise.all(ids.map((id) => h.post(h.tap('approve', id, { reason: 'bench' }))));
      answers.forEach(expectCardAnswer);
      taps.push(...answers.map((a) => a.ms));
      await h.app.approvals.runner.idle();
    }
    const cycles: number[] = [];
    for (let i = 0; i < CYCLES; i++) {
      const started = performance.now();
      await h.app.approvals.watcher.cycle();
      cycles.push(performance.now() - started);
    }
    return { taps, cycles };
  } finally {
    await h.stop();
  }
}

/** A PostgreSQL server to compare against, or undefined (the comparison then says it was skipped and why). */
async function postgresBase(): Promise<string | undefined> {
  const given = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const url = given ?? 'postgres://postgres@127.0.0.1:5432/test';
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return url;
  } catch {
    return undefined;
  }
}

async function withSchema<T>(base: string, work: (url: string) => Promise<T>): Promise<T> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: base });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE SCHEMA ${schema}`);
  try {
    return await work(urlWithSchema(schema, base));
  } finally {
    await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  }
}

export async function storeComparison(): Promise<void> {
  const report = (name: string, f: StoreFigures) => {
    console.log(
      `  ${name.padEnd(10)} invoke answer, ${CONCURRENT} concurrent taps on ${CONCURRENT} cards: ${summary(f.taps)}`,
    );
    console.log(`  ${name.padEnd(10)} watcher cycle (sandbox world):                ${summary(f.cycles)}`);
  };
  console.log('store comparison (same app, same simulator, only the store differs):');
  report('SQLite', await measure({}));
  const base = await postgresBase();
  if (!base) {
    console.log('  PostgreSQL skipped: set BENCH_DATABASE_URL (no server answered on 127.0.0.1:5432)');
    return;
  }
  report('PostgreSQL', await withSchema(base, (url) => measure({ DATABASE_URL: url })));
}
