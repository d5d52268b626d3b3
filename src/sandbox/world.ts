import type { FactoryRef } from '../domain/resource-ids';
import { ArmError, resourceNotFound } from './arm-errors';
import { buildFactory, type FactorySpec } from './builders';
import { deepCopy, sameName } from './json';
import {
  byName,
  connectionOf,
  ensureResourceGroup,
  findFactory,
  requireFactory,
  requireResourceGroup,
} from './lookup';
import { POSTGRES_GROUP_ID } from './mpe-provisioning';
import { createManagedPrivateEndpoint, deleteManagedPrivateEndpoint } from './private-link';
import { applyScheduledChange } from './scheduled-changes';
import type { WorldCoreOptions } from './world-core';
import { copy, PostgresWorld } from './world-postgres';
import type {
  BotServiceState,
  ConnectionState,
  EntityState,
  FactoryState,
  ManagedPrivateEndpointState,
  PipelineRunState,
  ScheduledChange,
  WorldState,
} from './world-state';

export type { WorldTiming } from './world-core';

/**
 * The simulated Azure, in-process: the "portal" for tests and scripts (the HTTP routes work on the same state).
 * Reads return copies. Missing resources throw the ArmError Azure would answer (404 ResourceNotFound, ...).
 * PostgreSQL-side actions are in PostgresWorld; this adds Data Factory, time and failure injection.
 */
export class SimulatedWorld extends PostgresWorld {
  constructor(state: WorldState, options: WorldCoreOptions) {
    super(state, options);
    this.setApplier(applyScheduledChange);
  }

  snapshot(): WorldState {
    return this.read((s) => deepCopy(s));
  }

  // --- Azure Bot ---

  /** Registers an Azure Bot resource (as `az bot create` would), with its channels enabled or not. */
  addBotService(bot: BotServiceState): void {
    this.mutate((s) => {
      ensureResourceGroup(s, bot.subscriptionId, bot.resourceGroup, 'westeurope');
      s.botServices = [...(s.botServices ?? []).filter((b) => !sameName(b.name, bot.name)), deepCopy(bot)];
    });
  }

  // --- Data Factory ---

  /** Adds a data factory (and its resource group when new), as one created in the portal. */
  addFactory(spec: FactorySpec): FactoryState {
    return this.mutate((s) => {
      if (findFactory(s, spec.subscriptionId, spec.resourceGroup, spec.name)) {
        throw new ArmError(409, 'Conflict', `Factory '${spec.name}' already exists.`);
      }
      ensureResourceGroup(s, spec.subscriptionId, spec.resourceGroup, spec.location);
      const factory = buildFactory(spec);
      s.factories.push(factory);
      return deepCopy(factory);
    });
  }

  getFactory(ref: FactoryRef): FactoryState | undefined {
    return this.read((s) => copy(findFactory(s, ref.subscriptionId, ref.resourceGroup, ref.factoryName)));
  }

  getManagedPrivateEndpoint(
    factory: FactoryRef,
    name: string,
    managedVirtualNetwork = 'default',
  ): ManagedPrivateEndpointState | undefined {
    return this.read((s) => copy(this.endpoint(s, factory, name, managedVirtualNetwork)));
  }

  /** The server-side connection a factory's managed private endpoint made, if it still exists. */
  connectionForEndpoint(
    factory: FactoryRef,
    endpoint: string,
    managedVirtualNetwork = 'default',
  ): ConnectionState | undefined {
    return this.read((s) => {
      const mpe = this.endpoint(s, factory, endpoint, managedVirtualNetwork);
      return copy(mpe ? connectionOf(s, mpe)?.connection : undefined);
    });
  }

  createManagedPrivateEndpoint(
    factory: FactoryRef,
    name: string,
    target: { privateLinkResourceId: string; groupId?: string; fqdns?: string[] },
    managedVirtualNetwork = 'default',
  ): ManagedPrivateEndpointState {
    return this.mutate((s) => {
      const f = this.factory(s, factory);
      const mvnet = byName(f.managedVirtualNetworks, managedVirtualNetwork);
      if (!mvnet) {
        throw resourceNotFound(
          'Microsoft.DataFactory/factories/managedVirtualNetworks',
          managedVirtualNetwork,
          factory.resourceGroup,
        );
      }
      const spec = { ...target, groupId: target.groupId ?? POSTGRES_GROUP_ID };
      return deepCopy(createManagedPrivateEndpoint(this, s, f, mvnet, name, spec));
    });
  }

  deleteManagedPrivateEndpoint(
    factory: FactoryRef,
    name: string,
    managedVirtualNetwork = 'default',
  ): boolean {
    return this.mutate((s) =>
      deleteManagedPrivateEndpoint(s, this.factory(s, factory), managedVirtualNetwork, name),
    );
  }

  /** Interactive authoring switched in the portal: on with no auto-termination, or off. */
  setInteractiveAuthoring(factory: FactoryRef, runtime: string, status: 'Enabled' | 'Disabled'): void {
    this.mutate((s) => {
      const ir = byName(this.factory(s, factory).integrationRuntimes, runtime);
      if (!ir) {
        throw resourceNotFound(
          'Microsoft.DataFactory/factories/integrationruntimes',
          runtime,
          factory.resourceGroup,
        );
      }
      ir.interactiveAuthoring = status;
      delete ir.interactiveAuthoringUntil;
      delete ir.interactiveAuthoringMinutes;
    });
  }

  getLinkedService(factory: FactoryRef, name: string): EntityState | undefined {
    return this.read((s) => copy(byName(this.factory(s, factory).linkedServices, name)));
  }

  getPipelineRun(factory: FactoryRef, runId: string): PipelineRunState | undefined {
    return this.read((s) => copy(this.factory(s, factory).runs.find((r) => r.runId === runId)));
  }

  // --- Time and failures ---

  /** The next long-running operation started over the API ends Failed with this error. */
  queueOperationFailure(
    error = {
      code: 'InternalServerError',
      message: 'An unexpected error occurred while processing the request.',
    },
  ): void {
    this.mutate((s) => s.queuedFailures.push({ ...error }));
  }

  /** Changes waiting for their time (LRO completions, Data Factory syncs, run completions). */
  pendingChanges(): ScheduledChange[] {
    return this.read((s) => deepCopy(s.scheduled));
  }

  // --- helpers (inside read/mutate) ---

  private factory(s: WorldState, ref: FactoryRef): FactoryState {
    requireResourceGroup(s, ref.subscriptionId, ref.resourceGroup);
    return requireFactory(s, ref.subscriptionId, ref.resourceGroup, ref.factoryName);
  }

  private endpoint(
    s: WorldState,
    factory: FactoryRef,
    name: string,
    mvnet: string,
  ): ManagedPrivateEndpointState | undefined {
    return this.factory(s, factory).managedPrivateEndpoints.find(
      (m) => sameName(m.name, name) && sameName(m.managedVirtualNetwork, mvnet),
    );
  }
}
