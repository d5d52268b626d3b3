import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, TurnContext } from 'botbuilder';
import type { Logger } from '../logger';

export interface CardActionContext {
  turn: TurnContext;
  /** The action's data merged with the card's inputs, as Teams sends it; validated by each handler. */
  data: Record<string, unknown>;
  tenantId: string;
  logger: Logger;
}

/** One handler per Action.Execute verb, registered in one place. */
export interface CardAction {
  verbs: readonly string[];
  handle(context: CardActionContext): Promise<AdaptiveCardInvokeResponse>;
}

export function errorResponse(statusCode: number, code: string, message: string): AdaptiveCardInvokeResponse {
  return { statusCode, type: 'application/vnd.microsoft.error', value: { code, message } as never };
}

/** A short text Teams shows the tapping person (where there is no card of theirs to answer with). */
export function messageResponse(text: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text as never };
}

export function cardResponse(card: unknown): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card as never };
}

export class CardActionRouter {
  private readonly actions = new Map<string, CardAction>();

  constructor(private readonly logger: Logger) {}

  register(action: CardAction): this {
    for (const verb of action.verbs) {
      if (this.actions.has(verb)) throw new Error(`card verb registered twice: ${verb}`);
      this.actions.set(verb, action);
    }
    return this;
  }

  async route(
    turn: TurnContext,
    value: AdaptiveCardInvokeValue,
    tenantId: string,
  ): Promise<AdaptiveCardInvokeResponse> {
    const verb = typeof value?.action?.verb === 'string' ? value.action.verb : '';
    const action = this.actions.get(verb);
    const logger = this.logger.child({ verb, activityId: turn.activity.id });
    if (!action || value.action.type !== 'Action.Execute') {
      logger.warn('unknown card action');
      return errorResponse(400, 'BadRequest', 'This card action is not known to the bot.');
    }
    const data =
      value.action.data !== null && typeof value.action.data === 'object'
        ? (value.action.data as Record<string, unknown>)
        : {};
    return action.handle({ turn, data, tenantId, logger });
  }
}
