import { ServiceClientCredentialsFactory, type ServiceClientCredentials } from 'botframework-connector';
import { SANDBOX_BOT_PRINCIPAL, SANDBOX_PEOPLE } from '../../../src/sandbox/entra/directory';
import { SandboxEntra } from '../../../src/sandbox/entra/sandbox-entra';
import { BOT_FRAMEWORK_AUDIENCE, SandboxBotCredentialsFactory } from '../../../src/sandbox/token-service';
import {
  BOT_APP_ID,
  botbuilderClient,
  CHANNEL,
  CONNECTION,
  expectPerson,
  OMITTED,
  signInResource,
  useTokenService,
} from './support';

const { avery } = SANDBOX_PEOPLE;
const FOR_BOT_FRAMEWORK = { audience: BOT_FRAMEWORK_AUDIENCE };
const OTHER_APP = { ...SANDBOX_BOT_PRINCIPAL, appId: 'aaaaaaaa-0000-4000-8000-0000000000ff' };

/** botbuilder's extension point for the bot's credentials, here sending a fixed bearer token. */
class FixedBearer extends ServiceClientCredentialsFactory {
  constructor(private readonly token: string) {
    super();
  }
  override async isValidAppId(): Promise<boolean> {
    return true;
  }
  override async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }
  override async createCredentials(): Promise<ServiceClientCredentials> {
    return {
      signRequest: async (resource) => {
        resource.headers.set('Authorization', `Bearer ${this.token}`);
        return resource;
      },
    };
  }
}

describe('token service stand-in with the bot app id: only the bot may call it', () => {
  const started = useTokenService({ signIn: 'silent', appId: BOT_APP_ID });

  it("answers the bot's own calls, signed with its Bot Framework token", async () => {
    const { entra, service } = started();
    const bot = await botbuilderClient(service.url, {
      appId: BOT_APP_ID,
      credentialsFactory: new SandboxBotCredentialsFactory(entra, SANDBOX_BOT_PRINCIPAL),
    });
    expectPerson(entra, (await bot.getUserToken('29:avery', CONNECTION, CHANNEL, OMITTED)).token, avery);
  });

  it('refuses (401) every call of a bot without an app id: botbuilder sends no token then', async () => {
    const { service } = started();
    const anonymous = await botbuilderClient(service.url);
    const unauthorized = { statusCode: 401 };
    await expect(anonymous.getUserToken('29:avery', CONNECTION, CHANNEL, OMITTED)).rejects.toMatchObject(
      unauthorized,
    );
    await expect(
      anonymous.exchangeToken('29:avery', CONNECTION, CHANNEL, { token: service.ssoToken('29:avery') }),
    ).rejects.toMatchObject(unauthorized);
    await expect(anonymous.signOutUser('29:avery', CONNECTION, CHANNEL)).rejects.toMatchObject(unauthorized);
    await expect(anonymous.getTokenStatus('29:avery', CHANNEL, OMITTED)).rejects.toMatchObject(unauthorized);
    await expect(
      anonymous.getAadTokens('29:avery', CONNECTION, ['https://management.azure.com/'], CHANNEL),
    ).rejects.toMatchObject(unauthorized);
    expect(service.requests.count({ status: 401 })).toBe(5);
  });

  it.each([
    [
      'signed by another Entra',
      () => new SandboxEntra().issueArmToken(SANDBOX_BOT_PRINCIPAL, FOR_BOT_FRAMEWORK),
    ],
    ['of another app', (entra: SandboxEntra) => entra.issueArmToken(OTHER_APP, FOR_BOT_FRAMEWORK)],
    ['for ARM, not the Bot Framework', (entra: SandboxEntra) => entra.issueArmToken(SANDBOX_BOT_PRINCIPAL)],
    [
      "of a person, not the app's own",
      (entra: SandboxEntra) => entra.issueArmToken(avery, FOR_BOT_FRAMEWORK),
    ],
    [
      'expired',
      (entra: SandboxEntra) =>
        entra.issueArmToken(SANDBOX_BOT_PRINCIPAL, {
          ...FOR_BOT_FRAMEWORK,
          issuedAt: new Date(Date.now() - 7200_000),
        }),
    ],
  ])('refuses a bearer token %s', async (_why, make) => {
    const { entra, service } = started();
    const bot = await botbuilderClient(service.url, {
      appId: BOT_APP_ID,
      credentialsFactory: new FixedBearer(make(entra)),
    });
    await expect(bot.getUserToken('29:avery', CONNECTION, CHANNEL, OMITTED)).rejects.toMatchObject({
      statusCode: 401,
    });
  });
});

describe('token service stand-in with the bot app id, callers not checked', () => {
  const started = useTokenService({ signIn: 'prompt', appId: BOT_APP_ID, verifyCaller: false });

  it('still refuses a sign-in state that names another bot', async () => {
    const bot = await botbuilderClient(started().service.url, { appId: OTHER_APP.appId });
    await expect(signInResource(bot, '29:avery')).rejects.toMatchObject({ statusCode: 400 });
  });
});
