import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SANDBOX_PEOPLE, SANDBOX_ROLES } from '../../../src/sandbox';
import { databasePath } from '../../../src/store/sqlite/sqlite-store';
import { as, assignmentBody, roleAssignmentPath, SUB } from '../simulator/rbac-support';
import { BOT, BOT_ID, RG, line, useEstate, W } from './support';

/**
 * `npm run doctor` against the sandbox: simulated ARM (RBAC, Microsoft.BotService reads), the Bot Framework token
 * service stand-in and a real SQLite store. Each failure the doctor reports is made to happen here.
 */
const { sam, casey } = SANDBOX_PEOPLE;
const READER_ON_BOT = '0d0c0000-0000-4000-8000-000000000001';
const giveBotReaderOnBotResource = (estate: ReturnType<ReturnType<typeof useEstate>>) =>
  as(estate.sim, sam, 'PUT', roleAssignmentPath(BOT_ID, READER_ON_BOT), {
    body: assignmentBody(SANDBOX_ROLES.reader, BOT),
  });

describe('npm run doctor: a right deployment', () => {
  const estate = useEstate();

  it('passes every check when the identity may read the bot resource', async () => {
    await giveBotReaderOnBotResource(estate());
    const results = await estate().doctor();
    expect(results.map((r) => [r.check, r.status])).toEqual([
      ['Azure Bot registration', 'ok'],
      ['Teams channel', 'ok'],
      [`ARM rights for servers at ${RG}`, 'ok'],
      [`ARM rights for factories at ${RG}`, 'ok'],
      ['store', 'ok'],
      ['OAuth connection', 'ok'],
    ]);
    expect(line(results, 'OAuth connection').detail).toContain(`api://botid-${BOT.appId}`);
  });

  it('says what it could not check: the bot resource without read rights or without --bot, a whole subscription', async () => {
    const noRead = await estate().doctor();
    expect(line(noRead, 'Azure Bot registration')).toMatchObject({ status: 'unchecked' });
    expect(line(noRead, 'Azure Bot registration').detail).toMatch(
      /may not read .*Reader on the bot resource/,
    );
    expect(line(noRead, 'Teams channel').status).toBe('unchecked');
    const noBot = await estate().doctor({ bot: '' });
    expect(line(noBot, 'Azure Bot registration').detail).toMatch(/--bot/);
    const wide = await estate().doctor({ env: { AZURE_SUBSCRIPTION_IDS: W.subscriptionId } });
    expect(line(wide, `ARM rights for servers at ${SUB}`)).toMatchObject({ status: 'unchecked' });
    expect(line(wide, `ARM rights for servers at ${SUB}`).detail).toMatch(/no subscription-level operation/);
  });
});

describe('npm run doctor: each failure it reports', () => {
  const estate = useEstate();

  it('a registration that does not match the settings, and a disabled or missing Teams channel', async () => {
    await giveBotReaderOnBotResource(estate());
    const other = 'aaaaaaaa-0000-4000-8000-0000000000aa';
    const wrongId = await estate().doctor({ env: { MicrosoftAppId: other } });
    expect(line(wrongId, 'Azure Bot registration')).toMatchObject({ status: 'fail' });
    expect(line(wrongId, 'Azure Bot registration').detail).toContain(`≠ MicrosoftAppId ${other}`);

    const bot = { subscriptionId: W.subscriptionId, resourceGroup: W.resourceGroup, name: 'plbot' };
    const registration = {
      ...bot,
      msaAppId: BOT.appId,
      msaAppType: 'UserAssignedMSI',
      msaAppTenantId: '22222222-2222-2222-2222-222222222222',
      endpoint: 'https://plbot-contoso.azurewebsites.net/api/messages',
    };
    estate().sim.world.addBotService({ ...registration, channels: { MsTeamsChannel: false } });
    expect(line(await estate().doctor(), 'Teams channel')).toMatchObject({ status: 'fail' });
    estate().sim.world.addBotService({ ...registration, channels: {} });
    const missing = line(await estate().doctor(), 'Teams channel');
    expect(missing.status).toBe('fail');
    expect(missing.detail).toMatch(/404.*ResourceNotFound|was not found/);
  });

  it('EXPIRE_AFTER with ACT_AS=user: the reader role is not enough on servers, the bot must write rejections', async () => {
    const results = await estate().doctor({ env: { EXPIRE_AFTER: '2d' } });
    const servers = line(results, `ARM rights for servers at ${RG}`);
    expect(servers.status).toBe('fail');
    expect(servers.detail).toBe(
      'missing Microsoft.DBforPostgreSQL/flexibleServers/privateEndpointConnections/write ' +
        `(assign "Private Link Bot - PostgreSQL approver" at ${RG})`,
    );
    expect(line(results, `ARM rights for factories at ${RG}`).status).toBe('ok');
  });

  it('a bot resource id that names nothing', async () => {
    const results = await estate().doctor({ bot: `${RG}/providers/Microsoft.BotService/botServices/nobot` });
    expect(line(results, 'Azure Bot registration').status).not.toBe('ok');
  });

  it('missing ARM actions, by name, and an identity that may not read its own permissions', async () => {
    // Casey holds nothing: the permissions API itself is refused.
    const none = await estate().doctor({ who: casey });
    const refused = line(none, `ARM rights for servers at ${RG}`);
    expect(refused.status).toBe('fail');
    expect(refused.detail).toMatch(/may not even read its own permissions.*Private Link Bot - Reader/);
    // With a role that reads servers and permissions only, every other expected action is named.
    const roleId = '0d0c0000-0000-4000-8000-0000000000a1';
    await as(
      estate().sim,
      sam,
      'PUT',
      `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${roleId}?api-version=2022-04-01`,
      {
        body: {
          properties: {
            roleName: 'half a reader (test)',
            type: 'CustomRole',
            permissions: [
              {
                actions: [
                  'Microsoft.DBforPostgreSQL/flexibleServers/read',
                  'Microsoft.Authorization/permissions/read',
                ],
                notActions: [],
                dataActions: [],
                notDataActions: [],
              },
            ],
            assignableScopes: [SUB],
          },
        },
      },
    );
    await as(estate().sim, sam, 'PUT', roleAssignmentPath(RG, '0d0c0000-0000-4000-8000-0000000000a2'), {
      body: assignmentBody(roleId, casey),
    });
    const half = await estate().doctor({ who: casey });
    const servers = line(half, `ARM rights for servers at ${RG}`);
    expect(servers.status).toBe('fail');
    expect(servers.detail).toContain(
      'Microsoft.DBforPostgreSQL/flexibleServers/privateEndpointConnections/read',
    );
    expect(servers.detail).not.toContain('Microsoft.DBforPostgreSQL/flexibleServers/read,');
    expect(line(half, `ARM rights for factories at ${RG}`).detail).toContain(
      'Microsoft.DataFactory/factories/read',
    );
  });

  it('a store that is missing, not migrated, or from a newer release', async () => {
    const path = databasePath(estate().dataDir);
    const db = new Database(path);
    db.exec('DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)');
    db.close();
    expect(line(await estate().doctor(), 'store').detail).toMatch(/not migrated: versions \d+ missing/);
    const newer = new Database(path);
    newer.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 0)");
    newer.close();
    expect(line(await estate().doctor(), 'store').detail).toMatch(/does not know \(9999\)/);
    writeFileSync(path, 'not a database');
    expect(line(await estate().doctor(), 'store')).toMatchObject({ status: 'fail' });
    const empty = await estate().doctor({ env: { DATA_DIR: `${estate().dataDir}/elsewhere` } });
    expect(line(empty, 'store').detail).toMatch(/does not exist/);
  });

  it('an OAuth connection name the token service does not know', async () => {
    const results = await estate().doctor({ env: { OAUTH_CONNECTION_NAME: 'arm' } });
    const oauth = line(results, 'OAuth connection');
    expect(oauth.status).toBe('fail');
    expect(oauth.detail).toMatch(/no OAuth connection named 'arm'/);
  });
});

describe('npm run doctor: a connection whose Token Exchange URL is wrong', () => {
  const estate = useEstate({ tokenExchangeUrl: 'api://contoso.com/plbot' });

  it('fails the OAuth check and says single sign-on will not be silent', async () => {
    const oauth = line(await estate().doctor(), 'OAuth connection');
    expect(oauth.status).toBe('fail');
    expect(oauth.detail).toMatch(/Token Exchange URL is api:\/\/contoso\.com\/plbot, not api:\/\/botid-/);
  });
});
