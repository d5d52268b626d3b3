import type { Activity } from 'botbuilder';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import {
  AuthenticationConstants,
  ClaimsIdentity,
  type ConnectorClientOptions,
  type ServiceClientCredentialsFactory,
  type UserTokenClient,
} from 'botframework-connector';
import { verifyAccessToken } from '../../../src/sandbox/entra/access-tokens';
import { SANDBOX_BOT_PRINCIPAL, type SandboxPerson } from '../../../src/sandbox/entra/directory';
import { ARM_AUDIENCE, SandboxEntra } from '../../../src/sandbox/entra/sandbox-entra';
import {
  SandboxBotCredentialsFactory,
  startTokenService,
  type RunningTokenService,
  type TokenServiceOptions,
} from '../../../src/sandbox/token-service';

/**
 * The token service stand-in as the bot meets it: every call goes through botbuilder's own UserTokenClientImpl,
 * made the way CloudAdapter makes it (BotFrameworkAuthentication.createUserTokenClient with OAuthUrl set).
 */
export const CONNECTION = 'arm';
export const CHANNEL = 'msteams';
export const BOT_APP_ID = SANDBOX_BOT_PRINCIPAL.appId;

/** botbuilder's own callers pass undefined for optional arguments its d.ts types as string (magic code, filter). */
export const OMITTED = undefined as unknown as string;

export type Started = { entra: SandboxEntra; service: RunningTokenService };

/** Starts a stand-in for each test of the calling file and closes it after. */
export function useTokenService(options: Partial<TokenServiceOptions> = {}): () => Started {
  let started: Started | undefined;
  beforeEach(async () => {
    const entra = new SandboxEntra();
    const service = await startTokenService({
      entra,
      signIn: 'silent',
      connectionName: CONNECTION,
      ...options,
    });
    started = { entra, service };
  });
  afterEach(async () => {
    await started?.service.close();
    started = undefined;
  });
  return () => {
    if (!started) throw new Error('token service not started');
    return started;
  };
}

export interface ClientOptions {
  /** The app id in the turn's claims (what botbuilder builds the client with); none = the sandbox bot today. */
  appId?: string;
  credentialsFactory?: ServiceClientCredentialsFactory;
  connectorClientOptions?: ConnectorClientOptions;
}

/** botbuilder's UserTokenClientImpl for `oAuthUrl`, as a turn with these claims gets it. */
export function botbuilderClient(oAuthUrl: string, options: ClientOptions = {}): Promise<UserTokenClient> {
  const auth = new ConfigurationBotFrameworkAuthentication(
    { OAuthUrl: oAuthUrl },
    options.credentialsFactory,
    undefined,
    undefined,
    options.connectorClientOptions,
  );
  const claims = options.appId ? [{ type: AuthenticationConstants.AudienceClaim, value: options.appId }] : [];
  return auth.createUserTokenClient(new ClaimsIdentity(claims, AuthenticationConstants.AnonymousAuthType));
}

/** The sandbox bot's own client, authenticating to the started service with its Entra credentials. */
export function signedBotClient(started: () => Started): Promise<UserTokenClient> {
  const { entra, service } = started();
  return botbuilderClient(service.url, {
    appId: BOT_APP_ID,
    credentialsFactory: new SandboxBotCredentialsFactory(entra, SANDBOX_BOT_PRINCIPAL),
  });
}

/** A Teams message from `teamsUserId` in a personal chat: what getSignInResource builds its state from. */
export function teamsMessage(teamsUserId: string): Activity {
  return {
    type: 'message',
    id: 'activity-1',
    channelId: CHANNEL,
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    from: { id: teamsUserId, name: teamsUserId },
    recipient: { id: `28:${BOT_APP_ID}`, name: 'PL Approvals' },
    conversation: { id: `a:personal-${teamsUserId}`, conversationType: 'personal', isGroup: false, name: '' },
    text: 'connect',
  } as Activity;
}

/** The bot's GetSignInResource for a Teams message from `teamsUserId`, its link checked to be there. */
export async function signInResource(
  bot: UserTokenClient,
  teamsUserId: string,
  connectionName = CONNECTION,
): Promise<{ signInLink: string; tokenExchangeResource?: { id?: string; uri?: string } }> {
  const resource = await bot.getSignInResource(connectionName, teamsMessage(teamsUserId), OMITTED);
  if (typeof resource.signInLink !== 'string') throw new Error('GetSignInResource gave no sign-in link');
  return { ...resource, signInLink: resource.signInLink };
}

/** What a person does in the browser on the sign-in link: press "Sign in", read the magic code. */
export async function signInOnPage(signInLink: string): Promise<string> {
  const response = await fetch(signInLink, { method: 'POST', headers: { accept: 'application/json' } });
  if (response.status !== 200) throw new Error(`sign-in page answered ${response.status}`);
  return ((await response.json()) as { magicCode: string }).magicCode;
}

/** The claims ARM would see, checked against the sandbox Entra's keys. */
export function armCaller(entra: SandboxEntra, token: string | undefined) {
  return verifyAccessToken(token ?? '', { keys: entra.publicKeys(), audiences: [ARM_AUDIENCE] });
}

export function expectPerson(entra: SandboxEntra, token: string | undefined, person: SandboxPerson): void {
  expect(armCaller(entra, token)).toMatchObject({
    ok: true,
    caller: { kind: 'user', objectId: person.objectId, scopes: ['user_impersonation'] },
  });
}
