import type { ConnectionRef, ServerRef } from '../domain/resource-ids';
import { ArmError, invalidContent, resourceNotFound } from './arm-errors';
import { buildServer, type ServerSpec } from './builders';
import { deepCopy } from './json';
import { byName, ensureResourceGroup, findServer, requireServer, SERVER_TYPE } from './lookup';
import { checkParameterValue, findParameter, parameterValue } from './postgres-parameters';
import { applyDecision, removeConnection } from './private-link';
import { WorldCore } from './world-core';
import type { ConnectionState, ServerState, WorldState } from './world-state';

/**
 * The PostgreSQL side of the in-process "portal": servers, their parameters and databases, and decisions on
 * private endpoint connections. Actions apply at once (a portal click); the factory learns `adfSyncMs` later.
 */
export class PostgresWorld extends WorldCore {
  // --- PostgreSQL flexible servers ---

  listServers(): ServerState[] {
    return this.read((s) => deepCopy(s.servers));
  }

  getServer(ref: ServerRef): ServerState | undefined {
    return this.read((s) => copy(findServer(s, ref.subscriptionId, ref.resourceGroup, ref.serverName)));
  }

  /** Adds a server (and its resource group when new). */
  addServer(spec: ServerSpec): ServerState {
    return this.mutate((s) => {
      if (findServer(s, spec.subscriptionId, spec.resourceGroup, spec.name)) {
        throw new ArmError(409, 'Conflict', `Server '${spec.name}' already exists.`);
      }
      ensureResourceGroup(s, spec.subscriptionId, spec.resourceGroup, spec.location);
      const server = buildServer(spec);
      s.servers.push(server);
      return deepCopy(server);
    });
  }

  addDatabase(ref: ServerRef, database: string): void {
    this.mutate((s) => {
      const server = this.server(s, ref);
      if (!server.databases.includes(database)) server.databases.push(database);
    });
  }

  getServerParameter(ref: ServerRef, name: string): string | undefined {
    return this.read((s) => parameterValue(this.server(s, ref), name));
  }

  setServerParameter(ref: ServerRef, name: string, value: string): void {
    this.mutate((s) => {
      const server = this.server(s, ref);
      const def = findParameter(name);
      if (!def) throw resourceNotFound(`${SERVER_TYPE}/configurations`, name, ref.resourceGroup);
      const checked = checkParameterValue(def, value);
      if ('error' in checked) throw invalidContent(checked.error);
      server.parameters[def.name] = checked.value;
    });
  }

  // --- Private endpoint connections (server side) ---

  listConnections(ref: ServerRef): ConnectionState[] {
    return this.read((s) => deepCopy(this.server(s, ref).connections));
  }

  getConnection(ref: ConnectionRef): ConnectionState | undefined {
    return this.read((s) => copy(byName(this.server(s, ref.server).connections, ref.connectionName)));
  }

  approveConnection(ref: ConnectionRef, description = 'Approved in the sandbox'): ConnectionState {
    return this.decideConnection(ref, 'Approved', description);
  }

  rejectConnection(ref: ConnectionRef, description = 'Rejected in the sandbox'): ConnectionState {
    return this.decideConnection(ref, 'Rejected', description);
  }

  decideConnection(
    ref: ConnectionRef,
    status: 'Approved' | 'Rejected',
    description: string,
  ): ConnectionState {
    return this.mutate((s) => {
      const connection = this.connection(s, ref);
      applyDecision(this, connection, status, description);
      return deepCopy(connection);
    });
  }

  /**
   * A private endpoint created by someone else (another subscription, the portal's "manual approval" path): its
   * connection arrives Pending with the requester's own message as the description, which can say anything.
   */
  requestConnection(
    ref: ServerRef,
    request: { privateEndpointId: string; requestMessage: string; name?: string },
  ): ConnectionState {
    return this.mutate((s) => {
      const server = this.server(s, ref);
      const endpointName = request.privateEndpointId.split('/').pop() ?? 'pe';
      const connection: ConnectionState = {
        name: request.name ?? `${endpointName.replace(/[^a-zA-Z0-9-]/g, '-')}.${this.newId()}`,
        privateEndpointId: request.privateEndpointId,
        groupIds: ['postgresqlServer'],
        status: 'Pending',
        description: request.requestMessage,
        actionsRequired: 'None',
        provisioningState: 'Succeeded',
      };
      server.connections.push(connection);
      return deepCopy(connection);
    });
  }

  deleteConnection(ref: ConnectionRef): void {
    this.mutate((s) => removeConnection(this, this.server(s, ref.server), this.connection(s, ref)));
  }

  // --- helpers (inside read/mutate) ---

  protected server(s: WorldState, ref: ServerRef): ServerState {
    return requireServer(s, ref.subscriptionId, ref.resourceGroup, ref.serverName);
  }

  protected connection(s: WorldState, ref: ConnectionRef): ConnectionState {
    const connection = byName(this.server(s, ref.server).connections, ref.connectionName);
    if (!connection) {
      throw resourceNotFound(
        `${SERVER_TYPE}/privateEndpointConnections`,
        ref.connectionName,
        ref.server.resourceGroup,
      );
    }
    return connection;
  }
}

export function copy<T>(value: T | undefined): T | undefined {
  return value === undefined ? undefined : deepCopy(value);
}
