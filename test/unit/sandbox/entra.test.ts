import jwt from 'jsonwebtoken';
import { verifyAccessToken } from '../../../src/sandbox/entra/access-tokens';
import { SANDBOX_BOT_PRINCIPAL, SANDBOX_PEOPLE } from '../../../src/sandbox/entra/directory';
import { ARM_AUDIENCE, SandboxEntra } from '../../../src/sandbox/entra/sandbox-entra';

const entra = new SandboxEntra();
const other = new SandboxEntra();
const verify = (token: string, keys = entra.publicKeys()) =>
  verifyAccessToken(token, { keys, audiences: ['https://management.azure.com'] });

describe('the sandbox Entra', () => {
  it('issues delegated ARM tokens that say who the person is', () => {
    const verdict = verify(entra.issueArmToken(SANDBOX_PEOPLE.avery));
    expect(verdict).toMatchObject({
      ok: true,
      caller: {
        kind: 'user',
        objectId: SANDBOX_PEOPLE.avery.objectId,
        tenantId: entra.tenantId,
        name: 'Avery Approver',
        userPrincipalName: 'avery.approver@contoso.example',
        scopes: ['user_impersonation'],
      },
    });
  });

  it('issues app tokens for the bot, without delegated scopes', async () => {
    const token = await entra.credentialFor(SANDBOX_BOT_PRINCIPAL).getToken(`${ARM_AUDIENCE}.default`);
    const verdict = verify(token!.token);
    expect(verdict).toMatchObject({
      ok: true,
      caller: {
        kind: 'app',
        objectId: SANDBOX_BOT_PRINCIPAL.objectId,
        appId: SANDBOX_BOT_PRINCIPAL.appId,
        scopes: [],
      },
    });
  });

  it.each([
    ['signed by another key', () => other.issueArmToken(SANDBOX_PEOPLE.avery), 'InvalidAuthenticationToken'],
    [
      'for another audience',
      () => entra.issueArmToken(SANDBOX_PEOPLE.avery, { audience: 'https://graph.microsoft.com' }),
      'InvalidAuthenticationTokenAudience',
    ],
    [
      'expired',
      () =>
        entra.issueArmToken(SANDBOX_PEOPLE.avery, {
          issuedAt: new Date(Date.now() - 7200_000),
          lifetimeSeconds: 3600,
        }),
      'ExpiredAuthenticationToken',
    ],
    [
      'unsigned (alg none)',
      () => jwt.sign({ oid: 'x', aud: ARM_AUDIENCE }, '', { algorithm: 'none' }),
      'InvalidAuthenticationToken',
    ],
    ['not a JWT', () => 'sandbox-token-not-a-secret', 'InvalidAuthenticationToken'],
  ])('refuses a token %s', (_why, make, code) => {
    expect(verify(make())).toMatchObject({ ok: false, code });
  });
});
