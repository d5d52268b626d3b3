import type { Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ClaimsIdentity,
  MicrosoftAppCredentials,
  ServiceClientCredentialsFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ConnectorFactory,
  type ServiceClientCredentials,
  type UserTokenClient,
} from 'botframework-connector';
import type { SandboxServicePrincipal } from '../entra/directory';
import type { SandboxEntra } from '../entra/sandbox-entra';
import { BOT_FRAMEWORK_AUDIENCE } from './caller-auth';

type WebResource = Parameters<ServiceClientCredentials['signRequest']>[0];

/**
 * The sandbox bot's own identity towards the token service. In Azure, botbuilder signs every token service call
 * with an Entra token its app credentials get for the Bot Framework; the sandbox bot runs without MicrosoftAppId
 * (the Agents Playground sends no JWT, so inbound authentication must stay off), and then botbuilder creates the
 * UserTokenClient with no app id and no credentials: GetToken and the like work unauthenticated, but
 * getSignInResource throws (its state needs the app id). These two pieces give it the sandbox bot principal's
 * identity there, and only there.
 */
export class SandboxBotCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(
    private readonly entra: SandboxEntra,
    private readonly bot: SandboxServicePrincipal,
  ) {
    super();
  }

  override async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.bot.appId;
  }

  /** Inbound activities stay unauthenticated, as with an empty MicrosoftAppId (loopback sandbox only). */
  override async isAuthenticationDisabled(): Promise<boolean> {
    return true;
  }

  /** The bot's token for its own app id (token service calls); no credentials for anonymous turns' connectors. */
  override async createCredentials(appId: string): Promise<ServiceClientCredentials> {
    return appId === this.bot.appId
      ? { signRequest: async (resource: WebResource) => this.sign(resource) }
      : MicrosoftAppCredentials.Empty;
  }

  private sign(resource: WebResource): WebResource {
    // Minted per call (cheap, local): the bot's app token for the Bot Framework, as MSAL would get it.
    const token = this.entra.issueArmToken(this.bot, { audience: BOT_FRAMEWORK_AUDIENCE });
    resource.headers.set('Authorization', `Bearer ${token}`);
    return resource;
  }
}

/**
 * Delegates everything to `inner` except the UserTokenClient, which it creates for the sandbox bot's app id
 * instead of the turn's (anonymous) identity: so the client sends the bot's token (given `inner` was built with a
 * SandboxBotCredentialsFactory) and GetSignInResource's state names the bot.
 */
export class SandboxTokenServiceAuthentication extends BotFrameworkAuthentication {
  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly appId: string,
  ) {
    super();
  }

  override createUserTokenClient(): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(botIdentity(this.appId));
  }

  override authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateRequest(activity, authHeader);
  }

  override authenticateStreamingRequest(
    authHeader: string,
    channelIdHeader: string,
  ): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.inner.createConnectorFactory(claimsIdentity);
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}

/** Claims naming the bot as the audience: botbuilder takes a UserTokenClient's app id from them. */
function botIdentity(appId: string): ClaimsIdentity {
  return new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }], true);
}
