import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import type { AzureGateway } from '../azure/gateway';
import type { Acting } from './acting';
import type { PersonToken } from './person-token';
import { SignInParking } from './sign-in-parking';
import { loginRequest, signInCard } from './sign-in-answers';
import type { TokenBroker } from './token-broker';
import { personName } from '../text/user-text';

/** Who acts for a card tap: someone, or the invoke answer that makes Teams sign the person in first. */
export type TapIdentity = { acting: Acting } | { signIn: AdaptiveCardInvokeResponse };

/**
 * Who acts in Azure for the person behind a turn (ACT_AS): the person themselves with their delegated token, or
 * the bot's identity. Features ask here and never see a token.
 */
export interface Identity {
  readonly mode: 'user' | 'bot';
  /** The bot's own identity: background reads (the watcher), and every write with ACT_AS=bot. */
  readonly bot: Acting;
  forTap(turn: TurnContext): Promise<TapIdentity>;
  /**
   * In chat: who acts; undefined when the person must sign in first (a sign-in card has been sent, and `resume`,
   * a command, is handled once the sign-in completes).
   */
  forChat(turn: TurnContext, why: string, resume?: string): Promise<Acting | undefined>;
  /** In a turn nobody is waiting on (a flow resumed by an event): who acts, if the token service has a token. */
  silently(turn: TurnContext): Promise<Acting | undefined>;
  /** signin/tokenExchange (after the SSO middleware exchanged it) or signin/verifyState: the text to handle now. */
  completeSignIn(turn: TurnContext): Promise<{ signedIn: boolean; resume?: string }>;
  /** A typed six-digit magic code while a sign-in is parked (clients without SSO or verifyState). */
  redeemTypedCode(turn: TurnContext): Promise<{ signedIn: boolean; resume?: string } | undefined>;
  /**
   * Azure turned the person's token down (expired, revoked): forget it at the token service and answer the tap
   * with a fresh sign-in. undefined with ACT_AS=bot (the bot's credential renews itself).
   */
  signInAgain(turn: TurnContext): Promise<AdaptiveCardInvokeResponse | undefined>;
}

/** ACT_AS=bot: the bot's identity for everything; its policy file decides beforehand. */
export function botIdentity(gateway: AzureGateway): Identity {
  const bot: Acting = { kind: 'bot', gateway };
  return {
    mode: 'bot',
    bot,
    forTap: async () => ({ acting: bot }),
    forChat: async () => bot,
    silently: async () => bot,
    completeSignIn: async () => ({ signedIn: true }),
    redeemTypedCode: async () => undefined,
    signInAgain: async () => undefined,
  };
}

const MAGIC_CODE = /^\d{6}$/;

/** ACT_AS=user: the person, with the delegated ARM token the Bot Framework token service keeps for them. */
export class PersonIdentity implements Identity {
  readonly mode = 'user' as const;
  readonly bot: Acting;

  constructor(
    private readonly broker: TokenBroker,
    botGateway: AzureGateway,
    private readonly asPerson: (token: PersonToken) => AzureGateway,
    private readonly parking: SignInParking,
  ) {
    this.bot = { kind: 'bot', gateway: botGateway };
  }

  async forTap(turn: TurnContext): Promise<TapIdentity> {
    const value = turn.activity.value as
      { authentication?: { token?: unknown }; state?: unknown } | undefined;
    let token: PersonToken | undefined;
    if (typeof value?.authentication?.token === 'string')
      token = await this.broker.exchange(turn, value.authentication.token);
    else if (typeof value?.state === 'string' && value.state !== '')
      token = await this.broker.redeemMagicCode(turn, value.state);
    token ??= await this.broker.current(turn);
    if (token) return { acting: this.acting(turn, token) };
    return { signIn: loginRequest(await this.broker.signInResource(turn), this.broker.connectionName) };
  }

  async forChat(turn: TurnContext, why: string, resume?: string): Promise<Acting | undefined> {
    const token = await this.broker.current(turn);
    if (token) return this.acting(turn, token);
    await this.parking.park(turn, resume);
    const resource = await this.broker.signInResource(turn);
    await turn.sendActivity({ attachments: [signInCard(resource, this.broker.connectionName, why)] });
    return undefined;
  }

  async silently(turn: TurnContext): Promise<Acting | undefined> {
    const token = await this.broker.current(turn);
    return token ? this.acting(turn, token) : undefined;
  }

  async completeSignIn(turn: TurnContext): Promise<{ signedIn: boolean; resume?: string }> {
    const state = (turn.activity.value as { state?: unknown } | undefined)?.state;
    const token =
      turn.activity.name === 'signin/verifyState' && typeof state === 'string'
        ? await this.broker.redeemMagicCode(turn, state)
        : await this.broker.current(turn); // signin/tokenExchange: the SSO middleware has exchanged it already
    if (!token) return { signedIn: false };
    const resume = await this.parking.take(turn);
    return resume ? { signedIn: true, resume } : { signedIn: true };
  }

  async redeemTypedCode(turn: TurnContext): Promise<{ signedIn: boolean; resume?: string } | undefined> {
    const text = (turn.activity.text ?? '').trim();
    if (!MAGIC_CODE.test(text) || !(await this.parking.has(turn))) return undefined;
    const token = await this.broker.redeemMagicCode(turn, text);
    if (!token) return { signedIn: false };
    const resume = await this.parking.take(turn);
    return resume ? { signedIn: true, resume } : { signedIn: true };
  }

  async signInAgain(turn: TurnContext): Promise<AdaptiveCardInvokeResponse> {
    await this.broker.signOut(turn);
    return loginRequest(await this.broker.signInResource(turn), this.broker.connectionName);
  }

  private acting(turn: TurnContext, token: PersonToken): Acting {
    const from = turn.activity.from;
    return {
      kind: 'person',
      // The token's own `oid` is who Azure will see; Teams' assertion only fills in when the token has none.
      objectId: token.objectId ?? from?.aadObjectId ?? '',
      name: personName(from?.name),
      gateway: this.asPerson(token),
    };
  }
}
