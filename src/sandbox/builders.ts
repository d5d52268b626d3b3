import { randomUUID } from 'node:crypto';
import type { FactoryState, IntegrationRuntimeState, ServerState } from './world-state';

/** Builders for seeded or added resources, with the defaults a freshly created Azure resource has. */

export interface ServerSpec {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  /** Set ⇒ VNet-integrated (public access Disabled, no Private Link). */
  delegatedSubnetResourceId?: string;
  publicNetworkAccess?: 'Enabled' | 'Disabled';
  databases?: string[];
  parameters?: Record<string, string>;
  version?: string;
  createdAt?: string;
}

export function buildServer(spec: ServerSpec): ServerState {
  const vnet = spec.delegatedSubnetResourceId;
  return {
    subscriptionId: spec.subscriptionId,
    resourceGroup: spec.resourceGroup,
    name: spec.name,
    location: spec.location,
    version: spec.version ?? '16',
    minorVersion: '8',
    administratorLogin: 'pgadmin',
    skuName: 'Standard_D2ds_v5',
    skuTier: 'GeneralPurpose',
    storageSizeGB: 128,
    createdAt: spec.createdAt ?? new Date().toISOString(),
    state: 'Ready',
    publicNetworkAccess: spec.publicNetworkAccess ?? (vnet ? 'Disabled' : 'Enabled'),
    ...(vnet
      ? {
          delegatedSubnetResourceId: vnet,
          privateDnsZoneArmResourceId: `/subscriptions/${spec.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.Network/privateDnsZones/${spec.name}.private.postgres.database.azure.com`,
        }
      : {}),
    databases: uniqueNames(['postgres', 'azure_maintenance', 'azure_sys', ...(spec.databases ?? [])]),
    parameters: { ...(spec.parameters ?? {}) },
    connections: [],
  };
}

export interface RuntimeSpec {
  name: string;
  type?: 'Managed' | 'SelfHosted';
  managedVirtualNetwork?: string;
  interactiveAuthoring?: 'Enabled' | 'Disabled';
  description?: string;
}

export interface FactorySpec {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  /** Name of the managed virtual network (usually 'default'); none ⇒ the factory has no managed VNet. */
  managedVirtualNetwork?: string;
  runtimes?: RuntimeSpec[];
  createTime?: string;
  /** Fixed ids make a seed reproducible; random when omitted. */
  principalId?: string;
  vNetId?: string;
}

export function buildFactory(spec: FactorySpec): FactoryState {
  const createTime = spec.createTime ?? new Date().toISOString();
  const runtimes: RuntimeSpec[] = spec.runtimes ?? [
    {
      name: 'AutoResolveIntegrationRuntime',
      description: 'Default Azure integration runtime (public network)',
    },
  ];
  return {
    subscriptionId: spec.subscriptionId,
    resourceGroup: spec.resourceGroup,
    name: spec.name,
    location: spec.location,
    createTime,
    principalId: spec.principalId ?? randomUUID(),
    tenantId: '22222222-2222-2222-2222-222222222222',
    managedVirtualNetworks: spec.managedVirtualNetwork
      ? [
          {
            name: spec.managedVirtualNetwork,
            vNetId: spec.vNetId ?? randomUUID(),
            alias: `${spec.name}-${spec.managedVirtualNetwork}`,
          },
        ]
      : [],
    integrationRuntimes: runtimes.map((r) => buildRuntime(r, createTime)),
    managedPrivateEndpoints: [],
    linkedServices: [],
    datasets: [],
    pipelines: [],
    runs: [],
  };
}

function buildRuntime(spec: RuntimeSpec, createTime: string): IntegrationRuntimeState {
  return {
    name: spec.name,
    type: spec.type ?? 'Managed',
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.managedVirtualNetwork ? { managedVirtualNetwork: spec.managedVirtualNetwork } : {}),
    interactiveAuthoring: spec.interactiveAuthoring ?? 'Disabled',
    createTime,
  };
}

function uniqueNames(names: string[]): string[] {
  return [...new Set(names)];
}
