import { fqdnOf, serverIdOf, SERVER_TYPE } from './lookup';
import { parameterValue, type ParameterDefinition } from './postgres-parameters';
import type { ConnectionState, ServerState } from './world-state';

/** ARM bodies of the PostgreSQL flexible server provider, shaped like the REST spec examples (api 2024-08-01+). */

export function serverBody(s: ServerState): Record<string, unknown> {
  const id = serverIdOf(s);
  return {
    sku: { name: s.skuName, tier: s.skuTier },
    systemData: { createdAt: s.createdAt },
    properties: {
      replica: { role: 'Primary', capacity: 5 },
      storage: {
        type: 'Premium_LRS',
        iops: 500,
        tier: 'P10',
        storageSizeGB: s.storageSizeGB,
        autoGrow: 'Disabled',
      },
      network: {
        publicNetworkAccess: s.publicNetworkAccess,
        ...(s.delegatedSubnetResourceId ? { delegatedSubnetResourceId: s.delegatedSubnetResourceId } : {}),
        ...(s.privateDnsZoneArmResourceId
          ? { privateDnsZoneArmResourceId: s.privateDnsZoneArmResourceId }
          : {}),
      },
      privateEndpointConnections: s.connections.map((c) => connectionBody(s, c)),
      dataEncryption: { type: 'SystemManaged' },
      authConfig: { activeDirectoryAuth: 'Disabled', passwordAuth: 'Enabled' },
      fullyQualifiedDomainName: fqdnOf(s),
      version: s.version,
      minorVersion: s.minorVersion,
      administratorLogin: s.administratorLogin,
      state: s.state,
      availabilityZone: '1',
      backup: {
        backupRetentionDays: 7,
        geoRedundantBackup: 'Disabled',
        earliestRestoreDate: new Date(Date.parse(s.createdAt) + 5 * 60_000).toISOString(),
      },
      highAvailability: { mode: 'Disabled', state: 'NotEnabled' },
      maintenanceWindow: { customWindow: 'Disabled', dayOfWeek: 0, startHour: 0, startMinute: 0 },
      replicationRole: 'Primary',
      replicaCapacity: 5,
    },
    location: s.location,
    id,
    name: s.name,
    type: SERVER_TYPE,
  };
}

export function connectionBody(s: ServerState, c: ConnectionState): Record<string, unknown> {
  return {
    id: `${serverIdOf(s)}/privateEndpointConnections/${c.name}`,
    name: c.name,
    type: `${SERVER_TYPE}/privateEndpointConnections`,
    properties: {
      provisioningState: c.provisioningState,
      privateEndpoint: { id: c.privateEndpointId },
      groupIds: [...c.groupIds],
      privateLinkServiceConnectionState: {
        status: c.status,
        description: c.description,
        actionsRequired: c.actionsRequired,
      },
    },
  };
}

export function configurationBody(s: ServerState, def: ParameterDefinition): Record<string, unknown> {
  const value = parameterValue(s, def.name) ?? def.defaultValue;
  return {
    properties: {
      value,
      description: def.description,
      defaultValue: def.defaultValue,
      dataType: def.dataType,
      allowedValues: def.allowedValues,
      source: value === def.defaultValue ? 'system-default' : 'user-override',
      isDynamicConfig: def.isDynamicConfig,
      isReadOnly: false,
      isConfigPendingRestart: false,
      ...(def.unit ? { unit: def.unit } : {}),
      documentationLink: def.documentationLink,
    },
    id: `${serverIdOf(s)}/configurations/${def.name}`,
    name: def.name,
    type: `${SERVER_TYPE}/configurations`,
  };
}
