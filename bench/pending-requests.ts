import { serverId } from '../src/domain/resource-ids';
import { factoryRef, serverRef } from '../test/helpers/sandbox-azure';
import type { TeamsAppHarness } from '../test/helpers/teams-app-harness';
import { SUMMARY_THRESHOLD } from '../src/teams/summary-batching';

let endpoints = 0;

/**
 * New pending connections to pg-sandbox, as requests arriving between polls, each with an approval card of its own:
 * at most SUMMARY_THRESHOLD per watcher cycle, since more would come as one summary card, and a tap names a card.
 */
export async function newPendingRequests(h: TeamsAppHarness, count: number): Promise<string[]> {
  // First a cycle of their own for requests already waiting (the sandbox's seeded one right after `watch`), so no
  // batch below meets them in its cycle and goes over the threshold.
  await h.app.approvals.watcher.cycle();
  const ids: string[] = [];
  while (ids.length < count) {
    const names = Array.from({ length: Math.min(SUMMARY_THRESHOLD, count - ids.length) }, () => {
      const created = h.sim.world.createManagedPrivateEndpoint(factoryRef, `mpe-bench-${++endpoints}`, {
        privateLinkResourceId: serverId(serverRef('pg-sandbox')),
      });
      return created.connectionName;
    });
    await h.app.approvals.watcher.cycle();
    const open = await h.app.store.requests.listOpen();
    ids.push(...names.map((name) => open.find((r) => r.connectionName === name)!.id));
  }
  return ids;
}

/** A tap's answer must be the updated card: a refusal answered fast would pass for a fast decision. */
export function expectCardAnswer(answer: { body: Record<string, unknown> }): void {
  if (answer.body['statusCode'] !== 200 || answer.body['type'] !== 'application/vnd.microsoft.card.adaptive')
    throw new Error(`tap answered ${JSON.stringify(answer.body).slice(0, 300)}`);
}
