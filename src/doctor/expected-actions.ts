import type { ActAs } from '../config/access-settings';

/**
 * The ARM actions the bot's own identity needs on each kind of watched scope: the actions of its role files in
 * deploy/roles/ (private-link-bot-reader.json with ACT_AS=user; the two writing roles with ACT_AS=bot), split by
 * the provider of the scope. test/unit/doctor/expected-actions.test.ts keeps these lists equal to the files.
 */
const READER_SERVERS = [
  'Microsoft.DBforPostgreSQL/flexibleServers/read',
  'Microsoft.DBforPostgreSQL/flexibleServers/configurations/read',
  'Microsoft.DBforPostgreSQL/flexibleServers/privateEndpointConnections/read',
  'Microsoft.DBforPostgreSQL/locations/azureAsyncOperation/read',
  'Microsoft.DBforPostgreSQL/locations/operationResults/read',
  'Microsoft.DBforPostgreSQL/flexibleServers/databases/read',
];
const READER_FACTORIES = [
  'Microsoft.DataFactory/factories/read',
  'Microsoft.DataFactory/factories/managedVirtualNetworks/managedPrivateEndpoints/read',
  'Microsoft.DataFactory/factories/pipelineruns/read',
  'Microsoft.DataFactory/factories/pipelineruns/queryactivityruns/action',
];
const APPROVER_SERVERS = [
  ...READER_SERVERS.slice(0, 3),
  'Microsoft.DBforPostgreSQL/flexibleServers/privateEndpointConnections/write',
  ...READER_SERVERS.slice(3),
];
const CONNECTOR_FACTORIES = [
  'Microsoft.DataFactory/factories/read',
  'Microsoft.DataFactory/factories/managedVirtualNetworks/read',
  'Microsoft.DataFactory/factories/integrationruntimes/read',
  'Microsoft.DataFactory/factories/integrationruntimes/enableInteractiveQuery/action',
  'Microsoft.DataFactory/factories/operationResults/read',
  'Microsoft.DataFactory/factories/managedVirtualNetworks/managedPrivateEndpoints/read',
  'Microsoft.DataFactory/factories/managedVirtualNetworks/managedPrivateEndpoints/write',
  'Microsoft.DataFactory/factories/managedVirtualNetworks/managedPrivateEndpoints/delete',
  'Microsoft.DataFactory/factories/linkedServices/read',
  'Microsoft.DataFactory/factories/linkedServices/write',
  'Microsoft.DataFactory/factories/linkedServices/delete',
  'Microsoft.DataFactory/factories/datasets/read',
  'Microsoft.DataFactory/factories/datasets/write',
  'Microsoft.DataFactory/factories/datasets/delete',
  'Microsoft.DataFactory/factories/pipelines/write',
  'Microsoft.DataFactory/factories/pipelines/delete',
  'Microsoft.DataFactory/factories/pipelines/createrun/action',
  'Microsoft.DataFactory/factories/pipelineruns/read',
  'Microsoft.DataFactory/factories/pipelineruns/cancel/action',
  'Microsoft.DataFactory/factories/pipelineruns/queryactivityruns/action',
];

export type ScopeKind = 'servers' | 'factories';

export function expectedActions(actAs: ActAs, kind: ScopeKind): readonly string[] {
  if (actAs === 'user') return kind === 'servers' ? READER_SERVERS : READER_FACTORIES;
  return kind === 'servers' ? APPROVER_SERVERS : CONNECTOR_FACTORIES;
}

/** The role an administrator assigns to give them (deploy/roles/). */
export function roleFor(actAs: ActAs, kind: ScopeKind): string {
  if (actAs === 'user') return 'Private Link Bot - Reader';
  return kind === 'servers'
    ? 'Private Link Bot - PostgreSQL approver'
    : 'Private Link Bot - Data Factory connector';
}
