import { interactiveQueryOf } from './interactive-query';
import { factoryIdOf, FACTORY_TYPE } from './lookup';
import type {
  EntityState,
  FactoryState,
  IntegrationRuntimeState,
  ManagedPrivateEndpointState,
  ManagedVirtualNetworkState,
  PipelineRunState,
} from './world-state';

/** ARM bodies of Microsoft.DataFactory (2018-06-01), shaped like the REST spec examples. */

export type EntityKind = 'linkedservices' | 'datasets' | 'pipelines';

export function factoryBody(f: FactoryState): Record<string, unknown> {
  return {
    id: factoryIdOf(f),
    name: f.name,
    type: FACTORY_TYPE,
    location: f.location,
    identity: { type: 'SystemAssigned', principalId: f.principalId, tenantId: f.tenantId },
    properties: {
      provisioningState: 'Succeeded',
      createTime: f.createTime,
      version: '2018-06-01',
      publicNetworkAccess: 'Enabled',
    },
    eTag: `"${f.principalId.slice(0, 8)}-0000-0d00-0000-000000000000"`,
    tags: {},
  };
}

export function managedVirtualNetworkBody(
  f: FactoryState,
  m: ManagedVirtualNetworkState,
): Record<string, unknown> {
  return {
    id: `${factoryIdOf(f)}/managedVirtualNetworks/${m.name}`,
    name: m.name,
    type: `${FACTORY_TYPE}/managedVirtualNetworks`,
    properties: { alias: m.alias, vNetId: m.vNetId },
    etag: etagOf(m.vNetId),
  };
}

export function runtimeBody(
  f: FactoryState,
  ir: IntegrationRuntimeState,
  now: number,
): Record<string, unknown> {
  const managed = ir.type === 'Managed';
  return {
    id: `${factoryIdOf(f)}/integrationruntimes/${ir.name}`,
    name: ir.name,
    type: `${FACTORY_TYPE}/integrationruntimes`,
    properties: {
      type: ir.type,
      ...(ir.description ? { description: ir.description } : {}),
      ...(managed
        ? {
            typeProperties: {
              computeProperties: {
                location: 'AutoResolve',
                dataFlowProperties: { computeType: 'General', coreCount: 8, timeToLive: 10, cleanup: true },
              },
              // ManagedIntegrationRuntimeTypeProperties.interactiveQuery: only a managed-VNet runtime has it.
              ...(ir.managedVirtualNetwork ? { interactiveQuery: interactiveQueryOf(ir, now) } : {}),
            },
          }
        : {}),
      ...(ir.managedVirtualNetwork
        ? {
            managedVirtualNetwork: {
              type: 'ManagedVirtualNetworkReference',
              referenceName: ir.managedVirtualNetwork,
            },
          }
        : {}),
    },
    etag: etagOf(`${ir.name}${ir.createTime}`),
  };
}

/** IntegrationRuntimeStatusResponse: no interactiveQuery here (the spec's status type has none; see the IR body). */
export function runtimeStatusBody(f: FactoryState, ir: IntegrationRuntimeState): Record<string, unknown> {
  return {
    name: ir.name,
    properties: {
      type: ir.type,
      dataFactoryName: f.name,
      state: 'Online',
      typeProperties: { createTime: ir.createTime, nodes: [], otherErrors: [] },
    },
  };
}

export function endpointBody(f: FactoryState, m: ManagedPrivateEndpointState): Record<string, unknown> {
  return {
    id: `${factoryIdOf(f)}/managedVirtualNetworks/${m.managedVirtualNetwork}/managedPrivateEndpoints/${m.name}`,
    name: m.name,
    type: `${FACTORY_TYPE}/managedVirtualNetworks/managedPrivateEndpoints`,
    properties: {
      provisioningState: m.provisioningState,
      privateLinkResourceId: m.privateLinkResourceId,
      groupId: m.groupId,
      fqdns: [...m.fqdns],
      connectionState: { ...m.connectionState },
      isReserved: false,
    },
    etag: m.etag,
  };
}

export function entityBody(f: FactoryState, kind: EntityKind, e: EntityState): Record<string, unknown> {
  return {
    id: `${factoryIdOf(f)}/${kind}/${e.name}`,
    name: e.name,
    type: `${FACTORY_TYPE}/${kind}`,
    properties: structuredClone(e.properties),
    etag: e.etag,
  };
}

export function runBody(f: FactoryState, r: PipelineRunState, now: number): Record<string, unknown> {
  const end = r.runEnd ? Date.parse(r.runEnd) : undefined;
  return {
    id: `${factoryIdOf(f)}/pipelineruns/${r.runId}`,
    runId: r.runId,
    runGroupId: r.runId,
    isLatest: true,
    pipelineName: r.pipelineName,
    parameters: { ...r.parameters },
    runDimensions: {},
    invokedBy: { id: r.runId.replace(/-/g, ''), name: 'Manual', invokedByType: 'Manual' },
    runStart: r.runStart,
    ...(r.runEnd ? { runEnd: r.runEnd, durationInMs: (end ?? now) - Date.parse(r.runStart) } : {}),
    status: r.status,
    message: r.message,
    lastUpdated: r.runEnd ?? new Date(now).toISOString(),
    annotations: [],
  };
}

export function activityRunBody(r: PipelineRunState): Record<string, unknown> {
  const error = r.activityError ?? { errorCode: '', message: '', failureType: '', target: r.activityName };
  return {
    activityName: r.activityName,
    activityType: r.activityType,
    activityRunId: r.activityRunId,
    pipelineName: r.pipelineName,
    pipelineRunId: r.runId,
    ...(r.linkedServiceName ? { linkedServiceName: r.linkedServiceName } : {}),
    // The activity keeps running until the cancel lands on it.
    status: r.status === 'Canceling' ? 'InProgress' : r.status,
    activityRunStart: r.runStart,
    ...(r.runEnd
      ? { activityRunEnd: r.runEnd, durationInMs: Date.parse(r.runEnd) - Date.parse(r.runStart) }
      : {}),
    input: { source: { type: 'AzurePostgreSqlSource', query: 'SELECT 1' }, firstRowOnly: true },
    output: r.activityOutput ?? {},
    error: { ...error, details: [] },
    retryAttempt: null,
    iterationHash: '',
    userProperties: {},
  };
}

function etagOf(seed: string): string {
  let hash = 0;
  for (const ch of seed) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `${hash.toString(16).padStart(8, '0')}-0000-0d00-0000-000000000000`;
}
