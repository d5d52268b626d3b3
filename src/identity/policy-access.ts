import { factoryId, serverId, type FactoryRef, type ServerRef } from '../domain/resource-ids';
import type { Access, DecisionWord, Verdict } from './access';
import type { PolicyFile } from './policy-file';

/**
 * ACT_AS=bot: the bot's own identity writes, so the bot's policy says who may ask it to. Approvers: APPROVER_IDS
 * (every server) plus the file's per-server lists; requesters: REQUESTER_IDS (every factory) plus the file's
 * per-factory lists. Only approvers of a
 * server see its cards and history; a resource group or "everything" is watched by global approvers only (the file
 * names servers, and which servers a group holds is Azure's to say).
 */
export class PolicyAccess implements Access {
  private readonly global: ReadonlySet<string>;
  private readonly anyFactory: ReadonlySet<string>;

  constructor(
    globalApprovers: readonly string[],
    private readonly policy: PolicyFile,
    /** REQUESTER_IDS: may start the guided flow from any factory in scope. */
    globalRequesters: readonly string[] = [],
  ) {
    this.global = new Set(globalApprovers.map((id) => id.toLowerCase()));
    this.anyFactory = new Set(globalRequesters.map((id) => id.toLowerCase()));
  }

  async mayDecide(_a: unknown, personId: string, server: ServerRef, doing: DecisionWord): Promise<Verdict> {
    return this.approver(personId, server)
      ? { allowed: true }
      : refused(
          `You are not an approver for ${server.serverName}, so you can't ${doing} its connections.`,
          'not-approver',
        );
  }

  async maySee(_a: unknown, personId: string, server: ServerRef): Promise<Verdict> {
    return this.approver(personId, server)
      ? { allowed: true }
      : refused(`Only approvers of ${server.serverName} can see its requests.`, 'not-approver');
  }

  async mayRequest(_a: unknown, personId: string, factory: FactoryRef): Promise<Verdict> {
    const id = personId.toLowerCase();
    const listed =
      this.anyFactory.has(id) ||
      [factory.factoryName, factoryId(factory)].some((k) =>
        this.policy.requesters.get(k.toLowerCase())?.has(id),
      );
    return listed
      ? { allowed: true }
      : refused(`You are not a requester for ${factory.factoryName} in this bot's policy.`, 'not-requester');
  }

  private approver(personId: string, server: ServerRef): boolean {
    const id = personId.toLowerCase();
    if (this.global.has(id)) return true;
    return [server.serverName, serverId(server)].some((k) =>
      this.policy.approvers.get(k.toLowerCase())?.has(id),
    );
  }
}

function refused(message: string, detail: string): Verdict {
  return { allowed: false, message, detail };
}
