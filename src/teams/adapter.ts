import { CloudAdapter, ActivityTypes, type TurnContext } from 'botbuilder';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import type { BotRegistration } from '../config';
import { isAppError } from '../errors';
import type { Logger } from '../logger';
import { createAuthentication } from './authentication';

const GENERIC_FAILURE =
  'Sorry, something went wrong on my side. It has been logged; please try again in a moment.';

/**
 * The Bot Framework adapter, built from the validated bot registration (never from process.env), with the one
 * error boundary of every turn: full detail to the log, a safe sentence to the user.
 */
export function createAdapter(
  bot: BotRegistration,
  logger: Logger,
  /** Default: the registration's own (createAuthentication); the sandbox adds its token service. */
  authentication: BotFrameworkAuthentication = createAuthentication(bot),
): CloudAdapter {
  const adapter = new CloudAdapter(authentication);
  adapter.onTurnError = (context, error) => handleTurnError(context, error, logger);
  return adapter;
}

export async function handleTurnError(context: TurnContext, error: unknown, logger: Logger): Promise<void> {
  const err = error instanceof Error ? error : new Error(String(error));
  const activity = context.activity;
  logger.error(
    {
      err,
      code: isAppError(err) ? err.code : undefined,
      activityId: activity.id,
      activityType: activity.type,
      channelId: activity.channelId,
      conversationId: activity.conversation?.id,
    },
    'turn failed',
  );
  const message = isAppError(err) ? err.userMessage : GENERIC_FAILURE;
  try {
    if (activity.type === ActivityTypes.Invoke) {
      // A lost database is temporary and nothing was done: 503 says "try again", 500 says "broken".
      const unavailable = isAppError(err) && err.code === 'STORE_UNAVAILABLE';
      const status = unavailable ? 503 : 500;
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: {
          status,
          body: {
            statusCode: status,
            type: 'application/vnd.microsoft.error',
            value: { code: unavailable ? 'ServiceUnavailable' : 'InternalError', message },
          },
        },
      });
    } else {
      await context.sendActivity(message);
    }
  } catch (sendError) {
    logger.warn({ err: sendError, activityId: activity.id }, 'could not tell the user about the failed turn');
  }
}
