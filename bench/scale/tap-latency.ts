/**
 * `npm run bench -- --taps`: the invoke answer time of the built bot as production runs it (`start:prod`, azure
 * mode, its own process), the ARM simulator in a process of its own, Teams' side (tokens, connector) in this one.
 * So the figure is the bot's: `npm run bench`'s tap rows share one event loop with the simulator and the connector.
 * Each round opens 20 requests (ten a watcher cycle: more would come as one summary card), waits for their 20 cards,
 * then taps all 20 at once, as 20 approvers would; every answer must be the card. Asserts nothing.
 */
import { arm, FACTORY } from '../../test/helpers/arm-http';
import { buildProject } from '../../test/helpers/production/build';
import { ProductionWorld } from '../../test/helpers/production/production-world';
import { TeamsChannel } from '../../test/helpers/production/teams-channel';
import { approvalCards } from '../../test/helpers/teams-activities';
import { SANDBOX_WORLD } from '../../src/sandbox';
import { serverId } from '../../src/domain/resource-ids';
import { SUMMARY_THRESHOLD } from '../../src/teams/summary-batching';
import { expectCardAnswer } from '../pending-requests';
import { summary } from '../stats';
import { cycleLines } from './run-scale';

const TAPS = 20;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const POLL_SECONDS = 2;
let endpoints = 0;

/** `count` new managed private endpoints to pg-sandbox, made from outside: their connections are pending at once. */
async function newPendingConnections(world: ProductionWorld, count: number): Promise<void> {
  const target = serverId({
    subscriptionId: SANDBOX_WORLD.subscriptionId,
    resourceGroup: SANDBOX_WORLD.resourceGroup,
    serverName: 'pg-sandbox',
  });
  for (let i = 0; i < count; i++) {
    const answer = await arm(
      world.simulator.url,
      'PUT',
      `${FACTORY}/managedVirtualNetworks/default/managedPrivateEndpoints/mpe-tap-${++endpoints}?api-version=2018-06-01`,
      { properties: { privateLinkResourceId: target, groupId: 'postgresqlServer' } },
    );
    if (answer.status >= 300) throw new Error(`managed private endpoint: HTTP ${answer.status}`);
  }
}

/** Waits until the channel has `count` approval cards, and returns them (request id and the posted card's id). */
async function cardsPosted(world: ProductionWorld, count: number) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const cards = approvalCards(world.connector.calls).filter((c) => c.call.kind === 'create');
    if (cards.length >= count) return cards;
    if (Date.now() > deadline) throw new Error(`${cards.length} of ${count} approval cards after 120 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function runTapBench(): Promise<void> {
  console.log(`tap bench on Node ${process.version}, ${new Date().toISOString()}`);
  await buildProject(300_000);
  const world = new ProductionWorld({
    build: false,
    simulatorArgs: ['--mpe-provision-seconds=0'],
    botEnv: { POLL_INTERVAL_SECONDS: String(POLL_SECONDS), LOG_LEVEL: 'info' },
  });
  await world.start();
  const teams = new TeamsChannel(world);
  try {
    await teams.post(teams.activities.channelMessage('watch'));
    let carded = (await cardsPosted(world, 1)).length; // the sandbox's own pending connection
    const times: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (let opened = 0; opened < TAPS; opened += SUMMARY_THRESHOLD) {
        await newPendingConnections(world, SUMMARY_THRESHOLD);
        carded = (await cardsPosted(world, carded + SUMMARY_THRESHOLD)).length;
      }
      const cards = (await cardsPosted(world, carded)).slice(-TAPS);
      const answers = await Promise.all(
        cards.map((card) =>
          teams.post(
            teams.activities.tap('approve', card.requestId, { replyToId: card.call.newId!, reason: 'bench' }),
          ),
        ),
      );
      answers.forEach(expectCardAnswer);
      times.push(...answers.map((a) => a.ms));
    }
    console.log(
      `invoke answer, ${TAPS} concurrent taps on ${TAPS} cards, the bot in its own process: ${summary(times)}`,
    );
    // The first burst meets code V8 has not optimised yet; a bot that has run a while answers as the later ones.
    console.log(
      `  first round: ${summary(times.slice(0, TAPS))}; later rounds: ${summary(times.slice(TAPS))}`,
    );
    // The subscription's read budget is shared by the taps' permission checks, the decisions' polling and the
    // watcher: a 429 there makes a tap wait out Retry-After.
    const lowest = Math.min(...cycleLines(world.bot.log).map((c) => c.lowestRemainingReads ?? Infinity));
    const throttled = world.bot.log.split('\n').filter((l) => l.includes('429')).length;
    if (process.env['BENCH_DEBUG']) {
      console.log(
        world.bot.log
          .split('\n')
          .filter((l) => l.includes('429'))
          .join('\n')
          .slice(0, 3000),
      );
      console.log(
        cycleLines(world.bot.log)
          .map((c) => `${c.armReads}/${c.lowestRemainingReads}`)
          .join(' '),
      );
    }
    console.log(
      `  lowest remaining ARM read budget (watcher cycles): ${lowest}; bot log lines naming a 429: ${throttled}`,
    );
  } finally {
    await world.stop();
  }
}
