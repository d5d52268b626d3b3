import { renderApprovalCard } from '../../../src/cards/approval-card';
import { shortName } from '../../../src/cards/short-name';
import type { ApprovalRequest } from '../../../src/store/request-records';
import { cardSchemaErrors } from '../../helpers/adaptive-card-schema';

type Json = Record<string, unknown>;

const GUID = '44b02818-b1e4-48c8-aa54-e585f886505f';
const SERVER = { subscriptionId: 'sub', resourceGroup: 'rg-analytics', serverName: 'pg-sandbox' };

function request(connectionName: string, endpoint: string): ApprovalRequest {
  return {
    id: 'req-00000000000000000001',
    connectionId: `/subscriptions/sub/resourceGroups/rg-analytics/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg-sandbox/privateEndpointConnections/${connectionName}`,
    server: SERVER,
    connectionName,
    privateEndpointId: `/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/privateEndpoints/${endpoint}`,
    description: 'Please approve',
    firstSeenAt: new Date('2026-03-12T09:14:00Z'),
    status: 'pending',
    updatedAt: new Date('2026-03-12T09:14:00Z'),
  };
}

function card(r: ApprovalRequest): Json {
  const content = renderApprovalCard(r, new Date('2026-03-12T09:26:00Z')).content as Json;
  expect(cardSchemaErrors(content)).toEqual([]);
  return content;
}

const body = (c: Json) => c['body'] as Json[];
const facts = (c: Json) =>
  Object.fromEntries(
    (body(c).find((e) => e['type'] === 'FactSet')!['facts'] as Array<{ title: string; value: string }>).map(
      (f) => [f.title, f.value],
    ),
  );

describe('long names on the approval card (issue 12, part 6)', () => {
  it('shortens a long connection name in the facts and keeps the full one behind "Show full names"', () => {
    const long = `adf-contoso.mpe-pg-sandbox-${GUID}`;
    const c = card(request(long, `adf-contoso.mpe-pg-sandbox-${GUID}`));
    expect(facts(c)['Connection']).toBe('adf-contoso.mpe-pg-sandbox-44b02818…');
    const hidden = body(c).find((e) => e['id'] === 'fullNames')!;
    expect(hidden['isVisible']).toBe(false);
    expect((hidden['items'] as Json[]).map((i) => i['text'])).toEqual([
      `Connection: ${long}`,
      `Private endpoint: ${long}`,
    ]);
    const toggle = body(c)
      .filter((e) => e['type'] === 'ActionSet')
      .flatMap((e) => e['actions'] as Json[])
      .find((a) => a['type'] === 'Action.ToggleVisibility');
    expect(toggle).toMatchObject({ title: 'Show full names', targetElements: ['fullNames'] });
  });

  it('leaves short names alone and offers no toggle', () => {
    const c = card(request('pe-app.short', 'pe-app'));
    expect(facts(c)['Connection']).toBe('pe-app.short');
    expect(body(c).some((e) => e['id'] === 'fullNames')).toBe(false);
    expect(JSON.stringify(c)).not.toContain('ToggleVisibility');
  });

  it.each([
    ['short', 'pe-orders', 'pe-orders'],
    ['a GUID', `adf.mpe-pg-${GUID}`, 'adf.mpe-pg-44b02818…'],
    ['still too long', `${'x'.repeat(60)}-${GUID}`, `${'x'.repeat(27)}…4b02818…`],
  ])('shortName: %s', (_what, name, expected) => {
    const short = shortName(name);
    expect(short).toBe(expected);
    expect(short.length).toBeLessThanOrEqual(36);
  });
});
