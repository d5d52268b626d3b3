import {
  ConfigurationBotFrameworkAuthentication,
  StatusCodes,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import type { BotRegistration } from '../config';

/**
 * What botbuilder's ConfigurationBotFrameworkAuthentication is given: the validated registration under
 * botbuilder's own setting names, never process.env (which would let unvalidated or unrelated values through).
 */
export function authenticationOptions(bot: BotRegistration): ConfigurationBotFrameworkAuthenticationOptions {
  // Without an app id (sandbox only; config refuses it elsewhere) botbuilder disables authentication, but only on
  // its MultiTenant path: SingleTenant asserts an app id. So pass no registration at all then.
  if (bot.appId === '') return {};
  const { channelService, validateAuthority, endpoints } = bot.cloud;
  return {
    MicrosoftAppId: bot.appId,
    MicrosoftAppPassword: bot.password,
    MicrosoftAppType: bot.appType,
    MicrosoftAppTenantId: bot.tenantId,
    ...(channelService === undefined ? {} : { ChannelService: channelService }),
    ValidateAuthority: validateAuthority,
    // All or none (see src/config/bot-framework-cloud.ts): with them botbuilder uses these values and no default.
    ...(endpoints === undefined
      ? {}
      : {
          ToChannelFromBotLoginUrl: endpoints.toChannelFromBotLoginUrl,
          ToChannelFromBotOAuthScope: endpoints.toChannelFromBotOAuthScope,
          ToBotFromChannelTokenIssuer: endpoints.toBotFromChannelTokenIssuer,
          ToBotFromChannelOpenIdMetadataUrl: endpoints.toBotFromChannelOpenIdMetadataUrl,
          ToBotFromEmulatorOpenIdMetadataUrl: endpoints.toBotFromEmulatorOpenIdMetadataUrl,
          OAuthUrl: endpoints.oAuthUrl,
          CallerId: endpoints.callerId,
        }),
  };
}

/** jsonwebtoken's verdicts on a token: bad signature, unsigned (`alg: none`), expired, not yet valid. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/**
 * botbuilder lets jsonwebtoken's own errors through, and CloudAdapter answers anything but an AuthenticationError
 * with 500: a token shaped like Teams' but signed with another key, or not signed, would get 500. It is
 * unauthorized: 401, like a missing or malformed token.
 */
export class StrictAuthentication extends ConfigurationBotFrameworkAuthentication {
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

export function createAuthentication(bot: BotRegistration): StrictAuthentication {
  return new StrictAuthentication(authenticationOptions(bot));
}
