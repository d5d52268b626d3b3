import { startSimulator, type RunningSimulator } from '../../../src/sandbox';
import { eventually, FACTORY_PATH, FACTORY_REF, rawCall, sdkClients, W } from './clients';

/**
 * Interactive authoring as the spec has it: enable/disable are long-running POSTs (202, Azure-AsyncOperation and
 * Location on `.../{action}/operationresults/{id}`), the state is in the integration runtime's own GET body at
 * properties.typeProperties.interactiveQuery, and getStatus carries none of it.
 */
interface Runtime {
  properties: { typeProperties: { interactiveQuery?: { status: string; autoTerminationMinutes?: number } } };
}

describe('interactive authoring', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ lroSeconds: 0.3 });
  });
  beforeEach(() => sim.world.setInteractiveAuthoring(FACTORY_REF, W.managedVnetRuntime, 'Disabled'));
  afterAll(() => sim.close());

  const runtimePath = `${FACTORY_PATH}/integrationruntimes/${W.managedVnetRuntime}`;
  const interactiveQuery = async () =>
    ((await rawCall(sim, 'GET', runtimePath)).body as Runtime).properties.typeProperties.interactiveQuery;
  const enable = (body: unknown, runtime: string = W.managedVnetRuntime) =>
    rawCall(sim, 'POST', `${FACTORY_PATH}/integrationruntimes/${runtime}/enableInteractiveQuery`, {
      ...(body === undefined ? {} : { body }),
    });

  it('enable answers 202 with the async-operation URLs; Enabling, then Enabled, then Disabled after the session', async () => {
    const accepted = await enable({ autoTerminationMinutes: 10 });
    expect(accepted.status).toBe(202);
    const operation = String(accepted.headers['azure-asyncoperation']);
    expect(operation).toMatch(
      new RegExp(
        `^${sim.url}${runtimePath}/enableInteractiveQuery/operationresults/[0-9a-f-]+\\?api-version=2018-06-01$`,
      ),
    );
    expect(accepted.headers['location']).toBe(operation);
    expect(await interactiveQuery()).toEqual({ status: 'Enabling', autoTerminationMinutes: 10 });
    expect((await rawCall(sim, 'GET', operation)).body).toMatchObject({ status: 'InProgress' });

    await eventually(async () =>
      ((await rawCall(sim, 'GET', operation)).body as { status: string }).status === 'Succeeded'
        ? true
        : undefined,
    );
    expect(await interactiveQuery()).toEqual({ status: 'Enabled', autoTerminationMinutes: 10 });
    sim.world.fastForward(); // past the ten minutes
    expect(await interactiveQuery()).toEqual({ status: 'Disabled' });
  });

  it('getStatus has no interactiveQuery (IntegrationRuntimeStatusResponse has no such field)', async () => {
    sim.world.setInteractiveAuthoring(FACTORY_REF, W.managedVnetRuntime, 'Enabled');
    const status = await rawCall(sim, 'POST', `${runtimePath}/getStatus`);
    expect(status.status).toBe(200);
    expect(status.text).not.toMatch(/interactiveQuery/i);
    const { df } = sdkClients(sim);
    const sdk = await df.integrationRuntimes.getStatus(W.resourceGroup, W.factoryName, W.managedVnetRuntime);
    expect(sdk.properties.state).toBe('Online');
  });

  it('disable is long-running too: Disabling, then Disabled', async () => {
    sim.world.setInteractiveAuthoring(FACTORY_REF, W.managedVnetRuntime, 'Enabled');
    const accepted = await rawCall(sim, 'POST', `${runtimePath}/disableInteractiveQuery`);
    expect(accepted.status).toBe(202);
    const operation = String(accepted.headers['azure-asyncoperation']);
    expect(operation).toContain(`${runtimePath}/disableInteractiveQuery/operationresults/`);
    expect(await interactiveQuery()).toEqual({ status: 'Disabling' });
    sim.world.fastForward();
    expect((await rawCall(sim, 'GET', operation)).body).toMatchObject({ status: 'Succeeded' });
    expect(await interactiveQuery()).toEqual({ status: 'Disabled' });
  });

  it('a second change while one runs is a conflict', async () => {
    expect((await enable({ autoTerminationMinutes: 5 })).status).toBe(202);
    expect((await enable({ autoTerminationMinutes: 5 })).status).toBe(409);
    sim.world.fastForward();
  });

  it('takes a missing autoTerminationMinutes (optional in the spec) as a 60-minute session', async () => {
    expect((await enable({})).status).toBe(202);
    expect(await interactiveQuery()).toEqual({ status: 'Enabling', autoTerminationMinutes: 60 });
    sim.world.fastForward();
  });

  it.each([
    ['no body', undefined],
    ['a body that is not an object', [10]],
    ['minutes as a string', { autoTerminationMinutes: '10' }],
    ['fractional minutes', { autoTerminationMinutes: 1.5 }],
    ['minutes past int32', { autoTerminationMinutes: 2 ** 31 }],
  ])('400 InvalidRequestContent for %s, and nothing changes', async (_what, body) => {
    const res = await enable(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'InvalidRequestContent' } });
    expect(await interactiveQuery()).toEqual({ status: 'Disabled' });
  });

  it('400 on a runtime outside a managed virtual network; 404 for an unknown operation', async () => {
    expect((await enable({ autoTerminationMinutes: 10 }, W.autoResolveRuntime)).status).toBe(400);
    const unknown = `${runtimePath}/enableInteractiveQuery/operationresults/00000000-0000-0000-0000-000000000000`;
    expect((await rawCall(sim, 'GET', unknown)).status).toBe(404);
  });
});
