import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SANDBOX_ROLES, startSimulator, type RunningSimulator } from '../../../src/sandbox';
import { FACTORY_PATH, PG_PATH, RG_PATH, W } from './clients';
import {
  as,
  assignmentBody,
  authorizationFailed,
  avery,
  casey,
  jordan,
  ORDERS,
  PENDING,
  riley,
  roleAssignmentPath,
  sam,
  SUB,
} from './rbac-support';

const SANDBOX_SERVER = `${PG_PATH}/${W.servers.sandbox}`;
const VNET_SERVER = `${PG_PATH}/${W.servers.vnet}`;
const PG = 'api-version=2025-08-01';
const DF = 'api-version=2018-06-01';
const A1 = '0c0c0c0c-0000-4000-8000-000000000001';
const A2 = '0c0c0c0c-0000-4000-8000-000000000002';

describe('Azure RBAC on every call', () => {
  let sim: RunningSimulator;
  beforeEach(async () => {
    sim = await startSimulator();
  });
  afterEach(() => sim.close());

  it("PostgreSQL: a read and a write, permitted and refused with ARM's exact 403", async () => {
    expect((await as(sim, avery, 'GET', `${ORDERS}?${PG}`)).status).toBe(200);
    const read = await as(sim, riley, 'GET', `${ORDERS}?${PG}`);
    expect(read.status).toBe(403);
    expect(read.body).toEqual(
      authorizationFailed(riley, 'Microsoft.DBforPostgreSQL/flexibleServers/read', ORDERS),
    );
    const config = `${ORDERS}/configurations/require_secure_transport`;
    const body = { properties: { value: 'on', source: 'user-override' } };
    expect((await as(sim, avery, 'PUT', `${config}?${PG}`, { body })).status).toBe(202);
    const write = await as(sim, riley, 'PUT', `${config}?${PG}`, { body });
    expect(write.body).toEqual(
      authorizationFailed(riley, 'Microsoft.DBforPostgreSQL/flexibleServers/configurations/write', config),
    );
  });

  it("Data Factory: a read and a write, permitted and refused with ARM's exact 403", async () => {
    expect((await as(sim, riley, 'GET', `${FACTORY_PATH}?${DF}`)).status).toBe(200);
    const read = await as(sim, avery, 'GET', `${FACTORY_PATH}?${DF}`);
    expect(read.body).toEqual(
      authorizationFailed(avery, 'Microsoft.DataFactory/factories/read', FACTORY_PATH),
    );
    const ls = `${FACTORY_PATH}/linkedservices/ls_blob`;
    const body = { properties: { type: 'AzureBlobStorage', typeProperties: { connectionString: 'x' } } };
    // Data Factory Contributor grants Microsoft.DataFactory/factories/* (a wildcard).
    expect((await as(sim, riley, 'PUT', `${ls}?${DF}`, { body })).status).toBe(200);
    const write = await as(sim, avery, 'PUT', `${ls}?${DF}`, { body });
    expect(write.status).toBe(403);
    expect(write.body).toEqual(
      authorizationFailed(avery, 'Microsoft.DataFactory/factories/linkedservices/write', ls),
    );
  });

  it('assignments at a resource group and at the subscription reach everything below (created through the API)', async () => {
    expect((await as(sim, jordan, 'GET', `${VNET_SERVER}?${PG}`)).status).toBe(403);
    const put = await as(sim, sam, 'PUT', roleAssignmentPath(RG_PATH, A1), {
      body: assignmentBody(SANDBOX_ROLES.reader, jordan),
    });
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({
      id: `${RG_PATH}/providers/Microsoft.Authorization/roleAssignments/${A1}`,
      type: 'Microsoft.Authorization/roleAssignments',
      name: A1,
      properties: { principalId: jordan.objectId, principalType: 'User', scope: RG_PATH },
    });
    expect((await as(sim, jordan, 'GET', `${VNET_SERVER}?${PG}`)).status).toBe(200);
    expect((await as(sim, jordan, 'GET', `${FACTORY_PATH}/linkedservices?${DF}`)).status).toBe(200);
    // Reader: */read only.
    const write = await as(sim, jordan, 'PUT', `${FACTORY_PATH}/linkedservices/x?${DF}`, { body: {} });
    expect(write.status).toBe(403);

    await as(sim, sam, 'PUT', roleAssignmentPath(SUB, A2), {
      body: assignmentBody(SANDBOX_ROLES.contributor, casey),
    });
    expect(
      (
        await as(sim, casey, 'PUT', `${FACTORY_PATH}/linkedservices/ls_casey?${DF}`, {
          body: { properties: { type: 'AzureBlobStorage', typeProperties: { connectionString: 'x' } } },
        })
      ).status,
    ).toBe(200);

    // Deleting the assignment takes the access away again; a second delete is 204.
    expect((await as(sim, sam, 'DELETE', roleAssignmentPath(RG_PATH, A1))).status).toBe(200);
    expect((await as(sim, sam, 'DELETE', roleAssignmentPath(RG_PATH, A1))).status).toBe(204);
    expect((await as(sim, jordan, 'GET', `${VNET_SERVER}?${PG}`)).status).toBe(403);
  });

  it('notActions: Contributor may do anything on pg-orders but grant access to it', async () => {
    const path = roleAssignmentPath(ORDERS, A1);
    const res = await as(sim, avery, 'PUT', path, {
      body: assignmentBody(SANDBOX_ROLES.contributor, jordan),
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual(
      authorizationFailed(avery, 'Microsoft.Authorization/roleAssignments/write', path.split('?')[0] ?? ''),
    );
    // Reading them is fine (Contributor's `*` minus only Authorization writes and deletes).
    expect(
      (
        await as(
          sim,
          avery,
          'GET',
          `${ORDERS}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`,
        )
      ).status,
    ).toBe(200);
  });

  it("refuses assignments without rights, and wrong ones with ARM's errors", async () => {
    const onFactory = roleAssignmentPath(FACTORY_PATH, A1);
    const refused = await as(sim, riley, 'PUT', onFactory, {
      body: assignmentBody(SANDBOX_ROLES.owner, riley),
    });
    expect(refused.body).toEqual(
      authorizationFailed(
        riley,
        'Microsoft.Authorization/roleAssignments/write',
        onFactory.split('?')[0] ?? '',
      ),
    );
    const put = (name: string, body: unknown) =>
      as(sim, sam, 'PUT', roleAssignmentPath(RG_PATH, name), { body });
    expect((await put('not-a-guid', assignmentBody(SANDBOX_ROLES.reader, jordan))).body).toMatchObject({
      error: { code: 'InvalidRoleAssignmentId' },
    });
    expect(
      (await put(A1, assignmentBody('00000000-0000-4000-8000-000000000000', jordan))).body,
    ).toMatchObject({ error: { code: 'RoleDefinitionDoesNotExist' } });
    const ghost = { ...jordan, objectId: '99999999-9999-4999-8999-999999999999' };
    expect((await put(A1, assignmentBody(SANDBOX_ROLES.reader, ghost))).body).toMatchObject({
      error: { code: 'PrincipalNotFound' },
    });
    expect((await put(A1, assignmentBody(SANDBOX_ROLES.reader, jordan))).status).toBe(201);
    expect((await put(A1, assignmentBody(SANDBOX_ROLES.reader, jordan))).status).toBe(200);
    const again = await put(A2, assignmentBody(SANDBOX_ROLES.reader, jordan));
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      error: { code: 'RoleAssignmentExists', message: 'The role assignment already exists.' },
    });
  });

  it('lists assignments with atScope(), assignedTo() and principalId eq', async () => {
    const names = async (scope: string, filter: string): Promise<string[]> => {
      const res = await as(
        sim,
        sam,
        'GET',
        `${scope}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=${encodeURIComponent(filter)}`,
      );
      expect(res.status).toBe(200);
      return (res.body as { value: { properties: { principalId: string; scope: string } }[] }).value.map(
        (a) => `${a.properties.principalId}@${a.properties.scope}`,
      );
    };
    // At or above pg-orders: Sam's Owner at the subscription, the bot's reader role there, Avery's Contributor on it.
    expect((await names(ORDERS, 'atScope()')).sort()).toEqual(
      [
        `${sam.objectId}@${SUB}`,
        `b07ab07a-0000-4000-8000-00000000b07a@${SUB}`,
        `${avery.objectId}@${ORDERS}`,
      ].sort(),
    );
    // Avery at, above or below the subscription: both servers.
    expect(await names(SUB, `assignedTo('${avery.objectId}')`)).toEqual([
      `${avery.objectId}@${ORDERS}`,
      `${avery.objectId}@${SANDBOX_SERVER}`,
    ]);
    expect(await names(SUB, `principalId eq '${riley.objectId}'`)).toEqual([
      `${riley.objectId}@${FACTORY_PATH}`,
    ]);
    expect(await names(RG_PATH, `atScope() and assignedTo('${avery.objectId}')`)).toEqual([]);
  });

  it("custom roles: the project's own roles, created through the API, assigned and used", async () => {
    const file = (name: string) =>
      JSON.parse(readFileSync(join(__dirname, '../../../deploy/roles', name), 'utf8')) as {
        Name: string;
        Description: string;
        Actions: string[];
        NotActions: string[];
        AssignableScopes: string[];
      };
    const define = (id: string, role: ReturnType<typeof file>, who = sam, name = `${role.Name} (test)`) =>
      as(
        sim,
        who,
        'PUT',
        `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${id}?api-version=2022-04-01`,
        {
          body: {
            properties: {
              roleName: name,
              description: role.Description,
              type: 'CustomRole',
              permissions: [
                { actions: role.Actions, notActions: role.NotActions, dataActions: [], notDataActions: [] },
              ],
              assignableScopes: role.AssignableScopes.map((s) =>
                s.replace('/subscriptions/<subscription-id>', SUB),
              ),
            },
          },
        },
      );
    const approver = file('postgres-private-link-approver.json');
    const connector = file('datafactory-private-link-connector.json');
    const R1 = '7e570000-0000-4000-8000-000000000001';
    const R2 = '7e570000-0000-4000-8000-000000000002';
    // Avery (Contributor on a server) may not define roles for the subscription; a taken name is refused.
    const denied = await define(R1, approver, avery);
    expect(denied.status).toBe(403);
    expect((await define(R1, approver, sam, approver.Name)).body).toMatchObject({
      error: { code: 'RoleDefinitionWithSameNameExists' },
    });
    expect((await define(R1, approver)).status).toBe(201);
    expect((await define(R2, connector)).status).toBe(201);

    await as(sim, sam, 'PUT', roleAssignmentPath(SANDBOX_SERVER, A1), { body: assignmentBody(R1, casey) });
    await as(sim, sam, 'PUT', roleAssignmentPath(FACTORY_PATH, A2), { body: assignmentBody(R2, casey) });
    expect((await as(sim, casey, 'GET', `${SANDBOX_SERVER}/privateEndpointConnections?${PG}`)).status).toBe(
      200,
    );
    expect((await as(sim, casey, 'GET', `${FACTORY_PATH}/integrationRuntimes?${DF}`)).status).toBe(200);
    // Not in the roles: another server, a server parameter, reading pipelines back.
    expect((await as(sim, casey, 'GET', `${ORDERS}?${PG}`)).status).toBe(403);
    const config = `${SANDBOX_SERVER}/configurations/require_secure_transport`;
    const write = await as(sim, casey, 'PUT', `${config}?${PG}`, { body: { properties: { value: 'on' } } });
    expect(write.body).toEqual(
      authorizationFailed(casey, 'Microsoft.DBforPostgreSQL/flexibleServers/configurations/write', config),
    );
    expect((await as(sim, casey, 'GET', `${FACTORY_PATH}/pipelines?${DF}`)).status).toBe(403);

    // A role still assigned cannot be deleted.
    const del = await as(
      sim,
      sam,
      'DELETE',
      `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${R1}?api-version=2022-04-01`,
    );
    expect(del.body).toMatchObject({ error: { code: 'RoleDefinitionHasAssignments' } });
  });

  it('deciding on a connection needs privateEndpointConnections/write only, which the approver role file grants', async () => {
    const role = JSON.parse(
      readFileSync(join(__dirname, '../../../deploy/roles/postgres-private-link-approver.json'), 'utf8'),
    ) as { Actions: string[] };
    const R3 = '7e570000-0000-4000-8000-000000000003';
    const define = (actions: string[]) =>
      as(
        sim,
        sam,
        'PUT',
        `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${R3}?api-version=2022-04-01`,
        {
          body: {
            properties: {
              roleName: 'approver without the approval action (test)',
              type: 'CustomRole',
              permissions: [{ actions, notActions: [], dataActions: [], notDataActions: [] }],
              assignableScopes: [SUB],
            },
          },
        },
      );
    const approve = {
      properties: { privateLinkServiceConnectionState: { status: 'Approved', description: 'ok' } },
    };
    const write = 'Microsoft.DBforPostgreSQL/flexibleServers/privateEndpointConnections/write';
    // Without the write, the decision is refused naming it ...
    expect((await define(role.Actions.filter((a) => a !== write))).status).toBe(201);
    await as(sim, sam, 'PUT', roleAssignmentPath(ORDERS, A1), { body: assignmentBody(R3, casey) });
    const refused = await as(sim, casey, 'PUT', `${PENDING}?${PG}`, { body: approve });
    expect(refused.body).toEqual(authorizationFailed(casey, write, PENDING));
    // ... and with the role file's actions (no privateEndpointConnectionsApproval/action) it is accepted.
    expect((await define(role.Actions)).status).toBe(200);
    expect((await as(sim, casey, 'PUT', `${PENDING}?${PG}`, { body: approve })).status).toBe(202);
  });

  it('the permissions API tells a person what Azure would let them do there', async () => {
    const permissions = (who: typeof avery, scope: string) =>
      as(sim, who, 'GET', `${scope}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01`);
    const mine = await permissions(avery, ORDERS);
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({
      value: [
        {
          actions: ['*'],
          notActions: expect.arrayContaining([
            'Microsoft.Authorization/*/Write',
            'Microsoft.Authorization/*/Delete',
          ]),
          dataActions: [],
          notDataActions: [],
          condition: null,
          conditionVersion: null,
        },
      ],
    });
    const rileys = await permissions(riley, FACTORY_PATH);
    expect((rileys.body as { value: { actions: string[] }[] }).value[0]?.actions).toContain(
      'Microsoft.DataFactory/factories/*',
    );
    // Where a person holds nothing, even asking is refused: that answer says the same.
    const nothing = await permissions(riley, ORDERS);
    expect(nothing.body).toEqual(
      authorizationFailed(riley, 'Microsoft.Authorization/permissions/read', ORDERS),
    );
  });
});
