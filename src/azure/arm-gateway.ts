import type { TokenCredential } from '@azure/core-auth';
import type { Logger } from '../logger';
import { ArmClients, type RetrySettings } from './arm-clients';
import { ArmDataFactory } from './arm-datafactory';
import { ArmLinkedServices } from './arm-linked-services';
import { permissionsAt } from './arm-permissions';
import { ArmPostgres } from './arm-postgres';
import { ArmProbe } from './arm-probe';
import type { AzureGateway, Discovery, WatchScope } from './gateway';
import { ResourceGraphServers } from './resource-graph-servers';

export interface ArmGatewayOptions {
  credential: TokenCredential;
  /** ARM base URL; default https://management.azure.com (sovereign clouds and the sandbox set it). */
  endpoint?: string;
  /** Extra CA to trust: the sandbox simulator's self-signed certificate. */
  caPem?: string;
  scopes: WatchScope[];
  /** Where factories are looked up (subscriptions, optionally resource groups); default: the servers' scopes. */
  factoryScopes?: WatchScope[];
  logger: Logger;
  /** How the watcher finds servers: ARM lists per scope (default), or one Azure Resource Graph query. */
  discovery?: Discovery;
  /** SDK retry settings; the SDK default (3 retries, 1 s base, 64 s cap) when unset. */
  retry?: RetrySettings;
  /** How often long-running operations are polled when Azure gives no Retry-After; default 2000 ms. */
  lroPollIntervalMs?: number;
  /** A long-running operation still running after this is given up; default 30 minutes. */
  lroTimeoutMs?: number;
}

/** The AzureGateway on the real SDK clients: the only code that talks to Azure Resource Manager. */
export function createArmGateway(options: ArmGatewayOptions): AzureGateway {
  const clients = new ArmClients({
    credential: options.credential,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.caPem ? { caPem: options.caPem } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
  });
  const lro = {
    pollIntervalMs: options.lroPollIntervalMs ?? 2000,
    timeoutMs: options.lroTimeoutMs ?? 30 * 60_000,
  };
  const postgres = new ArmPostgres(clients, lro);
  const dataFactory = new ArmDataFactory(clients, lro);
  const linkedServices = new ArmLinkedServices(dataFactory);
  const probe = new ArmProbe(dataFactory);
  const scopes = [...options.scopes];
  const factoryScopes = [...(options.factoryScopes ?? options.scopes)];
  const graph =
    options.discovery === 'resource-graph'
      ? new ResourceGraphServers(clients.resourceGraph(), scopes)
      : undefined;
  options.logger.debug(
    { scopes: scopes.length, endpoint: clients.baseUrl, discovery: options.discovery ?? 'arm' },
    'arm gateway ready',
  );

  return {
    permissionsAt: (scopeId) => permissionsAt(clients, scopeId),
    countArmReads: () => clients.readMeter.start(),
    listWatchedServers: () => postgres.listWatchedServers(scopes),
    surveyWatchedServers: () => (graph ? graph.survey() : postgres.surveyWatchedServers(scopes)),
    getServer: (ref) => postgres.getServer(ref),
    requiresSecureTransport: (ref) => postgres.requiresSecureTransport(ref),
    listDatabases: (ref) => postgres.listDatabases(ref),
    listConnections: (server) => postgres.listConnections(server),
    getConnection: (ref) => postgres.getConnection(ref),
    beginDecision: (ref, decision, description) => postgres.beginDecision(ref, decision, description),
    completeDecision: (ref, operation) => postgres.completeDecision(ref, operation),

    listFactories: () => dataFactory.listFactories(factoryScopes),
    getManagedVirtualNetwork: (factory) => dataFactory.getManagedVirtualNetwork(factory),
    listIntegrationRuntimes: (factory) => dataFactory.listIntegrationRuntimes(factory),
    getInteractiveAuthoring: (factory, runtime) => dataFactory.getInteractiveAuthoring(factory, runtime),
    enableInteractiveAuthoring: (factory, runtime, minutes) =>
      dataFactory.enableInteractiveAuthoring(factory, runtime, minutes),
    listManagedPrivateEndpoints: (factory) => dataFactory.listManagedPrivateEndpoints(factory),
    getManagedPrivateEndpoint: (factory, name) => dataFactory.getManagedPrivateEndpoint(factory, name),
    createManagedPrivateEndpoint: (factory, name, server) =>
      dataFactory.createManagedPrivateEndpoint(factory, name, server),
    deleteManagedPrivateEndpoint: (factory, name) => dataFactory.deleteManagedPrivateEndpoint(factory, name),
    listLinkedServices: (factory) => linkedServices.listLinkedServices(factory),
    getLinkedService: (factory, name) => linkedServices.getLinkedService(factory, name),
    createPostgresLinkedService: (factory, spec) => linkedServices.createPostgresLinkedService(factory, spec),
    deleteLinkedService: (factory, name) => linkedServices.deleteLinkedService(factory, name),
    datasetsUsing: (factory, name) => linkedServices.datasetsUsing(factory, name),
    startProbe: (factory, linkedService) => probe.start(factory, linkedService),
    getProbeResult: (factory, handle) => probe.result(factory, handle),
    cancelProbe: (factory, handle) => probe.cancel(factory, handle),
    removeProbe: (factory, handle) => probe.remove(factory, handle),
  };
}
