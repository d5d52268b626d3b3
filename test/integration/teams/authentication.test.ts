import { createSign, generateKeyPairSync } from 'node:crypto';
import { MicrosoftAppCredentials } from 'botframework-connector';
import { OpenIdMetadata } from 'botframework-connector/lib/auth/openIdMetadata';
import { createLogger } from '../../../src/logger';
import { APPROVER, TeamsAppHarness } from '../../helpers/teams-app-harness';
import { type Json, say, TENANT } from './support';

/**
 * With a bot registration, CloudAdapter authenticates every request to /api/messages: unsigned or forged ones get
 * 401 and reach no handler. Runs against the simulated Azure (SANDBOX=true with a registration) and never needs
 * the network: the Bot Framework's signing keys, which a real token would need, are stood in for in-process.
 */
jest.setTimeout(30_000);

const APP_ID = '0b7d3a52-6c1e-4f0a-9d8b-2e5f7a9c1d34';
const PASSWORD = 'Fake~AppPassword.ForTests-9dQ3vR7sT1uW5xY';
const KEY_ID = 'bot-framework-test-key';
/** What the bot would get from Entra ID for its own calls to Teams. */
const BOT_TOKEN = 'eyJ0eXAiOiJKV1QifQ.outgoing-bot-token-for-tests.c2lnbmF0dXJl';
const lines: string[] = [];
const harness = new TeamsAppHarness(
  {
    SANDBOX: 'true',
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: PASSWORD,
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppTenantId: TENANT,
    AZURE_SUBSCRIPTION_IDS: '11111111-1111-1111-1111-111111111111',
    // The bot's identity writes: the sandbox's token service serves only the unregistered local bot.
    ACT_AS: 'bot',
  },
  undefined,
  createLogger({ level: 'trace', destination: { write: (line: string) => void lines.push(line) } }),
);

// The "real" Bot Framework key (its private half is Microsoft's) and the attacker's own key pair.
const microsoft = generateKeyPairSync('rsa', { modulusLength: 2048 });
const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });
let fetchedKeys: jest.SpyInstance;
let botToken: jest.SpyInstance;
let consoleError: jest.SpyInstance;
const consoleLines: string[] = [];

beforeAll(async () => {
  // botbuilder would download the signing keys from login.botframework.com: never in a test.
  fetchedKeys = jest
    .spyOn(OpenIdMetadata.prototype, 'getKey')
    .mockImplementation(async (kid: string) =>
      kid === KEY_ID ? { key: microsoft.publicKey.export({ format: 'pem', type: 'spki' }).toString() } : null,
    );
  // ...nor ask Entra ID for the bot's own token.
  botToken = jest.spyOn(MicrosoftAppCredentials.prototype, 'getToken').mockResolvedValue(BOT_TOKEN);
  // CloudAdapter reports every refused request with console.error: keep it, to look for secrets in it too.
  consoleError = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    consoleLines.push(
      args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(' '),
    );
  });
  await harness.start();
  await harness.app.approvals.watcher.cycle();
});
afterAll(async () => {
  await harness.stop();
  fetchedKeys.mockRestore();
  botToken.mockRestore();
  consoleError.mockRestore();
});

function jwt(header: Json, payload: Json, key = attacker.privateKey): string {
  const encode = (part: Json) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const signed = `${encode(header)}.${encode(payload)}`;
  return `${signed}.${createSign('RSA-SHA256').update(signed).sign(key).toString('base64url')}`;
}

/** A token as Teams sends it; signed with the attacker's key unless said otherwise. */
function teamsToken(key = attacker.privateKey): string {
  const now = Math.floor(Date.now() / 1000);
  return jwt(
    { alg: 'RS256', typ: 'JWT', kid: KEY_ID },
    {
      iss: 'https://api.botframework.com',
      aud: APP_ID,
      serviceurl: harness.connector.url,
      nbf: now - 60,
      exp: now + 3600,
    },
    key,
  );
}
const forgedTeamsToken = () => teamsToken();
/** What Teams really sends: signed with the Bot Framework's key. */
const genuineTeamsToken = () => teamsToken(microsoft.privateKey);

async function postWith(authorization: string | undefined, activity: Json): Promise<number> {
  const res = await fetch(`${harness.app.botUrl}/api/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(authorization !== undefined ? { authorization } : {}),
    },
    body: JSON.stringify({ ...activity, serviceUrl: harness.connector.url }),
    signal: AbortSignal.timeout(10_000),
  });
  await res.text();
  return res.status;
}

describe('with a bot registration', () => {
  it('is configured as asked: app id, SingleTenant, simulated Azure', () => {
    expect(harness.app.config.bot).toMatchObject({
      appId: APP_ID,
      appType: 'SingleTenant',
      tenantId: TENANT,
    });
    expect(harness.app.config.mode).toBe('sandbox');
    expect(harness.app.simulator).toBeDefined();
  });

  it.each([
    ['no Authorization header', () => undefined],
    ['a forged bearer token', () => 'Bearer abc.def.ghi'],
    ['an empty bearer token', () => 'Bearer '],
    ['another scheme', () => `Basic ${Buffer.from(`${APP_ID}:${PASSWORD}`).toString('base64')}`],
    [
      'a token from an issuer Teams does not use',
      () => `Bearer ${jwt({ alg: 'none' }, { iss: 'https://evil.example', aud: APP_ID })}`,
    ],
    ['a Teams-shaped token signed with the wrong key', () => `Bearer ${forgedTeamsToken()}`],
    [
      'an unsigned Teams-shaped token (alg none)',
      () => {
        const payload = forgedTeamsToken().split('.')[1]!;
        const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: KEY_ID })).toString(
          'base64url',
        );
        return `Bearer ${header}.${payload}.`;
      },
    ],
  ])('%s gets 401 and reaches no handler', async (_what, authorization) => {
    const before = {
      calls: harness.connector.calls.length,
      audit: (await harness.app.store.audit.list()).length,
      subscriptions: await harness.app.store.subscriptions.list(),
      lines: lines.length,
    };
    const request = (await harness.app.store.requests.listOpen())[0]!;

    expect(await postWith(authorization(), harness.channelMessage('watch'))).toBe(401);
    expect(await postWith(authorization(), harness.tap('approve', request.id, { reason: 'forged' }))).toBe(
      401,
    );

    expect(harness.connector.calls.length).toBe(before.calls);
    expect(await harness.app.store.subscriptions.list()).toEqual(before.subscriptions);
    expect((await harness.app.store.audit.list()).length).toBe(before.audit);
    expect((await harness.app.store.requests.get(request.id))!.status).toBe('pending');
    const handled = /"msg":"(activity refused by guard|command received|card decision answered)"/;
    expect(lines.slice(before.lines).filter((l) => handled.test(l))).toEqual([]);
  });

  it('a message posted the sandbox way, without a token, does not get through either', async () => {
    const answer = await say(harness, harness.personalMessage('watch'));
    expect(answer.status).toBe(401);
    expect(answer.calls).toEqual([]);
  });

  it('a token signed with the Bot Framework key is accepted: the checks above refused for the right reason', async () => {
    const before = harness.connector.calls.length;
    botToken.mockClear();
    const chat = harness.personalMessage('watch', APPROVER);
    expect(await postWith(`Bearer ${genuineTeamsToken()}`, chat)).toBe(200);
    expect(harness.connector.calls.slice(before).map((c) => c.body['text'])).toEqual([
      'Watching for every watched server: new approval requests will be posted here.',
    ]);
    expect((await harness.app.store.subscriptions.list()).map((s) => s.conversationId)).toContain(
      (chat as Json & { conversation: Json }).conversation['id'],
    );
    expect(botToken).toHaveBeenCalled();
  });

  /** The bot was removed from the chat: the answer to this message fails with 403, and the turn error is logged. */
  async function failingCallToTeams(token: string): Promise<void> {
    const before = lines.length;
    const chat = harness.personalMessage('watching') as Json & { conversation: Json };
    harness.connector.removedConversations.add(String(chat.conversation['id']));
    try {
      expect(await postWith(`Bearer ${token}`, chat)).toBe(200);
    } finally {
      harness.connector.removedConversations.clear();
    }
    expect(lines.slice(before).some((l) => l.includes('"msg":"turn failed"'))).toBe(true);
  }

  it('a failing call to Teams with the bot token is logged without the token', async () => {
    const token = genuineTeamsToken();
    await failingCallToTeams(token);
    expect([...lines, ...consoleLines].join('\n')).not.toContain(token.split('.')[2]);
  });

  it('never needed the network, and logged neither the password nor a token', async () => {
    // What this test looks for in the logs, sent here: a genuine token that fails on the way out, forged ones.
    const incomingToken = genuineTeamsToken();
    await failingCallToTeams(incomingToken);
    expect(await postWith('Bearer abc.def.ghi', harness.channelMessage('watch'))).toBe(401);
    const basic = `Basic ${Buffer.from(`${APP_ID}:${PASSWORD}`).toString('base64')}`;
    expect(await postWith(basic, harness.channelMessage('watch'))).toBe(401);

    expect(fetchedKeys).toHaveBeenCalled(); // only for the Teams-shaped tokens, answered in-process
    const everything = [...lines, ...consoleLines].join('\n');
    expect(everything).not.toContain(incomingToken.split('.')[2]);
    expect(everything).not.toContain(BOT_TOKEN);
    expect(lines.length).toBeGreaterThan(0);
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(Buffer.from(`${APP_ID}:${PASSWORD}`).toString('base64'));
    expect(everything).not.toContain('abc.def.ghi');
    expect(everything).not.toMatch(/bearer\s+[\w-]+\.[\w-]+/i);
    expect(everything).not.toMatch(/"authorization":"(?!\[redacted\])/i);
  });
});
