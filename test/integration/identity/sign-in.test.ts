import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { W } from '../../helpers/sandbox-azure';
import { APPROVER, TeamsAppHarness } from '../../helpers/teams-app-harness';
import { createLogger } from '../../../src/logger';
import { personalChat, requestConnection, say, type Json } from '../teams/support';
import { tap, writesTo } from './support';

/**
 * Signing in, as Teams does it, against the sandbox's token service with SANDBOX_SIGN_IN=prompt (nobody is signed
 * in until they say so): the Universal Actions login request on a tap, then single sign-on (the tap comes again
 * with `value.authentication.token`) or the sign-in link and its magic code (`value.state`); in chat the OAuth card,
 * the `signin/tokenExchange` invoke (deduplicated), and the command that waited for it. A token Azure turns down
 * (revoked, expired) asks for a sign-in again. No token ever reaches the log, the store or a message.
 */
jest.setTimeout(60_000);

const JWT = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}/;
const lines: string[] = [];
const harness = new TeamsAppHarness(
  { SANDBOX_SIGN_IN: 'prompt', SANDBOX_LRO_SECONDS: '0.3' },
  undefined,
  createLogger({
    level: 'trace',
    destination: new Writable({
      write: (chunk: Buffer, _e, done) => {
        lines.push(chunk.toString('utf8'));
        done();
      },
    }),
  }),
);
const tokens = () => harness.app.tokenService!;

beforeAll(async () => {
  await harness.start();
  await harness.app.approvals.watcher.cycle();
});
afterAll(() => harness.stop());

async function pendingRequestId(endpoint: string): Promise<{ id: string; connection: string }> {
  const connection = requestConnection(harness, W.servers.sandbox, endpoint);
  await harness.app.approvals.watcher.cycle();
  const request = (
    await harness.app.store.requests.listByServer(
      { subscriptionId: W.subscriptionId, resourceGroup: W.resourceGroup, serverName: W.servers.sandbox },
      { openOnly: true },
    )
  ).find((r) => r.connectionName === connection)!;
  return { id: request.id, connection };
}

function loginRequestOf(body: Json): { signInLink: string; value: Json } {
  expect(body).toMatchObject({
    statusCode: 401,
    type: 'application/vnd.microsoft.activity.loginRequest',
    value: {
      connectionName: 'sandbox-arm',
      tokenExchangeResource: { uri: expect.stringMatching(/^api:\/\/botid-/) },
      buttons: [{ type: 'signin', title: 'Sign in' }],
    },
  });
  const value = body['value'] as Json;
  return { signInLink: String((value['buttons'] as Json[])[0]!['value']), value };
}

describe('on a card: Universal Actions sign-in', () => {
  it('without a token the tap gets a login request and nothing is written; Teams SSO then sends it again and it goes through', async () => {
    tokens().revoke(APPROVER.id); // signed out, whichever test signed in before
    const { id, connection } = await pendingRequestId('pe-sso');
    const first = await tap(harness, 'approve', id, { reason: 'sso', from: APPROVER });
    expect(first.status).toBe(401);
    loginRequestOf(first.body);
    expect(writesTo(harness, connection)).toEqual([]);

    const sso = tokens().ssoToken(APPROVER.id);
    const again = await tap(harness, 'approve', id, {
      reason: 'sso',
      from: APPROVER,
      value: { authentication: { id: 'auth-1', connectionName: 'sandbox-arm', token: sso } },
    });
    expect(again.status).toBe(200);
    expect(JSON.stringify(again.body)).toContain('Approving… by Avery Approver');
    await harness.app.approvals.runner.idle();
    expect(
      harness.sim.world.getConnection({
        server: {
          subscriptionId: W.subscriptionId,
          resourceGroup: W.resourceGroup,
          serverName: W.servers.sandbox,
        },
        connectionName: connection,
      })?.status,
    ).toBe('Approved');
  });

  it('without SSO, the sign-in link ends with a magic code, which the resent tap carries as value.state', async () => {
    tokens().revoke(APPROVER.id);
    const { id } = await pendingRequestId('pe-magic');
    const first = await tap(harness, 'reject', id, { reason: 'not this one', from: APPROVER });
    const { signInLink } = loginRequestOf(first.body);
    const page = await fetch(signInLink, { method: 'POST', headers: { accept: 'application/json' } });
    const { magicCode } = (await page.json()) as { magicCode: string };
    expect(magicCode).toMatch(/^\d{6}$/);
    const again = await tap(harness, 'reject', id, {
      reason: 'not this one',
      from: APPROVER,
      value: { state: magicCode },
    });
    expect(again.status).toBe(200);
    expect(JSON.stringify(again.body)).toContain('Rejecting… by Avery Approver');
    await harness.app.approvals.runner.idle();
  });

  it('a revoked sign-in asks again; an expired token Azure turns down is dropped and asks again too', async () => {
    const { id, connection } = await pendingRequestId('pe-stale');
    tokens().revoke(APPROVER.id);
    loginRequestOf((await tap(harness, 'approve', id, { reason: 'x', from: APPROVER })).body);

    // Signed in again (SSO), but the token the service hands out next is already expired at ARM.
    const sso = tokens().ssoToken(APPROVER.id);
    await tap(harness, 'approve', id, {
      reason: 'x',
      from: APPROVER,
      value: { authentication: { id: 'auth-2', connectionName: 'sandbox-arm', token: sso } },
    });
    await harness.app.approvals.runner.idle();
    const other = await pendingRequestId('pe-expired');
    tokens().expireTokens();
    const expired = await tap(harness, 'approve', other.id, { reason: 'x', from: APPROVER });
    expect(expired.status).toBe(401);
    loginRequestOf(expired.body);
    expect(writesTo(harness, other.connection)).toEqual([]);
    expect(writesTo(harness, connection).length).toBeGreaterThan(0);
  });
});

describe('in chat: the OAuth card, single sign-on, and the command that waited', () => {
  it('sends a sign-in card, exchanges the SSO token once (duplicates dropped), then runs the command', async () => {
    const chat = personalChat(harness, 'a:sign-in-chat');
    tokens().revoke(APPROVER.id);
    const asked = await say(harness, chat.message('status pg-orders', APPROVER));
    const oauth = asked.calls
      .flatMap((c) => (c.body['attachments'] as Json[] | undefined) ?? [])
      .find((a) => a['contentType'] === 'application/vnd.microsoft.card.oauth');
    expect(oauth?.['content']).toMatchObject({
      connectionName: 'sandbox-arm',
      tokenExchangeResource: { uri: expect.stringMatching(/^api:\/\/botid-/) },
    });

    const exchange = (id: string) => ({
      ...chat.message('', APPROVER),
      type: 'invoke',
      name: 'signin/tokenExchange',
      text: undefined,
      value: { id, connectionName: 'sandbox-arm', token: tokens().ssoToken(APPROVER.id) },
    });
    const before = harness.connector.calls.length;
    const first = await harness.post(exchange('exchange-1'));
    expect(first.status).toBe(200);
    const second = await harness.post(exchange('exchange-1'));
    expect(second.status).toBe(200);
    const after = harness.connector.calls.slice(before);
    // The parked `status pg-orders` ran once: one card naming the server.
    const cards = after.filter((c) => JSON.stringify(c.body).includes('"text":"pg-orders"'));
    expect(cards).toHaveLength(1);
  });
});

describe('secrets', () => {
  it('no token is in the log, the database or anything the bot sent', async () => {
    // A token travels here whichever tests ran before: a tap signs in with SSO and is decided.
    tokens().revoke(APPROVER.id);
    const { id } = await pendingRequestId('pe-secrets');
    const sso = tokens().ssoToken(APPROVER.id);
    expect(sso).toMatch(JWT);
    const signedIn = await tap(harness, 'approve', id, {
      reason: 'secrets',
      from: APPROVER,
      value: { authentication: { id: 'auth-secrets', connectionName: 'sandbox-arm', token: sso } },
    });
    expect(signedIn.status).toBe(200);
    await harness.app.approvals.runner.idle();

    const sent = harness.connector.calls.map((c) => JSON.stringify(c.body)).join('\n');
    const database = readFileSync(join(harness.dataDir, 'bot.sqlite')).toString('latin1');
    expect(lines.join('\n')).not.toMatch(JWT);
    expect(sent).not.toMatch(JWT);
    expect(database).not.toMatch(JWT);
  });
});
