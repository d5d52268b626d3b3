import {
  SANDBOX_APPROVER_ID,
  SANDBOX_REQUESTER_ID,
  SANDBOX_TENANT_ID,
} from '../../config/sandbox-identities';

/**
 * Who exists in the sandbox's Microsoft Entra tenant: the people of `.m365agentsplayground.yml` and the bot's own
 * service principal. The simulator's role assignments (seed.ts) and the token service stand-in refer to them by
 * object id; Teams refers to people by their Teams user ids (the playground's, and the shorter ones the tests use).
 */
export interface SandboxPerson {
  kind: 'user';
  objectId: string;
  name: string;
  userPrincipalName: string;
  /** Teams user ids (`from.id`) under which this person talks to the bot. */
  teamsUserIds: readonly string[];
}

export interface SandboxServicePrincipal {
  kind: 'app';
  objectId: string;
  /** The application (client) id tokens carry as `appid`/`azp`. */
  appId: string;
  name: string;
}

export type SandboxPrincipal = SandboxPerson | SandboxServicePrincipal;

export const SANDBOX_PEOPLE = {
  avery: person(SANDBOX_APPROVER_ID, 'Avery Approver', 'avery.approver', ['29:avery-approver', '29:avery']),
  riley: person(SANDBOX_REQUESTER_ID, 'Riley Requester', 'riley.requester', [
    '29:riley-requester',
    '29:riley',
  ]),
  morgan: person('55555555-5555-5555-5555-555555555555', 'Morgan Dba', 'morgan.dba', ['29:morgan-dba']),
  casey: person('66666666-6666-6666-6666-666666666666', 'Casey Engineer', 'casey.engineer', [
    '29:casey-engineer',
  ]),
  jordan: person('77777777-7777-7777-7777-777777777777', 'Jordan Analyst', 'jordan.analyst', [
    '29:jordan-analyst',
    '29:jordan',
  ]),
  sam: person('88888888-8888-8888-8888-888888888888', 'Sam Security', 'sam.security', ['29:sam-security']),
} as const;

/** The bot's identity in the sandbox tenant (what a managed identity is in Azure). */
export const SANDBOX_BOT_PRINCIPAL: SandboxServicePrincipal = {
  kind: 'app',
  objectId: 'b07ab07a-0000-4000-8000-00000000b07a',
  appId: '0000b07a-0000-4000-8000-00000000b07a',
  name: 'PL Approvals bot (sandbox)',
};

export const SANDBOX_ENTRA_TENANT_ID = SANDBOX_TENANT_ID;

export class SandboxDirectory {
  private readonly principals: SandboxPrincipal[];

  constructor(principals: readonly SandboxPrincipal[] = defaultPrincipals()) {
    this.principals = [...principals];
  }

  byObjectId(objectId: string): SandboxPrincipal | undefined {
    const id = objectId.toLowerCase();
    return this.principals.find((p) => p.objectId.toLowerCase() === id);
  }

  /** The person Teams calls `teamsUserId`, if the sandbox tenant has one. */
  byTeamsUserId(teamsUserId: string): SandboxPerson | undefined {
    return this.people().find((p) => p.teamsUserIds.includes(teamsUserId));
  }

  /** Sign-in names compare ignoring case, as Entra's do. */
  byUserPrincipalName(upn: string): SandboxPerson | undefined {
    const wanted = upn.toLowerCase();
    return this.people().find((p) => p.userPrincipalName.toLowerCase() === wanted);
  }

  /** The service principal of the application (client) id `appId`. */
  byAppId(appId: string): SandboxServicePrincipal | undefined {
    const wanted = appId.toLowerCase();
    return this.principals.find(
      (p): p is SandboxServicePrincipal => p.kind === 'app' && p.appId.toLowerCase() === wanted,
    );
  }

  people(): SandboxPerson[] {
    return this.principals.filter((p): p is SandboxPerson => p.kind === 'user');
  }
}

function defaultPrincipals(): SandboxPrincipal[] {
  return [...Object.values(SANDBOX_PEOPLE), SANDBOX_BOT_PRINCIPAL];
}

function person(objectId: string, name: string, alias: string, teamsUserIds: string[]): SandboxPerson {
  return {
    kind: 'user',
    objectId,
    name,
    userPrincipalName: `${alias}@contoso.example`,
    teamsUserIds,
  };
}
