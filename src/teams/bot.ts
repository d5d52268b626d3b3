import { ActivityHandler, ActivityTypes, type TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import { checkActivity, type GuardPolicy } from './activity-guard';
import type { CommandRouter } from './command-router';

export interface BotDeps {
  router: CommandRouter;
  guard: GuardPolicy;
  logger: Logger;
}

/**
 * The Teams-facing bot: checks every activity against the tenant and channel guard, then hands messages to the
 * command router. Kept small on purpose: behaviour lives in commands, services and card handlers.
 */
export class PrivateLinkBot extends ActivityHandler {
  constructor(private readonly deps: BotDeps) {
    super();
    this.onMessage(async (context, next) => {
      // A message with a value and no text is a card's Action.Submit, not a chat command.
      if (context.activity.text || context.activity.value === undefined)
        await this.deps.router.route(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    const verdict = checkActivity(context.activity, this.deps.guard);
    if (!verdict.allowed) {
      this.deps.logger.warn(
        {
          reason: verdict.reason,
          channelId: verdict.channelId,
          tenantId: verdict.tenantId,
          activityType: context.activity.type,
          activityId: context.activity.id,
        },
        'activity refused by guard',
      );
      if (context.activity.type === ActivityTypes.Invoke) await refuseInvoke(context);
      return;
    }
    await super.run(context);
  }
}

/** Invokes expect an answer; Teams shows `application/vnd.microsoft.error` bodies as an error, not a hang. */
async function refuseInvoke(context: TurnContext): Promise<void> {
  await context.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: {
      status: 403,
      body: {
        statusCode: 403,
        type: 'application/vnd.microsoft.error',
        value: { code: 'Forbidden', message: 'This bot does not serve this tenant or channel.' },
      },
    },
  });
}
