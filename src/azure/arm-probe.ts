import { randomBytes } from 'node:crypto';
import type { ArmDataFactory } from './arm-datafactory';
import { armCall, armFind } from './arm-errors';
import type { ProbeResult } from './gateway';
import type { ProbeHandle } from '../domain/terms';
import type { FactoryRef } from '../domain/resource-ids';

const RUNNING = new Set(['queued', 'inprogress', 'canceling']);
/** A window wide enough for any probe: activity runs are queried by last-update time. */
const ACTIVITY_WINDOW_MS = 24 * 3600 * 1000;

/**
 * Testing a connection has no public API; the public route is a throw-away dataset and a one-activity Lookup
 * pipeline (`SELECT 1`) run through the linked service's integration runtime. Names carry a random suffix so
 * two probes never collide, and a prefix so a person can tell them apart in Data Factory Studio.
 */
export class ArmProbe {
  constructor(private readonly dataFactory: ArmDataFactory) {}

  async start(factory: FactoryRef, linkedService: string): Promise<ProbeHandle> {
    const suffix = randomBytes(4).toString('hex');
    const datasetName = `plbot_probe_ds_${suffix}`;
    const pipelineName = `plbot_probe_${suffix}`;
    const client = this.dataFactory.client(factory);
    const { resourceGroup, factoryName } = factory;
    await armCall('Create probe dataset', () =>
      client.datasets.createOrUpdate(resourceGroup, factoryName, datasetName, {
        properties: {
          type: 'AzurePostgreSqlTable',
          linkedServiceName: { type: 'LinkedServiceReference', referenceName: linkedService },
        },
      }),
    );
    await armCall('Create probe pipeline', () =>
      client.pipelines.createOrUpdate(resourceGroup, factoryName, pipelineName, {
        description: 'Temporary connection test created by the Private Link bot; removed after the test.',
        activities: [
          {
            name: 'ProbeLookup',
            type: 'Lookup',
            dataset: { type: 'DatasetReference', referenceName: datasetName },
            source: { type: 'AzurePostgreSqlSource', query: 'SELECT 1' },
            firstRowOnly: true,
            policy: { timeout: '0.00:05:00', retry: 0 },
          },
        ],
      }),
    );
    const run = await armCall('Start probe run', () =>
      client.pipelines.createRun(resourceGroup, factoryName, pipelineName),
    );
    return { runId: run.runId, pipelineName, datasetName };
  }

  async result(factory: FactoryRef, probe: ProbeHandle): Promise<ProbeResult> {
    const client = this.dataFactory.client(factory);
    const run = await armCall('Get probe run', () =>
      client.pipelineRuns.get(factory.resourceGroup, factory.factoryName, probe.runId),
    );
    const status = run.status ?? 'Unknown';
    const finished = !RUNNING.has(status.toLowerCase()) && status !== 'Unknown';
    if (status !== 'Failed') return { status, finished };
    const now = Date.now();
    const activities = await armCall('Query probe activity runs', () =>
      client.activityRuns.queryByPipelineRun(factory.resourceGroup, factory.factoryName, probe.runId, {
        lastUpdatedAfter: new Date(now - ACTIVITY_WINDOW_MS),
        lastUpdatedBefore: new Date(now + ACTIVITY_WINDOW_MS),
      }),
    );
    const failed = activities.value.find((a) => a.status === 'Failed') ?? activities.value[0];
    const error = (failed?.error ?? {}) as { message?: unknown; errorCode?: unknown };
    const errorMessage = typeof error.message === 'string' ? error.message : run.message;
    const errorCode = typeof error.errorCode === 'string' ? error.errorCode : undefined;
    return {
      status,
      finished,
      ...(errorMessage ? { errorMessage } : {}),
      ...(errorCode ? { errorCode } : {}),
    };
  }

  /**
   * `POST .../pipelineruns/{runId}/cancel` (datafactory.json, PipelineRuns_Cancel; `isRecursive` also cancels runs
   * the pipeline started, which a Lookup does not, but costs nothing). A run gone already is fine.
   */
  async cancel(factory: FactoryRef, probe: ProbeHandle): Promise<void> {
    await armFind('Cancel probe run', () =>
      this.dataFactory
        .client(factory)
        .pipelineRuns.cancel(factory.resourceGroup, factory.factoryName, probe.runId, { isRecursive: true }),
    );
  }

  async remove(factory: FactoryRef, probe: ProbeHandle): Promise<void> {
    const client = this.dataFactory.client(factory);
    // Pipeline first: a dataset still referenced by a pipeline may be refused.
    await armFind('Delete probe pipeline', () =>
      client.pipelines.delete(factory.resourceGroup, factory.factoryName, probe.pipelineName),
    );
    await armFind('Delete probe dataset', () =>
      client.datasets.delete(factory.resourceGroup, factory.factoryName, probe.datasetName),
    );
  }
}
