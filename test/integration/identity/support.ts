import { arm, SUBSCRIPTION } from '../../helpers/arm-http';
import { postedCard } from '../../helpers/approval-harness';
import { W } from '../../helpers/sandbox-azure';
import type { TapOptions, TeamsAppHarness } from '../../helpers/teams-app-harness';

type Json = Record<string, unknown>;

export function serverScope(serverName: string): string {
  return `/subscriptions/${W.subscriptionId}/resourceGroups/${W.resourceGroup}/providers/Microsoft.DBforPostgreSQL/flexibleServers/${serverName}`;
}

/** An Approve/Reject tap as Teams sends it, with what Teams adds after a sign-in (`authentication`, `state`). */
export async function tap(
  harness: TeamsAppHarness,
  verb: 'approve' | 'reject',
  requestId: string,
  options: TapOptions & { value?: Json } = {},
) {
  // These tests watch no conversation, so no card was posted: one is recorded for the request, as the notifier
  // would, and the tap comes from it (a tap acts only on its own card).
  const replyToId =
    options.replyToId ??
    harness.connector.cardIdFor(requestId) ??
    (await postedCard(harness.app.store, requestId));
  const activity = harness.tap(verb, requestId, { ...options, replyToId }) as Json & { value: Json };
  return harness.post({ ...activity, value: { ...activity.value, ...(options.value ?? {}) } });
}

/** The writes the simulated ARM received for one private endpoint connection (by its name). */
export function writesTo(harness: TeamsAppHarness, connectionName: string): string[] {
  return harness.sim.requests
    .all()
    .filter((r) => r.method !== 'GET' && r.path.includes(connectionName))
    .map((r) => `${r.method} ${r.path}`);
}

export interface LoggedEvent {
  operationName: string;
  resourceId: string;
  caller: string;
  objectId: string;
  status: string;
}

const OBJECT_ID_CLAIM = 'http://schemas.microsoft.com/identity/claims/objectidentifier';

/** Azure's activity log, read through its REST API as the subscription's Owner would, every page. */
export async function activityLogEvents(harness: TeamsAppHarness, since: Date): Promise<LoggedEvent[]> {
  const filter = `eventTimestamp ge '${since.toISOString()}' and eventTimestamp le '${new Date(Date.now() + 60_000).toISOString()}'`;
  let path: string | undefined =
    `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01&$filter=${encodeURIComponent(filter)}`;
  const events: LoggedEvent[] = [];
  while (path) {
    const page = (await arm(harness.app.armUrl, 'GET', path)).json as { value: Json[]; nextLink?: string };
    for (const e of page.value) {
      events.push({
        operationName: String((e['operationName'] as Json)['value']),
        resourceId: String(e['resourceId']),
        caller: String(e['caller']),
        objectId: String((e['claims'] as Json)[OBJECT_ID_CLAIM] ?? ''),
        status: String((e['status'] as Json)['value']),
      });
    }
    path = page.nextLink ? new URL(page.nextLink).pathname + new URL(page.nextLink).search : undefined;
  }
  return events;
}
