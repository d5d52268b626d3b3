import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ActivityTypes,
  StatusCodes,
  type Activity,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import type { BotRegistration } from '../config';
import { isAppError } from '../errors';
import type { Logger } from '../logger';

const GENERIC_FAILURE =
  'Sorry, something went wrong on my side. It has been logged; please try again in a moment.';

/**
 * The Bot Framework adapter, built from the validated bot registration (never from process.env), with the one
 * error boundary of every turn: full detail to the log, a safe sentence to the user.
 */
export function createAdapter(bot: BotRegistration, logger: Logger): CloudAdapter {
  // Without an app id (sandbox only; config refuses it elsewhere) botbuilder disables authentication, but only on
  // its MultiTenant path: SingleTenant asserts an app id. So pass no registration at all then.
  const auth = new StrictAuthentication(
    bot.appId === ''
      ? {}
      : {
          MicrosoftAppId: bot.appId,
          MicrosoftAppPassword: bot.password,
          MicrosoftAppType: bot.appType,
          MicrosoftAppTenantId: bot.tenantId,
        },
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = (context, error) => handleTurnError(context, error, logger);
  return adapter;
}

/** jsonwebtoken's verdicts on a token: bad signature, unsigned (`alg: none`), expired, not yet valid. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/**
 * botbuilder lets jsonwebtoken's own errors through, and CloudAdapter answers anything but an AuthenticationError
 * with 500: a token shaped like Teams' but signed with another key, or not signed, would get 500. It is
 * unauthorized: 401, like a missing or malformed token.
 */
class StrictAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      if (error instanceof Error && TOKEN_ERRORS.has(error.name))
        throw new AuthenticationError(`Unauthorized: ${error.message}`, StatusCodes.UNAUTHORIZED);
      throw error;
    }
  }
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
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: {
          status: 500,
          body: {
            statusCode: 500,
            type: 'application/vnd.microsoft.error',
            value: { code: 'InternalError', message },
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
