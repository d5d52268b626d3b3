import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { ApprovalPolicy } from '../../src/approvals/approval-policy';
import { ApprovalService, type DecideCommand } from '../../src/approvals/approval-service';
import { DecisionRunner } from '../../src/approvals/decision-runner';
import type { ApprovalEvent, ApprovalEventSink } from '../../src/approvals/events';
import { Watcher } from '../../src/approvals/watcher';
import type { AzureGateway } from '../../src/azure/gateway';
import { SqliteStore, type Store } from '../../src/store';
import { botIdentity } from '../../src/identity/identity';
import { PolicyAccess } from '../../src/identity/policy-access';

/** ACT_AS=bot with Avery as the only approver: the policy these domain tests exercise. */
export function botActing(gateway: AzureGateway) {
  const identity = botIdentity(gateway);
  const access = new PolicyAccess([APPROVER.aadObjectId], { approvers: new Map(), requesters: new Map() });
  return { identity, access };
}

export const TENANT = '22222222-2222-2222-2222-222222222222';
export const APPROVER = {
  aadObjectId: '33333333-3333-3333-3333-333333333333',
  name: 'Avery Approver',
  tenantId: TENANT,
};
export const REQUESTER = {
  aadObjectId: '44444444-4444-4444-4444-444444444444',
  name: 'Riley Requester',
  tenantId: TENANT,
};

/** Records what the domain published: the output port, not the thing under test. */
export class RecordingSink implements ApprovalEventSink {
  readonly events: ApprovalEvent[] = [];
  async publish(event: ApprovalEvent): Promise<void> {
    this.events.push(event);
  }
  types(): string[] {
    return this.events.map((e) => e.type);
  }
}

/**
 * The approvals domain wired as index.ts wires it, on a real SQLite file and the real gateway. `backoffMs` is the
 * decision runner's first pause between tries (short by default; long where a test stops the runner during one).
 */
export function approvalDomain(
  gateway: AzureGateway,
  dir = mkdtempSync(join(tmpdir(), 'pl-approvals-')),
  options: { logger?: Logger; backoffMs?: number } = {},
) {
  const logger = options.logger ?? pino({ level: 'silent' });
  const store = new SqliteStore({ path: join(dir, 'bot.sqlite'), now: () => new Date() });
  const sink = new RecordingSink();
  const { identity, access } = botActing(gateway);
  const policy = new ApprovalPolicy({ allowedTenantIds: [TENANT], access });
  const runner = new DecisionRunner(gateway, store, sink, logger, identity.bot, options.backoffMs ?? 50);
  const decisions = new ApprovalService(store, policy, runner, logger);
  // The tap's identity is the bot's here (ACT_AS=bot); tests that need a person pass their own `acting`. Without
  // Teams here, the card tapped is one posted for the request as the notifier would record it, unless a test names
  // another (`cardActivityId`).
  const service = {
    decide: async (
      command: Omit<DecideCommand, 'acting' | 'cardActivityId'> &
        Partial<Pick<DecideCommand, 'acting' | 'cardActivityId'>>,
    ) => {
      const card = await postedCard(store, command.requestId);
      return decisions.decide({ acting: identity.bot, cardActivityId: card, ...command });
    },
  };
  const watcher = new Watcher(gateway, store, sink, logger);
  return {
    dir,
    store,
    sink,
    runner,
    service,
    watcher,
    async close() {
      await runner.idle();
      await store.close();
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The activity id of the request's card in a test conversation, recorded once as the notifier records a posting. */
export async function postedCard(store: Store, requestId: string): Promise<string> {
  const activityId = `card-${requestId}`;
  const conversationId = '19:approval-domain@thread.tacv2';
  if (!(await store.cards.getCard(requestId, conversationId))?.activityId) {
    await store.cards.recordCardPosted(requestId, conversationId, {
      reference: {
        channelId: 'msteams',
        serviceUrl: 'https://smba.example/',
        conversation: { id: conversationId, isGroup: true, conversationType: 'channel', name: 'Approvers' },
      },
      activityId,
    });
  }
  return activityId;
}
