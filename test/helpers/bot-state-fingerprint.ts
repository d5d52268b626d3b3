import { REQUEST_STATUSES } from '../../src/store';
import type { TeamsAppHarness } from './teams-app-harness';

/**
 * Everything an activity could have changed, in one comparable value: the store's records (requests and their
 * status, subscriptions, installations, open guided flows, the audit log), what the bot said to Teams, and every
 * write Azure (the simulator) received. Equal before and after means the activity changed nothing.
 */
export async function botStateFingerprint(harness: TeamsAppHarness): Promise<string> {
  const { store } = harness.app;
  const requests = await store.requests.listByStatus(REQUEST_STATUSES);
  return JSON.stringify({
    requests: requests.map((r) => [r.id, r.status]).sort(),
    subscriptions: (await store.subscriptions.list()).length,
    installations: (await store.conversations.listInstallations()).length,
    flows: (await store.connectFlows.listOpen()).length,
    // The newest entry's sequence number: it moves with every entry appended, however many there are.
    audit: (await store.audit.list({ limit: 1 }))[0]?.seq ?? 0,
    connectorCalls: harness.connector.calls.length + harness.connector.refused.length,
    azureWrites: harness.sim.requests.all().filter((r) => r.method !== 'GET').length,
  });
}
