/** Shared helpers for the store tests: a controllable clock, temp database files, sample records. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewRequest, NewSubscription } from '../../../src/store';

export class TestClock {
  private ms: number;
  constructor(start = '2025-03-01T09:00:00.000Z') {
    this.ms = Date.parse(start);
  }
  readonly now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** A temp directory per test file; `cleanup` removes it (call in afterAll). */
export function tempDir(): { dir: string; file: (name?: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'store-test-'));
  return {
    dir,
    file: (name = 'bot.sqlite') => join(dir, name),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const SERVER = { subscriptionId: 'sub-1', resourceGroup: 'rg-data', serverName: 'pg-sandbox' };

export function connectionArmId(name: string, server = SERVER): string {
  return (
    `/subscriptions/${server.subscriptionId}/resourceGroups/${server.resourceGroup}` +
    `/providers/Microsoft.DBforPostgreSQL/flexibleServers/${server.serverName}/privateEndpointConnections/${name}`
  );
}

export function newRequest(name = 'pe-adf.1111', server = SERVER): NewRequest {
  return {
    connectionId: connectionArmId(name, server),
    server,
    connectionName: name,
    privateEndpointId: `/subscriptions/msft/resourceGroups/managed/providers/Microsoft.Network/privateEndpoints/${name}`,
    description: 'Requested by Data Factory [x](https://evil.example) ${1+1}',
  };
}

export function reference(conversationId: string): NewSubscription['reference'] {
  return {
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    conversation: { id: conversationId, isGroup: true, conversationType: 'channel', name: 'approvals' },
    bot: { id: '28:bot', name: 'PL Bot' },
  };
}

export function subscription(conversationId: string, filter?: string): NewSubscription {
  return {
    conversationId,
    reference: reference(conversationId),
    kind: 'channel',
    tenantId: 'tenant-1',
    filter,
    subscribedBy: { aadObjectId: 'aad-owner', name: 'Olga Owner' },
  };
}
