import { ResourceGraphServers } from '../../../src/azure/resource-graph-servers';

/**
 * Resource Graph's own throttling headers (learn.microsoft.com/azure/governance/resource-graph/concepts/
 * guidance-for-throttled-requests): with no quota left, the next query waits until the window resets; a 429 is
 * asked again once, after that wait. The client here is a stand-in for the SDK's `resources` call, answering pages.
 */
const SUB = '11111111-1111-1111-1111-111111111111';
const server = (name: string) => ({
  id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/${name}`,
  name,
  properties: { state: 'Ready', network: { publicNetworkAccess: 'Enabled' }, privateEndpointConnections: [] },
});

type Answer = {
  status?: number;
  data?: unknown[];
  skipToken?: string;
  remaining: string;
  resetsAfter: string;
};

function stubClient(answers: Answer[]) {
  const asked: Array<{ skipToken?: string }> = [];
  return {
    asked,
    client: {
      resources: async (
        query: { options?: { skipToken?: string } },
        options?: { onResponse?: (raw: never) => void },
      ) => {
        asked.push({ ...(query.options?.skipToken ? { skipToken: query.options.skipToken } : {}) });
        const answer = answers.shift()!;
        const headers = new Map([
          ['x-ms-user-quota-remaining', answer.remaining],
          ['x-ms-user-quota-resets-after', answer.resetsAfter],
        ]);
        options?.onResponse?.({ headers: { get: (n: string) => headers.get(n) } } as never);
        if (answer.status === 429)
          throw Object.assign(new Error('throttled'), { statusCode: 429, name: 'RestError' });
        return {
          data: answer.data ?? [],
          ...(answer.skipToken ? { skipToken: answer.skipToken } : {}),
        } as never;
      },
    },
  };
}

it('follows $skipToken, and waits for the quota window when none is left', async () => {
  const { client, asked } = stubClient([
    { data: [server('a')], skipToken: 'next', remaining: '0', resetsAfter: '00:00:03' },
    { data: [server('b')], remaining: '14', resetsAfter: '00:00:05' },
  ]);
  const waits: number[] = [];
  const graph = new ResourceGraphServers(
    client,
    [{ subscriptionId: SUB }],
    async (ms) => void waits.push(ms),
  );
  const servers = await graph.list();
  expect(servers.map((s) => [s.ref.serverName, s.connectionsMayLag])).toEqual([
    ['a', true],
    ['b', true],
  ]);
  expect(asked).toEqual([{}, { skipToken: 'next' }]);
  expect(waits).toEqual([3000]);
});

it('asks again once after a 429, when the window has reset; keeps only servers in the watched scopes', async () => {
  const { client, asked } = stubClient([
    { status: 429, remaining: '0', resetsAfter: '00:00:02' },
    {
      data: [server('a'), { ...server('x'), id: server('x').id.replace('/rg/', '/rg-other/') }],
      remaining: '9',
      resetsAfter: '00:00:04',
    },
  ]);
  const waits: number[] = [];
  const graph = new ResourceGraphServers(
    client,
    [{ subscriptionId: SUB, resourceGroup: 'RG' }],
    async (ms) => void waits.push(ms),
  );
  expect((await graph.list()).map((s) => s.ref.serverName)).toEqual(['a']);
  expect(asked).toHaveLength(2);
  expect(waits).toEqual([2000]);
});
