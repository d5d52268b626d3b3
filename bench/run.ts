/**
 * `npm run bench`: the approval loop's figures, measured on the real app in sandbox mode over HTTP (real restify,
 * CloudAdapter, store, gateway, simulator; a local fake Teams connector). Prints figures; asserts nothing.
 *  1. invoke answer time for 1 tap at a time and for 20 concurrent taps (SANDBOX_LRO_SECONDS=10);
 *  2. time from a connection turning pending to its card being posted, with the real watcher at POLL_INTERVAL_SECONDS=5;
 *  3. Azure (ARM) calls per watcher cycle for the sandbox world;
 *  4. the invoke answer and watcher cycle time on SQLite and on PostgreSQL, side by side (store-comparison.ts).
 */
import { serverId } from '../src/domain/resource-ids';
import { factoryRef, serverRef } from '../test/helpers/sandbox-azure';
import { cardOfCall, cardText, TeamsAppHarness } from '../test/helpers/teams-app-harness';
import { expectCardAnswer, newPendingRequests } from './pending-requests';
import { summary } from './stats';
import { storeComparison } from './store-comparison';

const TAP_SAMPLES = Number(process.env.BENCH_TAPS ?? 30);
const CONCURRENT = 20;
const CONCURRENT_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PENDING_SAMPLES = Number(process.env.BENCH_PENDING ?? 6);

async function newPendingRequest(h: TeamsAppHarness): Promise<string> {
  return (await newPendingRequests(h, 1))[0]!;
}

async function tapTimes(): Promise<void> {
  const h = await new TeamsAppHarness({ SANDBOX_LRO_SECONDS: '10' }).start();
  try {
    await h.post(h.channelMessage('watch'));
    const single: number[] = [];
    for (let i = 0; i < TAP_SAMPLES; i++) {
      const id = await newPendingRequest(h);
      const answer = await h.post(h.tap('approve', id, { reason: 'bench' }));
      expectCardAnswer(answer);
      single.push(answer.ms);
    }
    console.log(`invoke answer, 1 tap at a time:        ${summary(single)}`);
    // Let the decisions finish between phases: one subscription's ARM read budget (250, +25/s) is shared by the
    // decisions' polling and the watcher, and the bench measures answers, not throttling.
    await h.app.approvals.runner.idle();

    const concurrent: number[] = [];
    for (let round = 0; round < CONCURRENT_ROUNDS; round++) {
      const id = await newPendingRequest(h);
      const answers = await Promise.all(
        Array.from({ length: CONCURRENT }, () => h.post(h.tap('approve', id, { reason: 'bench' }))),
      );
      answers.forEach(expectCardAnswer);
      concurrent.push(...answers.map((a) => a.ms));
      await h.app.approvals.runner.idle();
    }
    console.log(`invoke answer, ${CONCURRENT} concurrent taps on one card: ${summary(concurrent)}`);
    const distinct: number[] = [];
    for (let round = 0; round < CONCURRENT_ROUNDS; round++) {
      const ids = await newPendingRequests(h, CONCURRENT);
      const answers = await Promise.all(ids.map((id) => h.post(h.tap('approve', id, { reason: 'bench' }))));
      answers.forEach(expectCardAnswer);
      distinct.push(...answers.map((a) => a.ms));
      await h.app.approvals.runner.idle();
    }
    console.log(`invoke answer, ${CONCURRENT} concurrent taps on ${CONCURRENT} cards: ${summary(distinct)}`);
    await h.app.approvals.runner.idle();
    const writes = h.sim.requests.count({ method: 'PUT', path: /privateEndpointConnections\// });
    const cards = TAP_SAMPLES + CONCURRENT_ROUNDS * (1 + CONCURRENT);
    console.log(`  Azure approval writes once every decision finished: ${writes} for ${cards} cards tapped`);
  } finally {
    await h.stop();
  }
}

async function pendingToCard(): Promise<void> {
  const h = new TeamsAppHarness({ POLL_INTERVAL_SECONDS: '5' });
  await h.start();
  try {
    await h.post(h.channelMessage('watch'));
    await h.connector.waitFor((calls) => calls.some((c) => c.kind === 'create'), 15_000); // the seeded request
    const latencies: number[] = [];
    for (let i = 0; i < PENDING_SAMPLES; i++) {
      // Spread the start over the poll interval, as real requests arrive at any time.
      await new Promise((r) => setTimeout(r, 700 + Math.random() * 1500));
      const created = h.sim.world.createManagedPrivateEndpoint(factoryRef, `mpe-latency-${i}`, {
        privateLinkResourceId: serverId(serverRef('pg-sandbox')),
      });
      const pendingAt = Date.now();
      const isCard = (c: { kind: string; at: number }) =>
        c.kind === 'create' && cardText(cardOfCall(c as never)).includes(created.connectionName!);
      await h.connector.waitFor((calls) => calls.some(isCard), 15_000);
      latencies.push(h.connector.calls.find(isCard)!.at - pendingAt);
    }
    console.log(`pending → card posted, POLL_INTERVAL_SECONDS=5: ${summary(latencies)}`);

    await h.app.approvals.watcher.stop();
    h.sim.requests.clear();
    await h.app.approvals.watcher.cycle();
    const steady = h.sim.requests.all().length;
    h.sim.world.createManagedPrivateEndpoint(factoryRef, 'mpe-calls', {
      privateLinkResourceId: serverId(serverRef('pg-orders')),
    });
    h.sim.requests.clear();
    await h.app.approvals.watcher.cycle();
    const withNew = h.sim.requests.all().length;
    console.log(
      `Azure calls per watcher cycle (sandbox world: 3 servers, 1 VNet-integrated, 2 factories): steady ${steady}, with a new pending connection ${withNew}`,
    );
  } finally {
    await h.stop();
  }
}

async function main(): Promise<void> {
  // The scale mode lives in its own files (bench/scale): the bot out of process at 10, 100 and 1,000 servers.
  if (process.argv.includes('--scale')) return (await import('./scale/run-scale')).runScaleBench();
  // The bot's own invoke answer time, in its own process (bench/scale/tap-latency.ts).
  if (process.argv.includes('--taps')) return (await import('./scale/tap-latency')).runTapBench();
  console.log(`bench on Node ${process.version}, ${new Date().toISOString()}`);
  await tapTimes();
  await pendingToCard();
  await storeComparison();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
