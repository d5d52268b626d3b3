import type { CloudAdapterBase, SignInUrlResponse, TurnContext } from 'botbuilder';
import type { UserTokenClient } from 'botframework-connector';
import { AppError } from '../errors';
import { personTokenOf, type PersonToken } from './person-token';

/**
 * The bot's door to the Bot Framework token service (botbuilder's UserTokenClient, which CloudAdapter puts in every
 * turn's state, proactive turns included). The token service keeps people's tokens and refreshes them; the bot asks
 * for one when it needs to act and forgets it afterwards.
 */
export class TokenBroker {
  constructor(readonly connectionName: string) {}

  /** The person's token if the token service has one (signed in before, or silently through SSO). */
  async current(turn: TurnContext): Promise<PersonToken | undefined> {
    const { userId, channelId } = whoIn(turn);
    return personTokenOf(await this.client(turn).getUserToken(userId, this.connectionName, channelId, ''));
  }

  /** Completes a sign-in that ended with a magic code (the non-SSO fallback: `value.state`, signin/verifyState). */
  async redeemMagicCode(turn: TurnContext, code: string): Promise<PersonToken | undefined> {
    const { userId, channelId } = whoIn(turn);
    return personTokenOf(await this.client(turn).getUserToken(userId, this.connectionName, channelId, code));
  }

  /**
   * Exchanges the token Teams obtained by single sign-on for the bot's app (`value.authentication.token`,
   * signin/tokenExchange) for the person's ARM token. undefined when the service cannot (consent still needed).
   */
  async exchange(turn: TurnContext, ssoToken: string): Promise<PersonToken | undefined> {
    const { userId, channelId } = whoIn(turn);
    try {
      const response = await this.client(turn).exchangeToken(userId, this.connectionName, channelId, {
        token: ssoToken,
      });
      return personTokenOf(response);
    } catch {
      // The token service answers an error when it cannot exchange (expired SSO token, consent missing); the
      // person is then asked to sign in again. Its detail could echo the token, so it is not kept.
      return undefined;
    }
  }

  /** Where to send the person to sign in, and what Teams needs for single sign-on. */
  signInResource(turn: TurnContext): Promise<SignInUrlResponse> {
    return this.client(turn).getSignInResource(this.connectionName, turn.activity, '');
  }

  async signOut(turn: TurnContext): Promise<void> {
    const { userId, channelId } = whoIn(turn);
    await this.client(turn).signOutUser(userId, this.connectionName, channelId);
  }

  private client(turn: TurnContext): UserTokenClient {
    const key = (turn.adapter as unknown as Partial<CloudAdapterBase>).UserTokenClientKey;
    const client = key ? turn.turnState.get<UserTokenClient>(key) : undefined;
    if (!client) {
      throw new AppError(
        'NOT_AUTHORIZED',
        'no UserTokenClient in the turn state',
        'Signing in is not available here, so I cannot act in Azure as you.',
      );
    }
    return client;
  }
}

function whoIn(turn: TurnContext): { userId: string; channelId: string } {
  return { userId: turn.activity.from?.id ?? '', channelId: turn.activity.channelId ?? '' };
}
