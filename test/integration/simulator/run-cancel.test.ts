import { startSimulator, type RunningSimulator } from '../../../src/sandbox';
import { FACTORY_PATH, rawCall, sdkClients, W } from './clients';

/** PipelineRuns_Cancel through the real SDK: Canceling, then Cancelled; a finished run stays as it is. */
describe('pipeline run cancel', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ probeSeconds: 60 });
    await sdkClients(sim).df.pipelines.createOrUpdate(W.resourceGroup, W.factoryName, 'pl-wait', {
      activities: [{ name: 'Wait1', type: 'Wait', waitTimeInSeconds: 30 }],
    });
  });
  afterAll(() => sim.close());

  const start = async (): Promise<string> =>
    (await sdkClients(sim).df.pipelines.createRun(W.resourceGroup, W.factoryName, 'pl-wait')).runId;
  const status = async (runId: string): Promise<string | undefined> =>
    (await sdkClients(sim).df.pipelineRuns.get(W.resourceGroup, W.factoryName, runId)).status;

  it('moves a running run to Canceling, then Cancelled', async () => {
    const { df } = sdkClients(sim);
    const runId = await start();
    expect(await status(runId)).toBe('InProgress');
    await df.pipelineRuns.cancel(W.resourceGroup, W.factoryName, runId, { isRecursive: true });
    expect(await status(runId)).toBe('Canceling');
    sim.world.fastForward();
    const run = await df.pipelineRuns.get(W.resourceGroup, W.factoryName, runId);
    expect(run).toMatchObject({ status: 'Cancelled', runEnd: expect.any(Date) });
  });

  it('leaves a finished run as it is (200)', async () => {
    const { df } = sdkClients(sim);
    const runId = await start();
    sim.world.fastForward();
    expect(await status(runId)).toBe('Succeeded');
    await df.pipelineRuns.cancel(W.resourceGroup, W.factoryName, runId);
    expect(await status(runId)).toBe('Succeeded');
  });

  it('answers 200 with no body; 404 for an unknown run; 400 for a non-boolean isRecursive', async () => {
    const runId = await start();
    const cancel = (id: string, query = '') =>
      rawCall(sim, 'POST', `${FACTORY_PATH}/pipelineruns/${id}/cancel?api-version=2018-06-01${query}`);
    const bad = await cancel(runId, '&isRecursive=perhaps');
    expect(bad.status).toBe(400);
    expect(await status(runId)).toBe('InProgress');
    const done = await cancel(runId, '&isRecursive=false');
    expect([done.status, done.text]).toEqual([200, '']);
    expect((await cancel('00000000-0000-0000-0000-000000000000')).status).toBe(404);
    sim.world.fastForward();
  });
});
