import type { ServerRef } from '../../domain/resource-ids';
import type { Access, Acting, Identity, Verdict } from '../../identity';
import type { CommandContext } from '../command-router';

/** What the commands that touch servers need to know who acts and what they may see. */
export interface CommandAccess {
  identity: Identity;
  access: Access;
}

/**
 * Who acts for a command: the person (ACT_AS=user) or the bot. undefined when the person had to be asked to sign
 * in first; the command is then run again by itself once they have.
 */
export function actingFor(
  deps: CommandAccess,
  context: CommandContext,
  name: string,
): Promise<Acting | undefined> {
  const why = 'I read Azure as you for this, so you see what Azure lets you see.';
  return deps.identity.forChat(context.turn, why, `${name} ${context.args}`.trim());
}

/** Which of some servers a person may see: their lower-cased names, and the first refusal (to tell them why). */
export interface Visibility {
  visible: Set<string>;
  firstRefusal?: Extract<Verdict, { allowed: false }>;
}

/**
 * Asks `access` as few times as it can: for a resource group holding more than one of the servers, once for the
 * whole group when access offers that; server by server for the rest. A person who reads the subscription or the
 * resource group costs one ARM read per resource group, however many servers it holds.
 */
export async function visibleServers(
  deps: CommandAccess,
  acting: Acting,
  personId: string,
  servers: readonly ServerRef[],
): Promise<Visibility> {
  const result: Visibility = { visible: new Set<string>() };
  const unique = new Map<string, ServerRef>();
  for (const server of servers) {
    const key = server.serverName.toLowerCase();
    if (!unique.has(key)) unique.set(key, server);
  }
  const groups = groupBy([...unique.values()], (s) => `${s.subscriptionId}/${s.resourceGroup}`);
  for (const inGroup of groups.values()) {
    const { subscriptionId, resourceGroup } = inGroup[0]!;
    const wholeGroup =
      inGroup.length > 1 &&
      (await deps.access.maySeeAllIn?.(acting, personId, { subscriptionId, resourceGroup })) === true;
    for (const server of inGroup) {
      if (wholeGroup) {
        result.visible.add(server.serverName.toLowerCase());
        continue;
      }
      const verdict = await deps.access.maySee(acting, personId, server);
      if (verdict.allowed) result.visible.add(server.serverName.toLowerCase());
      else result.firstRefusal ??= verdict;
    }
  }
  return result;
}

/** Groups by a key compared without regard to case (ARM names), in first-seen order. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  const names = new Map<string, string>();
  for (const item of items) {
    const key = keyOf(item);
    const lower = key.toLowerCase();
    if (!names.has(lower)) names.set(lower, key);
    const name = names.get(lower)!;
    const group = groups.get(name);
    if (group) group.push(item);
    else groups.set(name, [item]);
  }
  return groups;
}
