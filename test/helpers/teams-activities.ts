import channelMessage from '../fixtures/teams/channel-message-watch.json';
import invokeApprove from '../fixtures/teams/invoke-approve.json';
import personalMessage from '../fixtures/teams/personal-message.json';
import type { ConnectorCall } from './fake-teams-connector';

export const APPROVER = {
  id: '29:avery',
  name: 'Avery Approver',
  aadObjectId: '33333333-3333-3333-3333-333333333333',
};
export const REQUESTER = {
  id: '29:riley',
  name: 'Riley Requester',
  aadObjectId: '44444444-4444-4444-4444-444444444444',
};
export const OTHER_TENANT = '99999999-9999-4999-8999-999999999999';

type Json = Record<string, unknown>;

export interface TapOptions {
  from?: Json;
  reason?: string;
  activityId?: string;
  replyToId?: string;
  tenantId?: string;
  /** 'automatic' for a refresh Teams runs by itself when a listed person opens the card. */
  trigger?: 'manual' | 'automatic';
}

/** The approval card's verbs: its two buttons and its refresh. */
export type ApprovalVerb = 'approve' | 'reject' | 'approval.refresh';

/** Real Teams payloads (test/fixtures/teams) with fresh ids, text, sender and card data. */
export class TeamsActivities {
  private seq = 0;

  channelMessage(text: string, from = APPROVER): Json {
    const id = `17641440${String(++this.seq).padStart(5, '0')}`;
    const m = structuredClone(channelMessage) as Json & { conversation: Json };
    return {
      ...m,
      id,
      text: `<at>PL Approvals</at> ${text}`,
      from,
      conversation: { ...m.conversation, id: `${String(m.conversation.id).split(';')[0]};messageid=${id}` },
    };
  }

  personalMessage(text: string, from = REQUESTER): Json {
    return { ...structuredClone(personalMessage), id: `p${++this.seq}`, text, from };
  }

  tap(verb: ApprovalVerb, requestId: string, options: TapOptions = {}): Json {
    const base = structuredClone(invokeApprove) as Json & { conversation: Json; channelData: Json };
    const tenantId = options.tenantId ?? String(base.conversation.tenantId);
    return {
      ...base,
      id: options.activityId ?? `f:tap-${++this.seq}`,
      from: options.from ?? APPROVER,
      conversation: { ...base.conversation, tenantId },
      channelData: { ...base.channelData, tenant: { id: tenantId } },
      ...(options.replyToId ? { replyToId: options.replyToId } : {}),
      value: {
        action: { type: 'Action.Execute', verb, data: { requestId, reason: options.reason ?? '' } },
        trigger: options.trigger ?? 'manual',
      },
    };
  }
}

export function adaptiveCardOf(body: Json): Json | undefined {
  const attachments = body['attachments'] as Array<{ contentType: string; content: Json }> | undefined;
  return attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** The card a connector call carries: a new conversation's activity (channel thread) or the activity itself. */
export function cardOfCall(call: ConnectorCall): Json | undefined {
  const activity = (call.kind === 'create' ? call.body['activity'] : call.body) as Json | undefined;
  return activity ? adaptiveCardOf(activity) : undefined;
}

export function cardText(card: Json | undefined): string {
  return JSON.stringify(card ?? {});
}

/** Every action of a card, wherever it sits: the card's own `actions` and any ActionSet in its body. */
export function cardActions(card: Json | undefined): Json[] {
  const found: Json[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const n = node as Json;
    if (typeof n['type'] === 'string' && n['type'].startsWith('Action.')) found.push(n);
    for (const [key, child] of Object.entries(n)) if (key !== 'data' && key !== 'card') visit(child);
  };
  visit(card?.['body']);
  visit(card?.['actions']);
  return found;
}

export function hasButtons(card: Json | undefined): boolean {
  return cardActions(card).some((a) => a['type'] === 'Action.Execute');
}

/**
 * The red (attention) lines of a card: the refusal line a refused tap's answer carries, and the failed-attempt
 * line of a failed request.
 */
export function attentionLines(card: Json | undefined): string[] {
  const body = (card?.['body'] as Json[] | undefined) ?? [];
  return body
    .filter((e) => e['type'] === 'Container' && e['style'] === 'attention')
    .flatMap((e) => (e['items'] as Json[]).map((i) => String(i['text'])));
}

/**
 * What an invoke answer refuses with, on the card for the tapping person (issue 12): the body must be a 200 card
 * answer, never an error that only a log shows; returns its one red line.
 */
export function refusalOnCard(body: Json): string {
  if (body['statusCode'] !== 200 || body['type'] !== 'application/vnd.microsoft.card.adaptive')
    throw new Error(`expected a card answer, got ${JSON.stringify(body).slice(0, 300)}`);
  const lines = attentionLines(body['value'] as Json);
  if (lines.length !== 1) throw new Error(`expected one red line, got ${JSON.stringify(lines)}`);
  return lines[0]!;
}

/** Every approval card among the connector's calls, in order, each with the request id its buttons carry. */
export function approvalCards(
  calls: readonly ConnectorCall[],
): Array<{ call: ConnectorCall; requestId: string }> {
  return calls.flatMap((call) => {
    if (!cardText(cardOfCall(call)).includes('Private endpoint connection request')) return [];
    const data = cardActions(cardOfCall(call)).map((a) => a['data'] as { requestId?: string } | undefined);
    const requestId = data.find((d) => d?.requestId)?.requestId;
    return requestId ? [{ call, requestId }] : [];
  });
}

/** The first approval card among the connector's calls, and the request id its buttons carry. */
export function firstApprovalCard(
  calls: readonly ConnectorCall[],
): { call: ConnectorCall; requestId: string } | undefined {
  return approvalCards(calls)[0];
}
