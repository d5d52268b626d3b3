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

/** The servers among `servers` this person may see (lower-cased names), each asked once, and the first refusal. */
export async function visibleServers(
  deps: CommandAccess,
  acting: Acting,
  personId: string,
  servers: readonly ServerRef[],
): Promise<Set<string> & { firstRefusal?: Extract<Verdict, { allowed: false }> }> {
  const visible: Set<string> & { firstRefusal?: Extract<Verdict, { allowed: false }> } = new Set<string>();
  const seen = new Set<string>();
  for (const server of servers) {
    const key = server.serverName.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const verdict = await deps.access.maySee(acting, personId, server);
    if (verdict.allowed) visible.add(key);
    else visible.firstRefusal ??= verdict;
  }
  return visible;
}
