import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from './dialogs';
import type { FlowEvent } from './flow-types';
import { answerOf, eventOf, markConsumed, setReply } from './turn-keys';

export interface WaitOptions {
  kind: FlowEvent['kind'];
  /** Said when the requester writes while the flow waits. */
  stillWaiting: string;
}

/**
 * Holds the flow until an event of the awaited kind arrives from outside the conversation (the approval loop, or
 * the background connection test), possibly hours and restarts later: the wait is dialog state in the store.
 * Messages meanwhile get a reminder of what the flow waits for; old card taps change nothing.
 */
export class WaitDialog extends Dialog<WaitOptions> {
  constructor(id: string) {
    super(id);
  }

  override async beginDialog(dc: DialogContext, options?: WaitOptions): Promise<DialogTurnResult> {
    if (!options) throw new Error(`${this.id}: options are required`);
    Object.assign(dc.activeDialog!.state as object, options);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as WaitOptions;
    const event = eventOf(dc.context);
    if (event && event.kind === state.kind) {
      markConsumed(dc.context);
      return dc.endDialog(event);
    }
    const answer = answerOf(dc.context);
    if (answer?.kind === 'tap') setReply(dc.context, { message: state.stillWaiting });
    else if (answer?.kind === 'text')
      await dc.context.sendActivity({ text: state.stillWaiting, textFormat: 'plain' });
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(turn: TurnContext, instance: DialogInstance): Promise<void> {
    await turn.sendActivity({ text: (instance.state as WaitOptions).stillWaiting, textFormat: 'plain' });
  }
}
