import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { UserTokenClient } from 'botframework-connector';
import { SANDBOX_BOT_PRINCIPAL, SANDBOX_PEOPLE } from '../../../src/sandbox/entra/directory';
import {
  SandboxBotCredentialsFactory,
  SandboxTokenServiceAuthentication,
} from '../../../src/sandbox/token-service';
import {
  CHANNEL,
  CONNECTION,
  expectPerson,
  OMITTED,
  signInOnPage,
  teamsMessage,
  useTokenService,
} from './support';

const { avery } = SANDBOX_PEOPLE;

/** Runs one unauthenticated inbound turn (as from the Agents Playground) and hands `use` its UserTokenClient. */
async function inTurn(
  adapter: CloudAdapter,
  use: (client: UserTokenClient, context: TurnContext) => Promise<void>,
) {
  let ran = false;
  await adapter.processActivityDirect('', teamsMessage('29:avery'), async (context) => {
    const client = context.turnState.get<UserTokenClient>(adapter.UserTokenClientKey);
    expect(client).toBeDefined();
    await use(client, context);
    ran = true;
  });
  expect(ran).toBe(true);
}

describe("CloudAdapter with an empty MicrosoftAppId (today's sandbox bot) and OAuthUrl set", () => {
  const started = useTokenService({ signIn: 'silent' });

  it('still gives each turn a UserTokenClient: tokens work, unauthenticated, but a sign-in resource cannot', async () => {
    const { entra, service } = started();
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ OAuthUrl: service.url }));
    await inTurn(adapter, async (client) => {
      expectPerson(entra, (await client.getUserToken('29:avery', CONNECTION, CHANNEL, OMITTED)).token, avery);
      // botbuilder builds the sign-in state with the turn's app id, and there is none: it throws before any call.
      await expect(client.getSignInResource(CONNECTION, teamsMessage('29:avery'), OMITTED)).rejects.toThrow(
        /appId/,
      );
    });
    expect(service.requests.count({ path: '/api/botsignin/GetSignInResource' })).toBe(0);
  });
});

describe('CloudAdapter with the sandbox bot identity towards the token service', () => {
  const started = useTokenService({ signIn: 'prompt', appId: SANDBOX_BOT_PRINCIPAL.appId });
  const adapter = () => {
    const { entra, service } = started();
    const inner = new ConfigurationBotFrameworkAuthentication(
      { OAuthUrl: service.url },
      new SandboxBotCredentialsFactory(entra, SANDBOX_BOT_PRINCIPAL),
    );
    return new CloudAdapter(new SandboxTokenServiceAuthentication(inner, SANDBOX_BOT_PRINCIPAL.appId));
  };

  it('accepts the unauthenticated activity and signs its token service calls as the bot', async () => {
    const { entra, service } = started();
    await inTurn(adapter(), async (client, context) => {
      await expect(client.getUserToken('29:avery', CONNECTION, CHANNEL, OMITTED)).resolves.toBeUndefined();
      const resource = await client.getSignInResource(CONNECTION, context.activity, OMITTED);
      expect(resource.tokenExchangeResource?.uri).toBe(`api://botid-${SANDBOX_BOT_PRINCIPAL.appId}`);
      const code = await signInOnPage(resource.signInLink ?? '');
      expectPerson(entra, (await client.getUserToken('29:avery', CONNECTION, CHANNEL, code)).token, avery);
    });
    // The stand-in checks callers here: none of those calls was refused.
    expect(service.requests.count({ status: 401 })).toBe(0);
    expect(service.requests.count()).toBe(4);
  });

  it('exchanges a Teams SSO token in the turn', async () => {
    const { entra, service } = started();
    await inTurn(adapter(), async (client) => {
      const exchanged = await client.exchangeToken('29:avery', CONNECTION, CHANNEL, {
        token: service.ssoToken('29:avery'),
      });
      expectPerson(entra, exchanged.token, avery);
    });
  });
});
