import { postgresEndpointOf } from '../../../src/sandbox/postgres-endpoint';
import { evaluateProbe, PROBE_RULES, type ProbeOutcome } from '../../../src/sandbox/probe-runs';
import { SANDBOX_WORLD as W, seedWorld } from '../../../src/sandbox/seed';
import type { WorldState } from '../../../src/sandbox/world-state';

/** The probe rule table, evaluated directly on a seeded state. */
function stateWith(ls: {
  runtime?: string;
  server?: string;
  port?: number;
  database?: string;
  sslMode?: number;
}): WorldState {
  const state = seedWorld('sandbox');
  const factory = state.factories[0];
  if (!factory) throw new Error('seed has no factory');
  const properties = {
    type: 'AzurePostgreSql',
    connectVia: { type: 'IntegrationRuntimeReference', referenceName: ls.runtime ?? W.managedVnetRuntime },
    typeProperties: {
      server: `${ls.server ?? W.servers.orders}.postgres.database.azure.com`,
      port: ls.port ?? 5432,
      database: ls.database ?? W.databases.orders,
      username: 'u',
      sslMode: ls.sslMode ?? 3,
      authenticationType: 'BasicAuth',
      password: { type: 'SecureString', value: 'secret' },
    },
  };
  const postgres = postgresEndpointOf(properties);
  factory.linkedServices.push({ name: 'ls', properties, etag: 'e', ...(postgres ? { postgres } : {}) });
  return state;
}

function approveSeeded(state: WorldState): void {
  const mpe = state.factories[0]?.managedPrivateEndpoints[0];
  const connection = state.servers[0]?.connections[0];
  if (!mpe || !connection) throw new Error('seed changed');
  mpe.connectionState.status = 'Approved';
  connection.status = 'Approved';
}

function probe(state: WorldState): ProbeOutcome {
  const factory = state.factories[0];
  if (!factory) throw new Error('seed has no factory');
  return evaluateProbe(state, factory, {
    activityName: 'Probe',
    activityType: 'Lookup',
    linkedServiceName: 'ls',
  });
}

describe('probe rules', () => {
  it('are one ordered table', () => {
    expect(PROBE_RULES.map((r) => r.reason)).toEqual([
      'unknown-host',
      'runtime-outside-managed-vnet',
      'private-endpoint-not-approved',
      'wrong-port',
      'ssl-required',
      'database-missing',
    ]);
  });

  it.each([
    ['unknown-host', { server: 'pg-else' }, false],
    ['runtime-outside-managed-vnet', { runtime: W.autoResolveRuntime }, true],
    ['private-endpoint-not-approved', {}, false],
    ['wrong-port', { port: 6432 }, true],
    ['ssl-required', { sslMode: 0 }, true],
    ['database-missing', { database: 'nope' }, true],
  ])('%s', (reason, ls, approved) => {
    const state = stateWith(ls);
    if (approved) approveSeeded(state);
    const outcome = probe(state);
    expect(outcome).toMatchObject({
      ok: false,
      reason,
      error: { failureType: 'UserError', target: 'Probe' },
    });
  });

  it('needs the approval on both sides: Data Factory view and server', () => {
    const state = stateWith({});
    approveSeeded(state);
    expect(probe(state).ok).toBe(true);
    const connection = state.servers[0]?.connections[0];
    if (connection) connection.status = 'Rejected';
    expect(probe(state)).toMatchObject({ ok: false, reason: 'private-endpoint-not-approved' });
  });

  it('passes without encryption when require_secure_transport is off', () => {
    const state = stateWith({ sslMode: 0 });
    approveSeeded(state);
    const orders = state.servers[0];
    if (orders) orders.parameters['require_secure_transport'] = 'off';
    expect(probe(state).ok).toBe(true);
  });

  it('fails clearly for a linked service without a server or a runtime', () => {
    const state = stateWith({ runtime: 'GoneIR' });
    expect(probe(state)).toMatchObject({ ok: false, reason: 'linked-service-unusable' });
  });
});
