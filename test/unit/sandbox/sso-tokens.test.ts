import jwt from 'jsonwebtoken';
import { SANDBOX_PEOPLE } from '../../../src/sandbox/entra/directory';
import { SandboxEntra } from '../../../src/sandbox/entra/sandbox-entra';
import { botAppIdUri, verifySsoToken } from '../../../src/sandbox/entra/sso-tokens';

const APP_ID = 'aaaaaaaa-0000-4000-8000-00000000b07a';
const entra = new SandboxEntra();
const verify = (token: string) =>
  verifySsoToken(token, { keys: entra.publicKeys(), tenantId: entra.tenantId, appId: APP_ID });

describe('Teams SSO tokens of the sandbox Entra', () => {
  it('names the person when the token is for the bot app', () => {
    const token = entra.issueSsoToken(SANDBOX_PEOPLE.riley, { appId: APP_ID });
    expect(jwt.decode(token)).toMatchObject({ aud: APP_ID, ver: '2.0', scp: 'access_as_user' });
    const { iat, exp } = jwt.decode(token) as { iat: number; exp: number };
    expect(exp - iat).toBe(3600);
    expect(verify(token)).toEqual({ ok: true, objectId: SANDBOX_PEOPLE.riley.objectId });
  });

  it('accepts the App ID URI as audience (a v1 token)', () => {
    const token = entra.issueSsoToken(SANDBOX_PEOPLE.riley, { appId: APP_ID, audience: botAppIdUri(APP_ID) });
    expect(verify(token)).toMatchObject({ ok: true });
  });

  it.each([
    ['for another app', () => entra.issueSsoToken(SANDBOX_PEOPLE.riley, { appId: 'other-app' })],
    [
      'with the ARM scope, not access_as_user',
      () => entra.issueArmToken(SANDBOX_PEOPLE.riley, { audience: APP_ID }),
    ],
    [
      'signed by another key',
      () => new SandboxEntra().issueSsoToken(SANDBOX_PEOPLE.riley, { appId: APP_ID }),
    ],
  ])('refuses a token %s', (_why, make) => {
    expect(verify(make())).toMatchObject({ ok: false, expired: false });
  });

  it('says when a token expired (beyond the 5-minute clock skew)', () => {
    const token = entra.issueSsoToken(SANDBOX_PEOPLE.riley, {
      appId: APP_ID,
      issuedAt: new Date(Date.now() - 3900_000),
    });
    expect(verify(token)).toMatchObject({ ok: false, expired: true });
  });
});
