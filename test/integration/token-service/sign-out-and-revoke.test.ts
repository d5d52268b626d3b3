import { SANDBOX_PEOPLE } from '../../../src/sandbox/entra/directory';
import {
  armCaller,
  botbuilderClient,
  CHANNEL,
  CONNECTION,
  expectPerson,
  OMITTED,
  useTokenService,
} from './support';

const { avery, riley } = SANDBOX_PEOPLE;

describe('token service stand-in: sign-out, revocation, expiry', () => {
  const started = useTokenService({ signIn: 'silent', appId: 'b07a-app', verifyCaller: false });

  it('forgets a sign-out: no token, not even silently, until the person signs in again', async () => {
    const { entra, service } = started();
    const bot = await botbuilderClient(service.url);
    expectPerson(entra, (await bot.getUserToken('29:avery', CONNECTION, CHANNEL, OMITTED)).token, avery);

    await bot.signOutUser('29:avery', CONNECTION, CHANNEL);
    await expect(bot.getUserToken('29:avery', CONNECTION, CHANNEL, OMITTED)).resolves.toBeUndefined();
    await expect(bot.getTokenStatus('29:avery', CHANNEL, OMITTED)).resolves.toMatchObject([
      { hasToken: false },
    ]);
    // Other people, and Avery on another channel, are not signed out.
    expectPerson(entra, (await bot.getUserToken('29:riley', CONNECTION, CHANNEL, OMITTED)).token, riley);
    expectPerson(entra, (await bot.getUserToken('29:avery', CONNECTION, 'webchat', OMITTED)).token, avery);

    const exchanged = await bot.exchangeToken('29:avery', CONNECTION, CHANNEL, {
      token: service.ssoToken('29:avery'),
    });
    expectPerson(entra, exchanged.token, avery);
    expectPerson(entra, (await bot.getUserToken('29:avery', CONNECTION, CHANNEL, OMITTED)).token, avery);
  });

  it('signs a person out everywhere when Entra revokes their refresh tokens', async () => {
    const { entra, service } = started();
    const bot = await botbuilderClient(service.url);
    for (const id of avery.teamsUserIds) await bot.getUserToken(id, CONNECTION, CHANNEL, OMITTED);
    await bot.getUserToken('29:riley', CONNECTION, CHANNEL, OMITTED);

    service.revoke('29:avery');
    for (const id of avery.teamsUserIds)
      await expect(bot.getUserToken(id, CONNECTION, CHANNEL, OMITTED)).resolves.toBeUndefined();
    expectPerson(entra, (await bot.getUserToken('29:riley', CONNECTION, CHANNEL, OMITTED)).token, riley);
  });

  it('hands out, once, a token that ARM refuses as expired; then a fresh one', async () => {
    const { entra, service } = started();
    const bot = await botbuilderClient(service.url);
    const before = await bot.getUserToken('29:avery', CONNECTION, CHANNEL, OMITTED);

    service.expireTokens();
    const expired = await bot.getUserToken('29:avery', CONNECTION, CHANNEL, OMITTED);
    expect(armCaller(entra, expired.token)).toMatchObject({ ok: false, code: 'ExpiredAuthenticationToken' });
    expect(new Date(expired.expiration).getTime()).toBeLessThan(Date.now());

    const fresh = await bot.getUserToken('29:avery', CONNECTION, CHANNEL, OMITTED);
    expectPerson(entra, fresh.token, avery);
    expect(fresh.token).not.toBe(before.token);
    expect(fresh.token).not.toBe(expired.token);
  });
});
