import { SANDBOX_PEOPLE } from '../../../src/sandbox/entra/directory';
import { SandboxEntra } from '../../../src/sandbox/entra/sandbox-entra';
import { botAppIdUri, TEAMS_CLIENT_IDS } from '../../../src/sandbox/entra/sso-tokens';
import {
  BOT_APP_ID,
  botbuilderClient,
  CHANNEL,
  CONNECTION,
  expectPerson,
  OMITTED,
  signedBotClient,
  useTokenService,
} from './support';

const { avery, riley } = SANDBOX_PEOPLE;
const HOUR_AND_TEN_MINUTES_AGO = () => new Date(Date.now() - 70 * 60_000);

describe('token service stand-in, SSO token exchange', () => {
  const started = useTokenService({ signIn: 'prompt', appId: BOT_APP_ID });
  const client = () => signedBotClient(started);

  it.each([
    ['the Teams desktop client, aud = app id', {}],
    ['Teams on the web', { clientId: TEAMS_CLIENT_IDS.web }],
    ['the App ID URI as audience', { audience: botAppIdUri(BOT_APP_ID) }],
  ])('signs the person in with a valid token (%s)', async (_client, options) => {
    const { entra, service } = started();
    const bot = await client();
    const exchanged = await bot.exchangeToken('29:avery', CONNECTION, CHANNEL, {
      token: service.ssoToken('29:avery', options),
    });
    expect(exchanged).toMatchObject({ channelId: CHANNEL, connectionName: CONNECTION });
    expectPerson(entra, exchanged.token, avery);
    expectPerson(entra, (await bot.getUserToken('29:avery', CONNECTION, CHANNEL, OMITTED)).token, avery);
  });

  it.each([
    ['signed by another key', () => new SandboxEntra().issueSsoToken(avery, { appId: BOT_APP_ID })],
    ['expired', () => started().service.ssoToken('29:avery', { issuedAt: HOUR_AND_TEN_MINUTES_AGO() })],
    ['for another app', () => started().service.ssoToken('29:avery', { audience: 'api://botid-other-app' })],
    ['for ARM, not for the bot', () => started().entra.issueArmToken(avery)],
    ["of someone else (Riley's, for Avery)", () => started().service.ssoToken('29:riley')],
    ['not a token at all', () => 'not-a-jwt'],
  ])('refuses a token %s: 400, no token, still signed out', async (_why, make) => {
    const { service } = started();
    const bot = await client();
    const exchanged = await bot.exchangeToken('29:avery', CONNECTION, CHANNEL, { token: make() });
    // botbuilder hands the 400's ErrorResponse back; what the bot checks (OAuthPrompt, the SSO middleware) is `token`.
    expect(exchanged.token).toBeUndefined();
    expect(service.requests.last({ path: '/api/usertoken/exchange' })?.status).toBe(400);
    await expect(bot.getUserToken('29:avery', CONNECTION, CHANNEL, OMITTED)).resolves.toBeUndefined();
  });

  it('signs in on the channel and user the bot names, and no one else', async () => {
    const { entra, service } = started();
    const bot = await client();
    await bot.exchangeToken('29:riley', CONNECTION, CHANNEL, { token: service.ssoToken('29:riley') });
    expectPerson(entra, (await bot.getUserToken('29:riley', CONNECTION, CHANNEL, OMITTED)).token, riley);
    await expect(bot.getUserToken('29:riley', CONNECTION, 'webchat', OMITTED)).resolves.toBeUndefined();
    await expect(bot.getUserToken('29:avery', CONNECTION, CHANNEL, OMITTED)).resolves.toBeUndefined();
  });

  it('refuses an exchange by uri (not modelled) as a bad request', async () => {
    const bot = await client();
    const exchanged = await bot.exchangeToken('29:avery', CONNECTION, CHANNEL, {
      uri: botAppIdUri(BOT_APP_ID),
    });
    expect(exchanged.token).toBeUndefined();
    expect(started().service.requests.last()?.status).toBe(400);
  });
});

describe('token service stand-in without the bot app id', () => {
  const started = useTokenService({ signIn: 'prompt' });

  it('cannot exchange SSO tokens: the connection has no token exchange URL', async () => {
    const { entra, service } = started();
    const bot = await botbuilderClient(service.url);
    const exchanged = await bot.exchangeToken('29:avery', CONNECTION, CHANNEL, {
      token: entra.issueSsoToken(avery, { appId: BOT_APP_ID }),
    });
    expect(exchanged.token).toBeUndefined();
    expect(service.requests.last()?.status).toBe(400);
  });
});
