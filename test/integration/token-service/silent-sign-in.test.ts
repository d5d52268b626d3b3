import jwt from 'jsonwebtoken';
import { SANDBOX_PEOPLE } from '../../../src/sandbox/entra/directory';
import { ARM_AUDIENCE } from '../../../src/sandbox/entra/sandbox-entra';
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

describe('token service stand-in, silent sign-in (the sandbox default)', () => {
  const started = useTokenService({ signIn: 'silent' });

  it("hands out the person's delegated ARM token on first use, with its claims and expiration", async () => {
    const { entra, service } = started();
    const client = await botbuilderClient(service.url);
    const before = Date.now();
    const response = await client.getUserToken('29:avery', CONNECTION, CHANNEL, OMITTED);

    expect(response).toMatchObject({ channelId: CHANNEL, connectionName: CONNECTION });
    const verdict = armCaller(entra, response.token);
    expect(verdict).toMatchObject({
      ok: true,
      caller: {
        kind: 'user',
        objectId: avery.objectId,
        tenantId: entra.tenantId,
        name: avery.name,
        userPrincipalName: avery.userPrincipalName,
        scopes: ['user_impersonation'],
      },
    });
    const claims = jwt.decode(response.token) as { aud: string; iat: number; exp: number };
    expect(claims.aud).toBe(ARM_AUDIENCE);
    expect(claims.exp - claims.iat).toBe(3600);
    expect(claims.iat * 1000).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(new Date(response.expiration).getTime()).toBe(claims.exp * 1000);
  });

  it('keeps handing out the same token while it is good, as the service holds it', async () => {
    const { service } = started();
    const client = await botbuilderClient(service.url);
    const first = await client.getUserToken('29:riley', CONNECTION, CHANNEL, OMITTED);
    const second = await client.getUserToken('29:riley', CONNECTION, CHANNEL, OMITTED);
    expect(second.token).toBe(first.token);
  });

  it("gives each Teams user id its own person's token, and unknown users none", async () => {
    const { entra, service } = started();
    const client = await botbuilderClient(service.url);
    expectPerson(
      entra,
      (await client.getUserToken('29:avery-approver', CONNECTION, CHANNEL, OMITTED)).token,
      avery,
    );
    expectPerson(entra, (await client.getUserToken('29:riley', CONNECTION, CHANNEL, OMITTED)).token, riley);
    // 404 with no body: botbuilder's getUserToken answers undefined, which OAuthPrompt reads as "no token".
    await expect(client.getUserToken('29:stranger', CONNECTION, CHANNEL, OMITTED)).resolves.toBeUndefined();
    expect(service.requests.last()).toMatchObject({ path: '/api/usertoken/GetToken', status: 404 });
  });

  it('reports the token status and hands out AAD tokens for ARM only', async () => {
    const { entra, service } = started();
    const client = await botbuilderClient(service.url);
    await expect(client.getTokenStatus('29:avery', CHANNEL, CONNECTION)).resolves.toEqual([
      {
        channelId: CHANNEL,
        connectionName: CONNECTION,
        hasToken: true,
        serviceProviderDisplayName: 'Azure Active Directory v2',
      },
    ]);
    await expect(client.getTokenStatus('29:avery', CHANNEL, 'graph')).resolves.toEqual([]);
    await expect(client.getTokenStatus('29:stranger', CHANNEL, OMITTED)).resolves.toMatchObject([
      { hasToken: false },
    ]);

    const tokens = await client.getAadTokens(
      '29:avery',
      CONNECTION,
      ['https://management.azure.com/', 'https://graph.microsoft.com'],
      CHANNEL,
    );
    expect(Object.keys(tokens)).toEqual(['https://management.azure.com/']);
    expectPerson(entra, tokens['https://management.azure.com/']?.token, avery);
  });

  it('refuses another connection name loudly (400), not as "no token"', async () => {
    const { service } = started();
    const client = await botbuilderClient(service.url);
    await expect(client.getUserToken('29:avery', 'graph', CHANNEL, OMITTED)).rejects.toMatchObject({
      statusCode: 400,
    });
  });
});

describe('token service stand-in: held tokens are refreshed before they expire', () => {
  let clock = Date.now();
  const started = useTokenService({ signIn: 'silent', now: () => new Date(clock) });

  it('hands out a new token once less than five minutes are left', async () => {
    const client = await botbuilderClient(started().service.url);
    const first = await client.getUserToken('29:avery', CONNECTION, CHANNEL, OMITTED);
    clock += 54 * 60_000;
    expect((await client.getUserToken('29:avery', CONNECTION, CHANNEL, OMITTED)).token).toBe(first.token);
    clock += 2 * 60_000;
    const refreshed = await client.getUserToken('29:avery', CONNECTION, CHANNEL, OMITTED);
    expect(refreshed.token).not.toBe(first.token);
    expect((jwt.decode(refreshed.token) as { iat: number }).iat).toBe(Math.floor(clock / 1000));
  });
});
