/**
 * `npm run bench -- --scale`: the bot at 10, 100 and 1,000 servers, measured from outside. For each size a
 * ProductionWorld (test/helpers/production): the bot built and started as production starts it, the ARM
 * simulator in its own process serving a prepared world (every server with one pending connection, Azure's read
 * throttling on), the Bot Framework stand-ins and a fake Teams connector in this process; the bot's store already
 * tracks 10,000 requests. Prints, per size: the watcher's ARM reads per cycle and the lowest remaining read budget
 * (from the bot's own "watcher cycle done" lines), cycle time, `watch` → last card, pending → card for connections
 * made while the bot runs, the bot's RSS and heap, its start-up time; and once, at the largest size, `/api/messages`
 * throughput on `help` against a bare botbuilder + restify bot in alternating rounds. Asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProject, ROOT } from '../../test/helpers/production/build';
import { ProductionWorld } from '../../test/helpers/production/production-world';
import { freePort, startNode } from '../../test/helpers/processes';
import { TeamsChannel } from '../../test/helpers/production/teams-channel';
import { summary } from '../stats';
import { alternatingRounds, median } from './throughput';
import {
  copyStore,
  dataDirOf,
  newPendingConnection,
  quietServer,
  writeScaleWorld,
  writeTrackedRequests,
} from './scale-world';

const SIZES = (process.env['BENCH_SCALE_SIZES'] ?? '10,100,1000').split(',').map(Number);
const TRACKED = Number(process.env['BENCH_TRACKED'] ?? 10_000);
const POLL_SECONDS = 15; // the azure default
const NEW_PENDING = Number(process.env['BENCH_NEW_PENDING'] ?? 6);
const THROUGHPUT = { rounds: 4, seconds: 5, concurrency: 16 };
/** `arm` (the default) or `resource-graph`: how the bot discovers connections (DISCOVERY in .env.sample). */
const DISCOVERY = process.env['BENCH_DISCOVERY'] ?? 'arm';
const MEMORY_REPORTER = join(__dirname, 'memory-reporter.js');

/** The bot's own "watcher cycle done" line (src/approvals/watcher.ts). */
interface CycleLine {
  durationMs: number;
  armReads?: number;
  lowestRemainingReads?: number;
  opened: number;
}

export function cycleLines(log: string): CycleLine[] {
  return log
    .split('\n')
    .filter((l) => l.includes('"msg":"watcher cycle done"'))
    .map((l) => JSON.parse(l) as CycleLine);
}

function peakMemory(log: string): { rss: number; heapUsed: number } {
  let rss = 0;
  let heapUsed = 0;
  for (const m of log.matchAll(/BENCH_MEMORY rss=(\d+) heapUsed=(\d+)/g)) {
    rss = Math.max(rss, Number(m[1]));
    heapUsed = Math.max(heapUsed, Number(m[2]));
  }
  return { rss, heapUsed };
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/**
 * What the bot posted to the channel, read incrementally (each connector call is looked at once): when each server's
 * first approval card came, and how many requests were announced by when. More than ten new requests in one cycle
 * come as one summary card ("1003 new requests on 1003 servers", src/teams/summary-batching.ts), which announces
 * them all at once. Bench and quiet server names are never a prefix of one another.
 */
class CardWatch {
  readonly firstCardAt = new Map<string, number>();
  /** Cards and summaries in the order posted: when, and how many requests each announced. */
  readonly announcements: Array<{ at: number; requests: number; summary: boolean }> = [];
  private seen = 0;

  constructor(private readonly world: ProductionWorld) {}

  update(): this {
    const calls = this.world.connector.calls;
    for (; this.seen < calls.length; this.seen++) {
      const call = calls[this.seen]!;
      if (call.kind !== 'create') continue;
      const text = JSON.stringify(call.body);
      if (!text.includes('application/vnd.microsoft.card.adaptive')) continue;
      const summary = /(\d+) new requests on \d+ servers?/.exec(text);
      if (summary) {
        this.announcements.push({ at: call.at, requests: Number(summary[1]), summary: true });
        continue;
      }
      const name = /pg-(?:bench-\d{4}|quiet-\d+)/.exec(text)?.[0];
      if (!name || this.firstCardAt.has(name)) continue;
      this.firstCardAt.set(name, call.at);
      this.announcements.push({ at: call.at, requests: 1, summary: false });
    }
    return this;
  }

  /** When the requests announced (by cards and summaries) first reached `count`. */
  async untilAnnounced(count: number, timeoutMs = 300_000): Promise<number> {
    const reached = () => {
      let total = 0;
      for (const a of this.update().announcements) if ((total += a.requests) >= count) return a.at;
      return undefined;
    };
    await this.poll(timeoutMs, () => reached() !== undefined, `${count} requests announced`);
    return reached()!;
  }

  /** When each named server's first card came. */
  async until(names: readonly string[], timeoutMs = 300_000): Promise<number[]> {
    const all = () => names.every((n) => this.update().firstCardAt.has(n));
    await this.poll(timeoutMs, all, `cards for ${names.join(', ')}`);
    return names.map((n) => this.firstCardAt.get(n)!);
  }

  /** Waits with the connector's own `waitFor`; fails with what the bot said last, not only that time ran out. */
  private async poll(timeoutMs: number, done: () => boolean, what: string): Promise<void> {
    try {
      await this.world.connector.waitFor(done, timeoutMs);
    } catch (error) {
      const tail = this.world.bot.log
        .split('\n')
        .filter((l) => !l.startsWith('BENCH_MEMORY'))
        .slice(-15)
        .join('\n');
      throw new Error(`${String(error)}: ${what}. The bot's last lines:\n${tail}`, { cause: error });
    }
  }
}

async function measureSize(servers: number, trackedDir: string, last: boolean): Promise<void> {
  const stateDir = mkdtempSync(join(tmpdir(), 'pl-bench-world-'));
  const state = join(stateDir, 'scale-world.json');
  await writeScaleWorld(state, servers, NEW_PENDING);
  const world = new ProductionWorld({
    build: false,
    simulatorArgs: [`--state=${state}`, '--mpe-provision-seconds=0'],
    botEnv: {
      POLL_INTERVAL_SECONDS: String(POLL_SECONDS),
      DISCOVERY,
      LOG_LEVEL: 'info',
      NODE_OPTIONS: `${process.env['BENCH_BOT_FLAGS'] ?? ''} --require ${JSON.stringify(MEMORY_REPORTER)}`,
    },
  });
  copyStore(trackedDir, dataDirOf(world.dir));
  await world.start();
  const teams = new TeamsChannel(world);
  const cards = new CardWatch(world);
  try {
    const watchAt = Date.now();
    // Not TeamsChannel.post: its 15 s bound is Teams' patience, and at 1,000 servers `watch` may take longer.
    const watched = await fetch(`${world.botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${teams.token()}` },
      body: JSON.stringify({
        ...teams.activities.channelMessage('watch'),
        serviceUrl: world.connector.url,
      }),
      signal: AbortSignal.timeout(300_000),
    });
    if (watched.status !== 200) throw new Error(`watch answered ${watched.status}`);
    const watchAnsweredMs = Date.now() - watchAt;
    const allAnnounced = await cards.untilAnnounced(servers);
    const summaries = cards.announcements.filter((a) => a.summary).length;

    // Connections made while the bot runs, at random moments over a few poll intervals.
    const quiet = Array.from({ length: NEW_PENDING }, (_, i) => quietServer(i));
    const pendingAt = new Map<string, number>();
    for (const name of quiet) {
      await new Promise((r) => setTimeout(r, Math.random() * POLL_SECONDS * 1000 * 0.6));
      pendingAt.set(name, await newPendingConnection(world.simulator.url, name));
    }
    const cardAt = await cards.until(quiet);
    const latencies = quiet.map((name, i) => cardAt[i]! - pendingAt.get(name)!);

    const cycles = cycleLines(world.bot.log);
    // The first cycle opens every seeded request; the later ones see the new connections arrive, one at a time.
    const later = cycles.slice(1);
    const lowest = Math.min(...cycles.map((c) => c.lowestRemainingReads ?? Number.POSITIVE_INFINITY));
    const memory = peakMemory(world.bot.log);
    console.log(`\n${servers} servers (one pending connection each), ${TRACKED} tracked requests`);
    console.log(`  bot start-up (spawn → "app started"): ${world.botStartMs.toFixed(0)} ms`);
    console.log(
      `  ARM reads per watcher cycle: first ${cycles[0]?.armReads} (opened ${cycles[0]?.opened}), later ${later.map((c) => `${c.armReads}${c.opened ? ` (opened ${c.opened})` : ''}`).join(', ')}`,
    );
    console.log(`  lowest x-ms-ratelimit-remaining-subscription-reads seen by the bot: ${lowest} of 250`);
    console.log(
      `  cycle time: first ${cycles[0]?.durationMs} ms, later ${summary(later.map((c) => c.durationMs))}`,
    );
    console.log(`  "watch" (all servers) answered in ${(watchAnsweredMs / 1000).toFixed(1)} s`);
    console.log(
      `  watch → all ${servers} requests announced (${summaries} summary card${summaries === 1 ? '' : 's'}, ${cards.firstCardAt.size} cards of their own): ${((allAnnounced - watchAt) / 1000).toFixed(1)} s`,
    );
    console.log(`  pending → card (POLL_INTERVAL_SECONDS=${POLL_SECONDS}): ${summary(latencies)}`);
    console.log(`  bot memory, peak: RSS ${mb(memory.rss)}, heap used ${mb(memory.heapUsed)}`);
    if (last) await measureThroughput(world, teams);
  } finally {
    await world.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

async function measureThroughput(world: ProductionWorld, teams: TeamsChannel): Promise<void> {
  const port = await freePort();
  const bare = startNode(
    'bare-bot',
    [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(__dirname, 'bare-bot.ts')],
    world.dir,
    world.botEnv(port),
  );
  try {
    await bare.waitFor('BARE_BOT_LISTENING', 60_000, (out) =>
      out.includes('BARE_BOT_LISTENING') ? true : undefined,
    );
    const authorization = `Bearer ${teams.token()}`;
    const help = (url: string) =>
      fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({
          ...teams.activities.personalMessage('help'),
          serviceUrl: world.connector.url,
        }),
      }).then(async (res) => {
        await res.arrayBuffer();
        return res.status;
      });
    const rates = await alternatingRounds(
      { name: 'bot', url: world.botUrl },
      { name: 'bare', url: `http://127.0.0.1:${port}` },
      THROUGHPUT,
      help,
    );
    const bot = median(rates['bot']!);
    const base = median(rates['bare']!);
    const f = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
    console.log(
      `\n/api/messages on "help" (1:1 chat), ${THROUGHPUT.concurrency} in flight, ${THROUGHPUT.rounds} alternating rounds of ${THROUGHPUT.seconds} s:`,
    );
    console.log(`  bot  ${bot.toFixed(0)} req/s (rounds: ${f(rates['bot']!)})`);
    console.log(`  bare botbuilder + restify ${base.toFixed(0)} req/s (rounds: ${f(rates['bare']!)})`);
    console.log(`  ratio bot / bare: ${(bot / base).toFixed(2)}×`);
    const bareMemory = peakMemory(bare.log);
    const botMemory = peakMemory(world.bot.log);
    console.log(
      `  peak memory after the rounds: bot RSS ${mb(botMemory.rss)} (heap ${mb(botMemory.heapUsed)}), bare RSS ${mb(bareMemory.rss)} (heap ${mb(bareMemory.heapUsed)})`,
    );
  } finally {
    await bare.stop();
  }
}

export async function runScaleBench(): Promise<void> {
  console.log(
    `scale bench on Node ${process.version}, ${cpus().length} cores, ${new Date().toISOString()}; DISCOVERY=${DISCOVERY}; ARM read budget 250, +25/s (simulated as Azure's)`,
  );
  const built = await buildProject(300_000);
  console.log(`npm run build: ${built} ms`);
  const trackedDir = mkdtempSync(join(tmpdir(), 'pl-bench-tracked-'));
  try {
    const seeded = performance.now();
    await writeTrackedRequests(trackedDir, TRACKED);
    console.log(
      `store seeded with ${TRACKED} tracked requests in ${((performance.now() - seeded) / 1000).toFixed(1)} s`,
    );
    for (const [i, servers] of SIZES.entries())
      await measureSize(servers, trackedDir, i === SIZES.length - 1);
  } finally {
    rmSync(trackedDir, { recursive: true, force: true });
  }
}
