import type { ServerRef } from '../../azure/resource-ids';
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

/** Asks `access` once per server. */
export async function visibleServers(
  deps: CommandAccess,
  acting: Acting,
  personId: string,
  servers: readonly ServerRef[],
): Promise<Visibility> {
  const result: Visibility = { visible: new Set<string>() };
  const seen = new Set<string>();
  for (const server of servers) {
    const key = server.serverName.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const verdict = await deps.access.maySee(acting, personId, server);
    if (verdict.allowed) result.visible.add(key);
    else result.firstRefusal ??= verdict;
  }
  return result;
}
