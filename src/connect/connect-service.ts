import type {
  AzureGateway,
  InteractiveAuthoring,
  ManagedPrivateEndpointInfo,
  PostgresLinkedServiceSpec,
  PrivateEndpointConnection,
  ProbeResult,
} from '../azure/gateway';
import type { ProbeHandle } from '../domain/terms';
import {
  factoryId,
  parseServerId,
  sameServer,
  type FactoryRef,
  type ServerRef,
} from '../domain/resource-ids';
import { matchFactoryEndpoint } from '../approvals/connection-origin';
import { AzureError } from '../errors';
import type { Acting } from '../identity/acting';
import type { Logger } from '../logger';
import type { Actor, Store } from '../store';
import type { ConnectShared } from './connect-services';
import { readMark, type Mark } from './linked-service-mark';
import { checkDatabaseName } from './validation';

/** A linked service that already has the name the requester chose. */
export interface ExistingLinkedService {
  name: string;
  type: string;
  /** AzurePostgreSql only: the datasets that use it. */
  usedBy?: string[];
  /** AzurePostgreSql only: set when this bot created it. */
  mark?: Mark;
}
import { split, type Choices, type FactoryOption, type Ineligible, type ServerOption } from './choosing';
import { judgeEndpoint, type EndpointProgress } from './endpoint-progress';

export type { EndpointProgress } from './endpoint-progress';
export type { Choices, FactoryOption, Ineligible, ServerOption } from './choosing';

const POSTGRES_GROUP_ID = 'postgresqlServer';

/**
 * Everything the guided flow asks of Azure, in the flow's words: the only place the flow calls the gateway.
 * Reads answer choices (what may be picked, and why not); writes happen only after the requester agreed.
 */
export class ConnectService {
  private readonly gateway: AzureGateway;
  private readonly bot: AzureGateway;

  constructor(
    /**
     * Who acts: the person with ACT_AS=user (factory-side reads and every write use their token, so Azure shows and
     * allows what it lets them), else the bot. Server facts are read as the bot: the servers are the catalogue the
     * organisation configured, and a requester rarely has (or needs) rights on a server they ask access to.
     */
    private readonly acting: Acting,
    private readonly shared: ConnectShared,
  ) {
    this.gateway = acting.gateway;
    this.bot = shared.bot;
  }

  private get store(): Store {
    return this.shared.store;
  }

  private get logger(): Logger {
    return this.shared.logger;
  }

  /**
   * Factories in scope; eligible ones have an Azure integration runtime inside a managed virtual network, and this
   * person may create endpoints in them (Azure's answer with ACT_AS=user, the policy file's with ACT_AS=bot).
   */
  async factoryChoices(personId: string): Promise<Choices<FactoryOption>> {
    const factories = await this.gateway.listFactories().catch((error: unknown) => {
      // A person with no role anywhere in scope is refused the list itself: for them, there is no factory.
      if (error instanceof AzureError && error.code === 'AZURE_FORBIDDEN') return [];
      throw error;
    });
    const judged = await Promise.all(
      factories.map(async (f): Promise<{ option: FactoryOption } | { ineligible: Ineligible }> => {
        const name = f.ref.factoryName;
        const vnet = await this.gateway.getManagedVirtualNetwork(f.ref);
        if (!vnet) return { ineligible: { name, reason: 'no managed virtual network' } };
        const runtimes = await this.managedVnetRuntimes(f.ref);
        if (runtimes.length === 0) {
          return {
            ineligible: { name, reason: 'no Azure integration runtime inside its managed virtual network' },
          };
        }
        const verdict = await this.shared.access.mayRequest(this.acting, personId, f.ref);
        if (!verdict.allowed) return { ineligible: { name, reason: verdict.message } };
        return { option: { ref: f.ref, name } };
      }),
    );
    return split(judged, (o) => o.name);
  }

  /** Servers in scope; VNet-integrated ones cannot take Private Link (it needs a server created with public access). */
  async serverChoices(): Promise<Choices<ServerOption>> {
    const servers = await this.bot.listWatchedServers();
    const judged = servers.map((s): { option: ServerOption } | { ineligible: Ineligible } =>
      s.vnetIntegrated
        ? {
            ineligible: {
              name: s.ref.serverName,
              reason: 'VNet-integrated: Private Link needs a server created with public access',
            },
          }
        : { option: { ref: s.ref, name: s.ref.serverName, host: s.fullyQualifiedDomainName } },
    );
    return split(judged, (o) => o.name);
  }

  async managedVnetRuntimes(factory: FactoryRef): Promise<string[]> {
    const runtimes = await this.gateway.listIntegrationRuntimes(factory);
    return runtimes.filter((r) => r.type === 'Managed' && r.managedVirtualNetwork).map((r) => r.name);
  }

  interactiveAuthoring(factory: FactoryRef, runtime: string): Promise<InteractiveAuthoring> {
    return this.gateway.getInteractiveAuthoring(factory, runtime);
  }

  /**
   * Starts turning interactive authoring on. Azure takes a minute or more (a long-running operation) and nothing
   * later in the flow depends on it, so a turn never waits for it (a card tap must be answered within seconds).
   */
  startInteractiveAuthoring(factory: FactoryRef, runtime: string, minutes: number): void {
    const where = { factory: factory.factoryName, runtime, minutes };
    this.shared.background.track(
      this.gateway.enableInteractiveAuthoring(factory, runtime, minutes).then(
        () => this.logger.info(where, 'interactive authoring enabled'),
        (error: unknown) =>
          this.logger.warn({ ...where, err: error }, 'enabling interactive authoring failed'),
      ),
    );
  }

  async endpoints(factory: FactoryRef): Promise<ManagedPrivateEndpointInfo[]> {
    return this.gateway.listManagedPrivateEndpoints(factory);
  }

  /** The factory's existing PostgreSQL endpoints to this server (usable ones first). */
  async endpointsTo(factory: FactoryRef, server: ServerRef): Promise<ManagedPrivateEndpointInfo[]> {
    const all = await this.endpoints(factory);
    const rank = (m: ManagedPrivateEndpointInfo) =>
      m.connectionStatus === 'Approved' ? 0 : m.connectionStatus === 'Pending' ? 1 : 2;
    return all
      .filter((m) => m.groupId.toLowerCase() === POSTGRES_GROUP_ID.toLowerCase())
      .filter((m) => {
        const target = parseServerId(m.privateLinkResourceId);
        return target !== undefined && sameServer(target, server);
      })
      .sort((a, b) => rank(a) - rank(b));
  }

  /**
   * Creates the endpoint (group id postgresqlServer). Who asked is recorded first, so the watcher can name the
   * requester on the approval card the moment the pending connection appears.
   */
  async requestEndpoint(
    factory: FactoryRef,
    name: string,
    server: ServerRef,
    requester: Actor,
    flowId: string,
  ): Promise<ManagedPrivateEndpointInfo> {
    await this.store.endpointRequests.record({ factory, endpointName: name, server, requester, flowId });
    const created = await this.gateway.createManagedPrivateEndpoint(factory, name, server);
    this.logger.info(
      { flowId, factory: factory.factoryName, endpoint: name, server: server.serverName },
      'managed private endpoint requested',
    );
    return created;
  }

  async endpointProgress(factory: FactoryRef, name: string, server: ServerRef): Promise<EndpointProgress> {
    const mpe = await this.gateway.getManagedPrivateEndpoint(factory, name);
    if (!mpe) return { state: 'gone' };
    const connection = await this.connectionOf(factory, mpe, server);
    const request = connection ? await this.store.requests.getByConnectionId(connection.id) : undefined;
    return judgeEndpoint(mpe, connection, request);
  }

  /** Names of the conversations that get the approval card for this server (subscribed with `watch`). */
  async approverConversations(server: ServerRef): Promise<string[]> {
    const subscriptions = await this.store.subscriptions.listForServer(server);
    return subscriptions.map(
      (s) => s.reference.conversation?.name || (s.kind === 'channel' ? 'a Teams channel' : 'a chat'),
    );
  }

  async keyVaultLinkedServices(factory: FactoryRef): Promise<string[]> {
    const all = await this.gateway.listLinkedServices(factory);
    return all.filter((ls) => ls.type.toLowerCase() === 'azurekeyvault').map((ls) => ls.name);
  }

  /**
   * The server's databases a linked service may open (system databases left out), read as the bot like every
   * server fact; undefined when Azure could not say, and the question then takes a typed name only.
   */
  async databaseNames(server: ServerRef): Promise<string[] | undefined> {
    try {
      const all = await this.bot.listDatabases(server);
      return all.filter((name) => checkDatabaseName(name).ok).sort((a, b) => a.localeCompare(b));
    } catch (error) {
      this.logger.warn({ err: error, server: server.serverName }, 'could not list the databases');
      return undefined;
    }
  }

  /** undefined when Azure could not say: callers treat that like "on" (see encryption-policy.ts). */
  async requiresSecureTransport(server: ServerRef): Promise<boolean | undefined> {
    try {
      return await this.bot.requiresSecureTransport(server);
    } catch (error) {
      this.logger.warn({ err: error, server: server.serverName }, 'could not read require_secure_transport');
      return undefined;
    }
  }

  /**
   * What already carries this linked service name: its type, and for an AzurePostgreSql one (the only type the
   * flow ever replaces) which datasets use it and whether this bot created it.
   */
  async existingLinkedService(factory: FactoryRef, name: string): Promise<ExistingLinkedService | undefined> {
    const found = await this.gateway.getLinkedService(factory, name);
    if (!found) return undefined;
    const base = { name: found.name || name, type: found.type };
    if (found.type.toLowerCase() !== 'azurepostgresql') return base;
    const mark = readMark(found.annotations);
    return {
      ...base,
      usedBy: await this.gateway.datasetsUsing(factory, base.name),
      ...(mark ? { mark } : {}),
    };
  }

  /** The spec may carry a typed password: it goes to Azure here and is not logged or kept. */
  async createLinkedService(factory: FactoryRef, spec: PostgresLinkedServiceSpec): Promise<void> {
    await this.gateway.createPostgresLinkedService(factory, spec);
    this.logger.info(
      {
        factory: factory.factoryName,
        linkedService: spec.name,
        sslMode: spec.sslMode,
        secret: spec.secret.kind,
      },
      'linked service created',
    );
  }

  startProbe(factory: FactoryRef, linkedService: string): Promise<ProbeHandle> {
    return this.gateway.startProbe(factory, linkedService);
  }

  probeResult(factory: FactoryRef, probe: ProbeHandle): Promise<ProbeResult> {
    return this.gateway.getProbeResult(factory, probe);
  }

  cancelProbe(factory: FactoryRef, probe: ProbeHandle): Promise<void> {
    return this.gateway.cancelProbe(factory, probe);
  }

  removeProbe(factory: FactoryRef, probe: ProbeHandle): Promise<void> {
    return this.gateway.removeProbe(factory, probe);
  }

  /** The server-side connection this endpoint made (how it is named is undocumented: matched like the watcher does). */
  private async connectionOf(
    factory: FactoryRef,
    mpe: ManagedPrivateEndpointInfo,
    server: ServerRef,
  ): Promise<PrivateEndpointConnection | undefined> {
    const connections = await this.bot.listConnections(server);
    const candidates = [
      { factory: { ref: factory, id: factoryId(factory), location: '' }, endpoints: [mpe] },
    ];
    return connections.find((c) => matchFactoryEndpoint(c, candidates) !== undefined);
  }
}
