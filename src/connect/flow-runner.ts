import {
  PrivateConversationState,
  type StatePropertyAccessor,
  type Storage,
  type TurnContext,
} from 'botbuilder';
import {
  DialogSet,
  DialogTurnStatus,
  type Dialog,
  type DialogContext,
  type DialogState,
  type DialogTurnResult,
} from './dialogs';
import type { Logger } from '../logger';
import type { Store } from '../store';
import { CONNECT_DIALOG } from './connect-dialog';
import { endFlow } from './end-flow';
import type { FlowDraft, FlowEvent } from './flow-types';
import type { ProactiveTurns } from '../teams/proactive-turn';
import type { ConnectServices } from './connect-services';
import type { Acting } from '../identity/acting';
import type { Identity } from '../identity/identity';
import {
  replyOf,
  setAnswer,
  setEvent,
  takeAfterSave,
  wasConsumed,
  type Answer,
  type InvokeReply,
} from './turn-keys';

/**
 * Hosts the flow's dialogs. State is per user and conversation (PrivateConversationState: in a group chat or
 * channel thread, each person has their own flow and nobody answers someone else's questions), kept in the
 * product's store, so a flow survives restarts and can wait for hours. Each run loads the state, advances the
 * dialogs, saves, and only then starts the background work the turn asked for.
 */
export interface FlowRunnerDeps {
  storage: Storage;
  store: Store;
  proactive: ProactiveTurns;
  /** Where steps find their door to Azure for the identity bound to the turn. */
  services: ConnectServices;
  /** Who acts in a resumed flow's turn (nobody is there to sign in: the token service must still have a token). */
  identity: Identity;
  logger: Logger;
}

export class FlowRunner {
  private readonly state: PrivateConversationState;
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly flowIdProperty: StatePropertyAccessor<string | undefined>;
  private readonly dialogs: DialogSet;
  private readonly store: Store;
  private readonly logger: Logger;

  constructor(private readonly deps: FlowRunnerDeps) {
    this.store = deps.store;
    this.logger = deps.logger;
    this.state = new PrivateConversationState(deps.storage, 'connect');
    this.dialogState = this.state.createProperty<DialogState>('dialogs');
    this.flowIdProperty = this.state.createProperty<string | undefined>('flowId');
    this.dialogs = new DialogSet(this.dialogState);
  }

  /**
   * The flow's dialogs come after the runner, before any turn: their steps start background work (tests, endpoint
   * checks) that reports back to the flow through `deliver`, so that work is built on the runner, then the dialogs
   * on that work.
   */
  addDialogs(dialogs: readonly Dialog[]): void {
    for (const dialog of dialogs) this.dialogs.add(dialog);
  }

  /** The flow this person has going in this conversation, if any. */
  async activeFlowId(turn: TurnContext): Promise<string | undefined> {
    const flowId = await this.flowIdProperty.get(turn);
    if (!flowId) return undefined;
    const dc = await this.dialogs.createContext(turn);
    return dc.activeDialog ? flowId : undefined;
  }

  /** Starts a flow; its steps act in Azure as `acting` (the person with ACT_AS=user). */
  async start(turn: TurnContext, draft: FlowDraft, acting: Acting): Promise<void> {
    await this.flowIdProperty.set(turn, draft.flowId);
    this.deps.services.bind(turn, acting);
    await this.run(turn, (dc) => dc.beginDialog(CONNECT_DIALOG, draft));
  }

  /** Hands an answer (typed or tapped) to the active flow; returns how to answer a tap, if the dialogs said. */
  async answer(turn: TurnContext, answer: Answer, acting: Acting): Promise<InvokeReply | undefined> {
    setAnswer(turn, answer);
    this.deps.services.bind(turn, acting);
    await this.run(turn, (dc) => dc.continueDialog());
    return replyOf(turn);
  }

  /** Asks the current question again (someone said `connect` while a flow was going). */
  async reprompt(turn: TurnContext): Promise<void> {
    await this.run(turn, async (dc) => {
      await dc.repromptDialog();
      return { status: DialogTurnStatus.waiting };
    });
  }

  /** Ends this person's flow here; returns its id (undefined when there was none). */
  async cancel(turn: TurnContext): Promise<string | undefined> {
    const flowId = await this.activeFlowId(turn);
    if (!flowId) return undefined;
    await this.run(turn, (dc) => dc.cancelAllDialogs());
    await endFlow(this.store, flowId, 'cancelled', 'cancelled by the requester');
    this.logger.info({ flowId }, 'connect flow cancelled');
    return flowId;
  }

  /**
   * Resumes a waiting flow in its own conversation with an event from outside (approval, test result). True when
   * the flow took it; false when it is not (or no longer, or not yet) waiting for that kind of event.
   */
  async deliver(flowId: string, event: FlowEvent): Promise<boolean> {
    const flow = await this.store.connectFlows.get(flowId);
    if (!flow || flow.phase === 'finished' || flow.phase === 'cancelled') return false;
    let consumed = false;
    await this.deps.proactive.continueConversation(flow.reference, async (turn) => {
      if ((await this.activeFlowId(turn)) !== flowId) return;
      // Going on means acting in Azure again: as the person, if the token service still has their token.
      const acting = await this.deps.identity.silently(turn);
      if (!acting) {
        // Asked once per flow (sweeps come back to it); the next sweep after the sign-in delivers the event.
        const key = `connect:${flowId}:sign-in`;
        if (await this.store.cards.reserveCard(key, flow.reference.conversation?.id ?? flowId))
          await this.deps.identity.forChat(
            turn,
            'Your connection flow can go on as soon as you sign in again.',
          );
        return;
      }
      this.deps.services.bind(turn, acting);
      setEvent(turn, event);
      await this.run(turn, (dc) => dc.continueDialog());
      consumed = wasConsumed(turn);
    });
    this.logger.info({ flowId, event: event.kind, consumed }, 'event delivered to connect flow');
    return consumed;
  }

  private async run(
    turn: TurnContext,
    work: (dc: DialogContext) => Promise<DialogTurnResult>,
  ): Promise<void> {
    const dc = await this.dialogs.createContext(turn);
    const result = await work(dc);
    if (result.status === DialogTurnStatus.complete || result.status === DialogTurnStatus.cancelled) {
      await this.flowIdProperty.delete(turn);
    }
    await this.state.saveChanges(turn);
    for (const job of takeAfterSave(turn)) {
      job().catch((error: unknown) => this.logger.error({ err: error }, 'connect background job failed'));
    }
  }
}
