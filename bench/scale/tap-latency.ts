/**
 * `npm run bench -- --taps`: the invoke answer time of the built bot as production runs it (`start:prod`, azure
 * mode, its own process), the ARM simulator in a process of its own, Teams' side (tokens, connector) in this one.
 * So the figure is the bot's: `npm run bench`'s tap rows share one event loop with the simulator and the connector.
 * Each round opens 20 requests (ten a watcher cycle: more would come as one summary card), waits for their 20 cards,
 * then taps all 20 at once, as 20 approvers would; every answer must be the card. Asserts nothing.
 */
import { buildProject } from '../../test/helpers/production/build';
import { ProductionWorld } from '../../test/helpers/production/production-world';
import { TeamsChannel } from '../../test/helpers/production/teams-channel';
import { approvalCards } from '../../test/helpers/teams-activities';
import { SUMMARY_THRESHOLD } from '../../src/teams/summary-batching';
import { expectCardAnswer } from '../pending-requests';
import { summary } from '../stats';
import { cycleLines } from './run-scale';
import { newPendingConnection } from './scale-world';

const TAPS = 20;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const POLL_SECONDS = 2;
let endpoints = 0;

/** The channel's approval cards (request id and the posted card's id), once there are `count` of them. */
async function cardsPosted(world: ProductionWorld, count: number) {
  const posted = () => approvalCards(world.connector.calls).filter((c) => c.call.kind === 'create');
  await world.connector.waitFor(() => posted().length >= count, 120_000);
  return posted();
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
        for (let i = 0; i < SUMMARY_THRESHOLD; i++)
          await newPendingConnection(world.simulator.url, 'pg-sandbox', `mpe-tap-${++endpoints}`);
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
    // The subscription's read budget is shared by the taps' permission checks, the decisions' writes and polls and
    // the watcher: near 0, a tap may wait out a 429's Retry-After.
    const lowest = Math.min(...cycleLines(world.bot.log).map((c) => c.lowestRemainingReads ?? Infinity));
    console.log(`  lowest remaining ARM read budget (watcher cycles): ${lowest} of 250`);
  } finally {
    await world.stop();
  }
}
