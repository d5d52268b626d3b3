import { randomBytes } from 'node:crypto';
import { TurnContext, type AdaptiveCardInvokeResponse } from 'botbuilder';
import { renderAnsweredCard } from '../cards/connect-answered-card';
import type { Logger } from '../logger';
import type { Actor, Store } from '../store';
import { cardResponse, errorResponse, messageResponse } from '../teams/card-action-router';
import { parseCommandText } from '../teams/command-router';
import type { FlowRunner } from './flow-runner';
import { say, troubleText } from './step-kit';
import type { InvokeReply } from './turn-keys';
import { describeFlows } from './flow-list';
import type { Identity } from '../identity/identity';
import { personName } from '../text/user-text';

/**
 * While a flow waits for typed answers, these words still mean commands (a value that happens to be one of them
 * can be typed into the card's field instead): the flow's own, and the approval loop's, so an approver with a
 * flow open can still use them.
 */
const INTERRUPTIONS = new Set([
  'cancel',
  'help',
  'connect',
  'flows',
  'status',
  'watch',
  'unwatch',
  'watching',
  'pending',
  'history',
]);

const WHY_SIGN_IN = 'The guided flow lists and creates things in Azure as you.';

/**
 * Where turns enter the guided flow: `connect`, `cancel`, `status`/`flows`, typed answers and card taps. It
 * parses and routes; the dialogs ask and validate, the service talks to Azure.
 */
export class ConnectEntry {
  constructor(
    private readonly runner: FlowRunner,
    private readonly store: Store,
    private readonly identity: Identity,
    private readonly logger: Logger,
    private readonly now: () => Date,
  ) {}

  async start(turn: TurnContext, args: string): Promise<void> {
    if (await this.runner.activeFlowId(turn)) {
      await say(
        turn,
        'You already have a connection flow going here. Here is where it stands (say cancel to stop it):',
      );
      return this.runner.reprompt(turn);
    }
    const acting = await this.identity.forChat(turn, WHY_SIGN_IN, `connect ${args}`);
    if (!acting) return;
    const requester = requesterOf(turn);
    const tenantId = tenantOf(turn);
    const [factory, server] = args.split(/\s+/).filter(Boolean);
    const flowId = `flow-${randomBytes(8).toString('hex')}`;
    await this.store.connectFlows.create({
      flowId,
      requester,
      tenantId,
      reference: TurnContext.getConversationReference(turn.activity),
      step: 'Factory',
    });
    this.logger.info({ flowId, preset: Boolean(factory || server) }, 'connect flow started');
    await say(
      turn,
      "Let's connect a data factory to a PostgreSQL server over Private Link, in eight steps. Say cancel at any time.",
    );
    await this.runner.start(
      turn,
      {
        flowId,
        requester,
        tenantId,
        preset: { ...(factory ? { factory } : {}), ...(server ? { server } : {}) },
      },
      acting,
    );
  }

  async cancel(turn: TurnContext): Promise<void> {
    const flowId = await this.runner.activeFlowId(turn);
    const before = flowId ? await this.store.connectFlows.get(flowId) : undefined;
    if (!flowId || !(await this.runner.cancel(turn))) {
      const elsewhere = await this.store.connectFlows.listOpen({
        requesterId: requesterOf(turn).aadObjectId,
      });
      const note =
        elsewhere.length > 0 ? ` You have ${elsewhere.length} flow(s) in other chats; say cancel there.` : '';
      return say(turn, `There is no connection flow of yours to cancel here.${note}`);
    }
    const kept = before?.endpointName
      ? ` The managed private endpoint ${before.endpointName} stays in ${before.factory?.factoryName ?? 'the factory'}; delete it in Data Factory Studio if nobody needs it.`
      : ' Nothing was created in Azure.';
    const testing =
      before?.phase === 'testing'
        ? ` The linked service ${before.linkedServiceName ?? ''} may already exist.`
        : '';
    await say(turn, `Cancelled your connection flow.${kept}${testing}`);
  }

  async showFlows(turn: TurnContext): Promise<void> {
    const flows = await this.store.connectFlows.listOpen({ requesterId: requesterOf(turn).aadObjectId });
    if (flows.length === 0)
      return say(
        turn,
        'You have no connection flows in progress. Say connect to start one (or status <server> to see a server).',
      );
    await turn.sendActivity({
      attachments: [describeFlows(flows, turn.activity.conversation?.id ?? '', this.now())],
    });
  }

  /** True when the message was the flow's: "new connection", a bare `status`, or an answer to the current question. */
  async onMessage(turn: TurnContext): Promise<boolean> {
    if (turn.activity.type !== 'message' || !turn.activity.text) return false;
    const text = parseCommandText(TurnContext.removeRecipientMention(turn.activity) ?? turn.activity.text);
    const whole = `${text.name} ${text.args}`.trim();
    if (/^new connection$/i.test(whole)) return this.start(turn, '').then(() => true);
    if (text.name === 'status' && text.args === '') return this.showFlows(turn).then(() => true);
    if (!(await this.runner.activeFlowId(turn)) || INTERRUPTIONS.has(text.name)) return false;
    const cleaned = (TurnContext.removeRecipientMention(turn.activity) ?? turn.activity.text)
      .replace(/<at>[^<]*<\/at>/gi, ' ')
      .trim();
    // A free answer is never kept for after a sign-in (it could be a secret): once signed in, it is typed again.
    const acting = await this.identity.forChat(turn, WHY_SIGN_IN);
    if (acting) await this.runner.answer(turn, { kind: 'text', text: cleaned }, acting);
    return true;
  }

  /** A tap on one of the flow's cards. Only the flow's own requester can answer, and only its latest question. */
  async onTap(turn: TurnContext, data: Record<string, unknown>): Promise<AdaptiveCardInvokeResponse> {
    const verb = String(
      (turn.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb ?? '',
    );
    const flowId = typeof data['flowId'] === 'string' ? data['flowId'] : '';
    const token = typeof data['token'] === 'string' ? data['token'] : '';
    try {
      const active = await this.runner.activeFlowId(turn);
      if (!active || active !== flowId) return staleCard(await this.whyNotYours(turn, flowId, active));
      if (verb === 'connect.cancel') {
        await this.cancel(turn);
        return cardResponse(renderAnsweredCard('Connection flow', 'Status', 'Cancelled').content);
      }
      const who = await this.identity.forTap(turn);
      if ('signIn' in who) return who.signIn;
      return toResponse(await this.runner.answer(turn, { kind: 'tap', verb, token, data }, who.acting));
    } catch (error) {
      // Never the card data: a Create tap carries the typed password.
      this.logger.error({ err: error, flowId, verb }, 'connect card action failed');
      return errorResponse(500, 'InternalError', `Something went wrong: ${troubleText(error)}`);
    }
  }

  private async whyNotYours(
    turn: TurnContext,
    flowId: string,
    active: string | undefined,
  ): Promise<StaleTap> {
    const flow = flowId ? await this.store.connectFlows.get(flowId) : undefined;
    if (flow && flow.requester.aadObjectId.toLowerCase() !== requesterOf(turn).aadObjectId.toLowerCase()) {
      return {
        label: 'Requester',
        value: flow.requester.name,
        why: `This card belongs to ${flow.requester.name}'s connection flow; only they can answer it. Say connect to start your own.`,
      };
    }
    const status = flow?.outcome ?? (flow && !flow.finishedAt ? 'Replaced by a newer flow' : 'Ended');
    if (active) {
      return {
        label: 'Status',
        value: status,
        why: 'This card is from an earlier connection flow; answer the latest card instead.',
      };
    }
    return {
      label: 'Status',
      value: status,
      why: 'This connection flow has ended. Say connect to start a new one.',
    };
  }
}

export function requesterOf(turn: TurnContext): Actor {
  const from = turn.activity.from;
  return {
    aadObjectId: from?.aadObjectId || from?.id || '',
    name: personName(from?.name),
    // Kept so the approval card can give the requester their own view (refresh.userIds lists Teams user ids).
    ...(from?.id ? { teamsUserId: from.id } : {}),
  };
}

function tenantOf(turn: TurnContext): string {
  const channelData = turn.activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const fromChannel = typeof channelData?.tenant?.id === 'string' ? channelData.tenant.id : '';
  return turn.activity.conversation?.tenantId ?? fromChannel;
}

/** Why a tap on a flow's card cannot count, and what the card shows instead of its question. */
interface StaleTap {
  label: string;
  value: string;
  why: string;
}

/** The tapped card, for the tapping person only, as the flow stands, with a red line saying why nothing happened. */
function staleCard(stale: StaleTap): AdaptiveCardInvokeResponse {
  return cardResponse(renderAnsweredCard('Connection flow', stale.label, stale.value, stale.why).content);
}

function toResponse(reply: InvokeReply | undefined): AdaptiveCardInvokeResponse {
  if (!reply) return messageResponse('OK');
  return 'card' in reply ? cardResponse(reply.card.content) : messageResponse(reply.message);
}
