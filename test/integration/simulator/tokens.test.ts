import {
  SANDBOX_PEOPLE,
  SandboxEntra,
  loadJwks,
  startSimulator,
  type RunningSimulator,
} from '../../../src/sandbox';
import { PG_PATH, rawCall } from './clients';
import { passwordToken } from './tokens';

const LIST = `${PG_PATH}?api-version=2025-08-01`;
const avery = SANDBOX_PEOPLE.avery;

/** ARM authenticates every request before anything else: 401 with its code, message and a Bearer challenge. */
describe('bearer tokens at the front door', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 'empty' });
  });
  afterAll(() => sim.close());

  const refused = async (
    token: string | null,
  ): Promise<{ code: string; message: string; challenge: string }> => {
    const res = await rawCall(sim, 'GET', LIST, { token });
    expect(res.status).toBe(401);
    const { error } = res.body as { error: { code: string; message: string } };
    return { ...error, challenge: String(res.headers['www-authenticate']) };
  };

  it('no Authorization header: AuthenticationFailed', async () => {
    const { code, message, challenge } = await refused(null);
    expect(code).toBe('AuthenticationFailed');
    expect(message).toBe("Authentication failed. The 'Authorization' header is missing.");
    expect(challenge).toMatch(
      /^Bearer authorization_uri="[^"]+", error="invalid_token", error_description="/,
    );
  });

  it.each([
    ['not a JWT', () => 'sandbox-token-not-a-secret'],
    ['signed by a key the simulator does not trust', () => new SandboxEntra().issueArmToken(avery)],
  ])('%s: InvalidAuthenticationToken', async (_why, make) => {
    const { code, message, challenge } = await refused(make());
    expect(code).toBe('InvalidAuthenticationToken');
    expect(message).toBe('The access token is invalid.');
    expect(challenge).toContain('error_description="The access token is invalid."');
  });

  it('expired: ExpiredAuthenticationToken, with both times as ARM prints them', async () => {
    const token = sim.entra.issueArmToken(avery, {
      issuedAt: new Date(Date.now() - 7200_000),
      lifetimeSeconds: 3600,
    });
    const { code, message } = await refused(token);
    expect(code).toBe('ExpiredAuthenticationToken');
    expect(message).toMatch(
      /^The access token expiry UTC time '\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M' is earlier than current UTC time '\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M'\.$/,
    );
  });

  it("for another resource: InvalidAuthenticationTokenAudience, naming ARM's audiences", async () => {
    const { code, message } = await refused(
      sim.entra.issueArmToken(avery, { audience: 'https://graph.microsoft.com/' }),
    );
    expect(code).toBe('InvalidAuthenticationTokenAudience');
    expect(message).toBe(
      "The access token has been obtained for wrong audience or resource 'https://graph.microsoft.com/'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'.",
    );
  });

  it.each([
    'https://management.azure.com/',
    'https://management.azure.com',
    'https://management.core.windows.net/',
    'https://management.core.windows.net',
  ])('takes the ARM audience %s', async (audience) => {
    const res = await rawCall(sim, 'GET', LIST, {
      token: sim.entra.issueArmToken(SANDBOX_PEOPLE.sam, { audience }),
    });
    expect(res.status).toBe(200);
  });

  it('takes its own URL as audience (the SDK asks for `${endpoint}/.default`)', async () => {
    const res = await rawCall(sim, 'GET', LIST, {
      token: sim.entra.issueArmToken(SANDBOX_PEOPLE.sam, { audience: `${sim.url}/` }),
    });
    expect(res.status).toBe(200);
  });
});

describe('the sandbox Entra on the simulator host', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 'empty' });
  });
  afterAll(() => sim.close());

  const post = (form: Record<string, string>, tenant = sim.entra.tenantId) =>
    rawCall(sim, 'POST', `/${tenant}/oauth2/v2.0/token`, {
      token: null,
      apiVersion: null,
      body: new URLSearchParams(form).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });

  it('gives a person a delegated ARM token for any password, in Entra v2 shape', async () => {
    const res = await post({
      grant_type: 'password',
      username: 'Avery.Approver@contoso.example',
      password: 'x',
      scope: 'https://management.azure.com/.default',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      token_type: 'Bearer',
      scope: 'https://management.azure.com/.default',
      expires_in: 3599,
    });
  });

  it('gives the bot an app token with client_credentials', async () => {
    const res = await post({
      grant_type: 'client_credentials',
      client_id: '0000b07a-0000-4000-8000-00000000b07a',
      client_secret: 'x',
      scope: 'https://management.azure.com/.default',
    });
    expect(res.status).toBe(200);
  });

  it.each([
    [
      'an unknown user',
      {
        grant_type: 'password',
        username: 'nobody@contoso.example',
        password: 'x',
        scope: 'https://management.azure.com/.default',
      },
      'invalid_grant',
      50034,
    ],
    [
      'an unknown client',
      {
        grant_type: 'client_credentials',
        client_id: 'nope',
        client_secret: 'x',
        scope: 'https://management.azure.com/.default',
      },
      'unauthorized_client',
      700016,
    ],
    [
      'another resource',
      {
        grant_type: 'password',
        username: 'avery.approver@contoso.example',
        password: 'x',
        scope: 'https://graph.microsoft.com/.default',
      },
      'invalid_scope',
      500011,
    ],
    ['another grant', { grant_type: 'authorization_code', code: 'x' }, 'unsupported_grant_type', 70003],
  ])("refuses %s with Entra's error", async (_why, form, error, code) => {
    const res = await post(form);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error, error_codes: [code] });
  });

  it('refuses another tenant', async () => {
    const res = await post(
      {
        grant_type: 'password',
        username: 'avery.approver@contoso.example',
        password: 'x',
        scope: 'https://management.azure.com/.default',
      },
      'contoso.example',
    );
    expect(res.body).toMatchObject({ error: 'invalid_request', error_codes: [90002] });
  });

  it('publishes its signing keys, which another simulator can be told to trust', async () => {
    const keys = await rawCall(sim, 'GET', `/${sim.entra.tenantId}/discovery/v2.0/keys`, {
      token: null,
      apiVersion: null,
    });
    const other = await startSimulator({ seed: 'empty', trustedKeys: loadJwks(keys.text) });
    try {
      const token = await passwordToken(sim, 'sam.security@contoso.example');
      expect((await rawCall(other, 'GET', LIST, { token })).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});
