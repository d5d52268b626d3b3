import { SANDBOX_PEOPLE } from '../../../src/sandbox';
import { serverRef, W } from '../../helpers/sandbox-azure';
import { APPROVER, TeamsAppHarness } from '../../helpers/teams-app-harness';
import { channel, say } from './support';

/**
 * `watch` over many servers (ACT_AS=user): what a person may see is asked of Azure once per resource group they
 * read, not once per server, so one command does not spend the subscription's ARM read budget (250, +25/s).
 */
const MORE_SERVERS = 40;
const harness = new TeamsAppHarness({});
const permissionReads = () =>
  harness.sim.requests.count({ path: /\/providers\/Microsoft\.Authorization\/permissions$/ });

beforeAll(async () => {
  await harness.start();
  expect(harness.app.config.access.actAs).toBe('user');
  for (let i = 0; i < MORE_SERVERS; i++) {
    harness.sim.world.addServer({
      subscriptionId: W.subscriptionId,
      resourceGroup: i % 2 ? W.resourceGroup : 'rg-more',
      name: `pg-more-${i}`,
      location: W.location,
    });
  }
});
afterAll(() => harness.stop());

describe('watch over many servers', () => {
  it('a person reading the subscription costs one permission read per resource group, and watches every server', async () => {
    await harness.grant(SANDBOX_PEOPLE.avery, 'reader');
    const place = channel(harness, '19:many-servers@thread.tacv2');
    const before = permissionReads();
    const answer = await say(harness, place.message('watch', APPROVER));
    expect(answer.status).toBe(200);
    expect(answer.texts[0]).toMatch(/^Watching for every watched server:/);
    expect(permissionReads() - before).toBe(2); // rg-analytics (the sandbox's and half of these) and rg-more
    expect(await harness.app.store.subscriptions.listForServer(serverRef('pg-more-7'))).toEqual([
      expect.objectContaining({ conversationId: place.key }),
    ]);
  });
});
