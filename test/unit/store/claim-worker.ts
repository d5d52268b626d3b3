/**
 * Run as a separate process by decisions.test.ts
 * (`node --import tsx claim-worker.ts <sqlite|postgres> <file or URL> <requestId> <n> <startAt>`): opens its own
 * store on the shared database, waits for the common start time so the processes really race, fires n claims
 * and prints how many it won as JSON.
 */
import { PgStore, SqliteStore, type Store } from '../../../src/store';

async function main(): Promise<void> {
  const [kind, path, requestId, countText, startAtText] = process.argv.slice(2);
  if (!path || !requestId || !countText || !startAtText)
    throw new Error('usage: <sqlite|postgres> <db> <requestId> <n> <startAt>');
  const now = () => new Date();
  const store: Store =
    kind === 'postgres'
      ? await PgStore.open({ connection: { connectionString: path }, now })
      : new SqliteStore({ path, now });
  const delay = Number(startAtText) - Date.now();
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  let won = 0;
  for (let i = 0; i < Number(countText); i++) {
    const result = await store.decisions.claimDecision(requestId, {
      decision: 'Approved',
      actorId: `pid-${process.pid}`,
      actorName: `worker ${process.pid}`,
      invokeActivityId: `${process.pid}-${i}`,
    });
    if (result.claimed) won++;
  }
  await store.close();
  process.stdout.write(JSON.stringify({ won }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
