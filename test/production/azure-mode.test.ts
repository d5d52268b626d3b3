import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { arm, listConnections, SUBSCRIPTION } from '../helpers/arm-http';
import { decodeJwt } from '../helpers/production/jwt';
import { ROOT } from '../helpers/production/build';
import { SANDBOX_GUARD } from '../helpers/production/bot-process';
import {
  APP_ID,
  APPROVER_OBJECT_ID,
  BOT_CONNECTOR_AUDIENCE,
  ProductionWorld,
} from '../helpers/production/production-world';
import { TeamsChannel } from '../helpers/production/teams-channel';
import { requestStatus } from '../helpers/stand-in-server';
import {
  cardOfCall,
  cardText,
  firstApprovalCard,
  hasButtons,
  refusalOnCard,
  REQUESTER,
  type TapOptions,
} from '../helpers/teams-activities';
import { part } from '../helpers/scenario';

/**
 * Azure mode, proven from outside: the bot built with `npm run build` and started as `start:prod` starts it
 * (SANDBOX=false, a UserAssignedMSI registration), against stand-ins that speak the real protocols on loopback
 * (see ProductionWorld). Nothing inside the bot is stubbed: it fetches OpenID metadata over TLS it trusts through
 * NODE_EXTRA_CA_CERTS, gets its tokens from the managed identity endpoint through botbuilder and @azure/identity,
 * and talks to ARM (the simulator, another process) over HTTPS. The test only sends HTTP in and reads HTTP out.
 */

const STARTED = new Date();
const world = new ProductionWorld();
const teams = new TeamsChannel(world);

beforeAll(async () => {
  await world.start();
  console.log(`npm run build: ${world.buildMs} ms; stand-ins, simulator and bot up in ${world.startMs} ms`);
}, 360_000);
afterAll(() => world.stop(), 60_000);

/**
 * One scenario against one built bot and its stand-ins: its parts build on each other (the card tapped is the one
 * posted, the shutdown comes last), so they run in order inside one test.
 */
it('in azure mode, end to end against the stand-ins: start-up, requests from Teams, the approval loop, refusals, shutdown', async () => {
  await part('start-up in azure mode', async () => {
    await part(
      'serves in azure mode with the sandbox guard armed, and never loaded simulator code',
      async () => {
        expect(await teams.healthy()).toBe(true);
        expect(world.bot.log).toContain('sandbox guard armed');
        expect(world.bot.log).not.toContain('SANDBOX CODE LOADED');
        expect(world.bot.log).toContain(`"armUrl":"${world.simulator.url}","msg":"app started"`);
      },
    );

    await part(
      'the guard would catch it: the built simulator, required under the guard, ends the process (exit 70)',
      () => {
        const load = (file: string) =>
          execFileSync(
            process.execPath,
            ['--require', SANDBOX_GUARD, '-e', `require(${JSON.stringify(file)})`],
            {
              stdio: 'pipe',
            },
          );
        expect(() => load(join(ROOT, 'dist', 'src', 'app.js'))).not.toThrow(); // the app alone loads no simulator
        expect(() => load(join(ROOT, 'dist', 'src', 'sandbox', 'index.js'))).toThrow(
          expect.objectContaining({ status: 70 }),
        );
      },
    );
  });

  await part('requests from Teams', async () => {
    const claimsNow = () => Math.floor(Date.now() / 1000);
    const refused: Array<[string, () => string | null]> = [
      ['no Authorization header', () => null],
      ['an unsigned token (alg none)', () => `Bearer ${world.login.unsigned({ aud: APP_ID })}`],
      ['a token signed with a key no metadata lists', () => `Bearer ${teams.token({}, 'attacker')}`],
      [
        'a token for another bot',
        () => `Bearer ${teams.token({ aud: '0b7d3a52-6c1e-4f0a-9d8b-2e5f7a9c1d34' })}`,
      ],
      [
        'an expired token',
        () => `Bearer ${teams.token({ nbf: claimsNow() - 7200, exp: claimsNow() - 600 })}`,
      ],
      [
        'a token for another serviceUrl',
        () => `Bearer ${teams.token({ serviceurl: 'https://evil.example/' })}`,
      ],
      ['a token from another issuer', () => `Bearer ${teams.token({ iss: 'https://api.botframework.us' })}`],
      ['a key not endorsed for msteams', () => `Bearer ${teams.token({}, 'other-channel')}`],
      ['a forged Emulator token', () => `Bearer ${world.login.forgedEmulatorToken(APP_ID)}`],
    ];
    for (const [what, authorization] of refused)
      await part(`${what}: 401, never 500, nothing reaches Teams, and the bot keeps serving`, async () => {
        const calls = world.connector.calls.length;
        expect((await teams.post(teams.activities.channelMessage('watch'), authorization())).status).toBe(
          401,
        );
        expect(
          (await teams.post(teams.activities.tap('approve', 'r-1', { reason: 'x' }), authorization())).status,
        ).toBe(401);
        expect(world.connector.calls.length).toBe(calls);
        expect(await teams.healthy()).toBe(true);
      });

    await part(
      'the keys came from the configured OpenID metadata, the Emulator’s included, over trusted TLS',
      () => {
        expect(world.login.server.seen('/v1/.well-known/openidconfiguration')).toBeGreaterThan(0);
        expect(world.login.server.seen('/v1/.well-known/keys')).toBeGreaterThan(0);
        expect(world.login.server.seen('/common/discovery/v2.0/keys')).toBeGreaterThan(0);
      },
    );
  });

  await part('the approval loop', async () => {
    let card: ReturnType<typeof approvalCard>;

    await part(
      '`watch` in a channel, signed as Teams signs it, is answered through the Bot Connector with the identity’s token',
      async () => {
        expect((await teams.post(teams.activities.channelMessage('watch'))).status).toBe(200);
        await world.connector.waitFor((calls) =>
          calls.some((c) => String(c.body['text']).startsWith('Watching')),
        );
        const botConnectorTokens = world.identity.issued.filter((t) => t.resource === BOT_CONNECTOR_AUDIENCE);
        expect(botConnectorTokens.length).toBeGreaterThan(0);
        expect(botConnectorTokens.every((t) => t.clientId === APP_ID)).toBe(true);
        expect(world.connector.unauthorized).toEqual([]);
      },
    );

    await part('the pending connection’s card reaches the channel', async () => {
      await world.connector.waitFor(() => approvalCard() !== undefined, 30_000);
      card = approvalCard();
      expect(card!.call.kind).toBe('create'); // a new thread in the Approvers channel
      expect(hasButtons(cardOfCall(card!.call))).toBe(true);
      expect(cardText(cardOfCall(card!.call))).toContain('pg-orders');
    });

    await part(
      'an approve tap with a reason is answered at once; ARM shows Approved; the card says "Approved by …"',
      async () => {
        const tap: TapOptions = { replyToId: card!.call.newId!, reason: 'Owner of adf-contoso, ok' };
        const answer = await teams.post(teams.activities.tap('approve', card!.requestId, tap));
        expect(answer.status).toBe(200);
        // How fast (Teams gives up on an invoke after about 5 s) is measured by `npm run bench`, not asserted here.
        expect(answer.body).toMatchObject({
          statusCode: 200,
          type: 'application/vnd.microsoft.card.adaptive',
        });
        expect(cardText(answer.body['value'] as never)).toContain('Approving… by Avery Approver');

        const approved = () =>
          world.connector
            .of('update')
            .find(
              (u) =>
                u.activityId === card!.call.newId &&
                cardText(cardOfCall(u)).includes('Approved by Avery Approver'),
            );
        await world.connector.waitFor(() => approved() !== undefined, 30_000);
        expect(cardText(cardOfCall(approved()!))).toContain('Owner of adf-contoso, ok');
        expect(hasButtons(cardOfCall(approved()!))).toBe(false);

        // Read back from ARM as any Azure client would: TLS verified, the identity's bearer token for ARM.
        const client = { ca: world.simulator.caPem, token: world.identity.mint(world.simulator.url) };
        const connections = await listConnections(world.simulator.url, 'pg-orders', client);
        expect(connections.map((c) => c.properties?.privateLinkServiceConnectionState?.status)).toEqual([
          'Approved',
        ]);
      },
    );

    await part(
      'ARM logged the approval as Avery (her delegated token, issued to the bot’s app); the bot itself only read',
      async () => {
        const armTokens = world.identity.issued.filter((t) => t.resource === world.simulator.url);
        expect(armTokens.length).toBeGreaterThan(0); // the watcher's reads, with the managed identity
        expect(armTokens.every((t) => t.clientId === APP_ID)).toBe(true);
        // The Azure activity log, read as the subscription's Owner: who wrote the connection, with which token.
        const writes = (await activityLog()).filter(
          (e) =>
            e.operationName.value ===
            'Microsoft.DBforPostgreSQL/flexibleServers/privateEndpointConnections/write',
        );
        expect(writes.map((e) => e.status.value)).toContain('Succeeded');
        for (const write of writes) {
          expect(write.caller).toBe('avery.approver@contoso.example');
          expect(write.claims['http://schemas.microsoft.com/identity/claims/objectidentifier']).toBe(
            APPROVER_OBJECT_ID,
          );
          expect(write.claims['appid']).toBe(APP_ID); // a delegated token the bot's app obtained for her
        }
        // And nothing at all was written by the bot's own identity.
        const byBot = (await activityLog()).filter(
          (e) =>
            e.claims['http://schemas.microsoft.com/identity/claims/objectidentifier'] ===
            world.identity.identity.objectId,
        );
        expect(byBot).toEqual([]);
      },
    );

    await part(
      'Riley’s tap is refused with Azure’s reason, only to her, and nothing reaches ARM’s activity log',
      async () => {
        const logged = (await activityLog()).length;
        const tap: TapOptions = { replyToId: card!.call.newId!, reason: 'mine', from: REQUESTER };
        const answer = await teams.post(teams.activities.tap('approve', card!.requestId, tap));
        // On the card, for Riley only (markdown-escaped there, as every card text is).
        expect(refusalOnCard(answer.body).replace(/\\(.)/g, '$1')).toContain(
          "You can't approve private endpoints on pg-orders: Azure says your account lacks " +
            '`Microsoft.DBforPostgreSQL/flexibleServers/privateEndpointConnections/write` there.',
        );
        expect((await activityLog()).length).toBe(logged);
      },
    );

    await part('someone without rights on a server cannot watch it', async () => {
      const jordan = {
        id: '29:jordan',
        name: 'Jordan Analyst',
        aadObjectId: '77777777-7777-7777-7777-777777777777',
      };
      const before = world.connector.calls.length;
      expect((await teams.post(teams.activities.channelMessage('watch pg-orders', jordan))).status).toBe(200);
      await world.connector.waitFor((calls) => calls.length > before);
      expect(String(world.connector.calls[before]!.body['text'])).toMatch(
        /^You can't see private endpoint connections on pg-orders: Azure says your account lacks/,
      );
    });

    await part(
      'no request of the bot was refused by the identity endpoint, the Bot Connector or the token service',
      () => {
        expect(world.identity.refused).toEqual([]);
        expect(world.connector.unauthorized).toEqual([]);
        const toTokenService = world.tokenService.requests.all();
        expect(toTokenService.length).toBeGreaterThan(0); // Avery's token, asked for as the bot
        expect(toTokenService.filter((r) => r.status === 401)).toEqual([]);
      },
    );
  });

  await part('the stand-ins and the simulator refuse what the real services refuse', async () => {
    await part('the Bot Connector answers 401 to a call without the identity’s token', async () => {
      const call = { method: 'POST', body: '{}', ca: world.standInCertificate };
      expect(await requestStatus(`${world.connector.url}v3/conversations`, call)).toBe(401);
      const forged = { ...call, headers: { authorization: `Bearer ${teams.token()}` } }; // a token, but not for it
      expect(await requestStatus(`${world.connector.url}v3/conversations`, forged)).toBe(401);
    });

    await part('ARM refuses a token in the identity’s shape signed by a key it does not trust', async () => {
      const forged = world.login.sign(decodeJwt(world.identity.mint(world.simulator.url)), 'attacker');
      const client = { ca: world.simulator.caPem, token: forged };
      const answer = await arm(
        world.simulator.url,
        'GET',
        `/subscriptions/${SUBSCRIPTION}/resourceGroups?api-version=2021-04-01`,
        undefined,
        client,
      );
      expect(answer.status).toBe(401);
    });

    await part(
      'the managed identity endpoint refuses a request without the right X-IDENTITY-HEADER, or for another identity',
      async () => {
        const ask = (clientId: string, header?: string) =>
          fetch(
            `${world.identity.endpoint}?api-version=2019-08-01&resource=${encodeURIComponent(BOT_CONNECTOR_AUDIENCE)}&client_id=${clientId}`,
            { headers: header === undefined ? {} : { 'x-identity-header': header } },
          ).then((res) => res.status);
        expect(await ask(APP_ID)).toBe(401);
        expect(await ask(APP_ID, 'guessed')).toBe(401);
        expect(await ask('0b7d3a52-6c1e-4f0a-9d8b-2e5f7a9c1d34', world.identity.secret)).toBe(400);
        expect(await ask(APP_ID, world.identity.secret)).toBe(200); // the refusals above were for the right reason
      },
    );
  });

  await part('stopping and the logs', async () => {
    await part('stops cleanly on SIGTERM, and its logs hold no token and no secret', async () => {
      await world.bot.stop();
      expect(world.bot.exitCode).toBe(0);
      const log = world.bot.log;
      expect(log.length).toBeGreaterThan(1000);
      const secrets = [
        world.identity.secret,
        ...world.identity.issued.map((t) => t.token),
        ...teams.sentTokens,
      ];
      expect(secrets.length).toBeGreaterThan(10);
      for (const secret of secrets) {
        expect(log).not.toContain(secret);
        const signature = secret.split('.')[2];
        if (signature) expect(log).not.toContain(signature); // not even a token's signature
      }
      expect(log).not.toMatch(/bearer\s+[\w-]+\.[\w-]+/i);
    });
  });
}, 900_000);

interface ActivityEvent {
  caller: string;
  operationName: { value: string };
  status: { value: string };
  claims: Record<string, string>;
}

/** The subscription's activity log since the test started, over verified TLS, as Sam (the sandbox's Owner). */
async function activityLog(): Promise<ActivityEvent[]> {
  const filter = encodeURIComponent(`eventTimestamp ge '${STARTED.toISOString()}'`);
  const path = `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01&$filter=${filter}`;
  const answer = await arm(world.simulator.url, 'GET', path, undefined, { ca: world.simulator.caPem });
  if (answer.status !== 200) throw new Error(`activity log: ${answer.status} ${JSON.stringify(answer.json)}`);
  return (answer.json as { value: ActivityEvent[] }).value;
}

/** The approval card the bot posted for the seeded pending connection, and the request id its buttons carry. */
const approvalCard = () => firstApprovalCard(world.connector.calls);
