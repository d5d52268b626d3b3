import { SANDBOX_BOT_PRINCIPAL, SANDBOX_PEOPLE } from '../../../src/sandbox/entra/directory';
import { SandboxBotCredentialsFactory } from '../../../src/sandbox/token-service';
import {
  BOT_APP_ID,
  botbuilderClient,
  CHANNEL,
  CONNECTION,
  expectPerson,
  OMITTED,
  signInOnPage,
  signInResource,
  teamsMessage,
  signedBotClient,
  useTokenService,
} from './support';

const { avery } = SANDBOX_PEOPLE;

describe('token service stand-in, sign-in prompted (the non-SSO path: sign-in link and magic code)', () => {
  const started = useTokenService({ signIn: 'prompt', appId: BOT_APP_ID });
  const client = () => signedBotClient(started);

  it('answers 404 until the person signs in on the link and the bot redeems the magic code', async () => {
    const { entra, service } = started();
    const bot = await client();
    await expect(bot.getUserToken('29:avery', CONNECTION, CHANNEL, OMITTED)).resolves.toBeUndefined();

    const resource = await signInResource(bot, '29:avery');
    expect(resource.signInLink.startsWith(`${service.url}/api/oauth/signin?signin=`)).toBe(true);
    expect(resource.tokenExchangeResource).toMatchObject({ uri: `api://botid-${BOT_APP_ID}` });
    expect(resource.tokenExchangeResource?.id).toEqual(expect.any(String));

    const page = await fetch(resource.signInLink);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Sign in as Avery Approver');
    const code = await signInOnPage(resource.signInLink);
    expect(code).toMatch(/^\d{6}$/);

    // Signed in on the page is not yet signed in for the bot: the code ties the sign-in to this chat.
    await expect(bot.getUserToken('29:avery', CONNECTION, CHANNEL, OMITTED)).resolves.toBeUndefined();
    expectPerson(entra, (await bot.getUserToken('29:avery', CONNECTION, CHANNEL, code)).token, avery);
    expectPerson(entra, (await bot.getUserToken('29:avery', CONNECTION, CHANNEL, OMITTED)).token, avery);
  });

  it('redeems a code only for the user, connection and channel whose sign-in it ended, and once', async () => {
    const bot = await client();
    const { signInLink } = await signInResource(bot, '29:avery');
    const code = await signInOnPage(signInLink);

    await expect(bot.getUserToken('29:riley', CONNECTION, CHANNEL, code)).resolves.toBeUndefined();
    await expect(bot.getUserToken('29:avery', CONNECTION, 'webchat', code)).resolves.toBeUndefined();
    await expect(bot.getUserToken('29:avery', CONNECTION, CHANNEL, '000000')).resolves.toBeUndefined();
    await expect(bot.getUserToken('29:avery', CONNECTION, CHANNEL, code)).resolves.toMatchObject({
      token: expect.any(String),
    });
    await bot.signOutUser('29:avery', CONNECTION, CHANNEL);
    await expect(bot.getUserToken('29:avery', CONNECTION, CHANNEL, code)).resolves.toBeUndefined();
  });

  it('uses a sign-in link once, and signs in only the Teams user the card was for', async () => {
    const bot = await client();
    const { signInLink } = await signInResource(bot, '29:avery');
    await signInOnPage(signInLink);
    expect((await fetch(signInLink, { method: 'POST' })).status).toBe(409);

    const stranger = await signInResource(bot, '29:stranger');
    const refused = await fetch(stranger.signInLink, { method: 'POST' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('no account for Teams user 29:stranger');
    expect((await fetch(`${started().service.url}/api/oauth/signin?signin=nope`)).status).toBe(404);
  });

  it('refuses a sign-in state that names another connection or another bot', async () => {
    const bot = await client();
    await expect(bot.getSignInResource('graph', teamsMessage('29:avery'), OMITTED)).rejects.toMatchObject({
      statusCode: 400,
    });
    const { entra, service } = started();
    const otherBot = await botbuilderClient(service.url, {
      appId: 'someone-else',
      credentialsFactory: new SandboxBotCredentialsFactory(entra, {
        ...SANDBOX_BOT_PRINCIPAL,
        appId: 'someone-else',
      }),
    });
    // Its own token is for another app: refused before the state is even read.
    await expect(
      otherBot.getSignInResource(CONNECTION, teamsMessage('29:avery'), OMITTED),
    ).rejects.toMatchObject({
      statusCode: 401,
    });
  });
});

describe('sign-in links and magic codes expire', () => {
  let clock = Date.now();
  const started = useTokenService({ signIn: 'prompt', appId: BOT_APP_ID, now: () => new Date(clock) });
  const FIFTEEN_MINUTES = 15 * 60_000;
  beforeEach(() => {
    clock = Date.now();
  });
  const bot = () => {
    const { entra, service } = started();
    return botbuilderClient(service.url, {
      appId: BOT_APP_ID,
      credentialsFactory: new SandboxBotCredentialsFactory(entra, SANDBOX_BOT_PRINCIPAL),
    });
  };

  it('takes a code up to 15 minutes after the link was made, not later', async () => {
    const client = await bot();
    const late = await signInResource(client, '29:avery');
    const lateCode = await signInOnPage(late.signInLink);
    const timely = await signInResource(client, '29:riley');
    const timelyCode = await signInOnPage(timely.signInLink);

    clock += FIFTEEN_MINUTES - 1000;
    await expect(client.getUserToken('29:riley', CONNECTION, CHANNEL, timelyCode)).resolves.toMatchObject({
      token: expect.any(String),
    });
    clock += 2000;
    await expect(client.getUserToken('29:avery', CONNECTION, CHANNEL, lateCode)).resolves.toBeUndefined();
  });

  it('no longer opens a sign-in page after 15 minutes', async () => {
    const { signInLink } = await signInResource(await bot(), '29:avery');
    clock += FIFTEEN_MINUTES + 1000;
    expect((await fetch(signInLink)).status).toBe(404);
  });
});
