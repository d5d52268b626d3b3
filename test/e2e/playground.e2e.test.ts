import { arm, FACTORY, listConnections, SERVERS } from '../helpers/arm-http';
import { PlaygroundSession, SESSION_START_MS } from './support/session';
import { part } from '../helpers/scenario';

/**
 * A real-client end-to-end test: the bot in its sandbox, the Microsoft 365 Agents Playground pointed at it, and
 * headless Chromium driving the playground's page the way a person would: typing, picking the @mention, tapping
 * the card's buttons (see support/session.ts). The test only touches the simulated Azure to create a managed
 * private endpoint, and to read the connection's state at the end.
 *
 * The story: `help` in the personal chat shows the help card; `@PL Approvals watch` posted in the team's Approvers
 * channel subscribes it; the seeded pending connection's card appears; a Reject tap without a reason is refused on
 * that card (a red line, for Avery only); a new managed private endpoint created in
 * the simulator makes a second card appear; Avery (the playground's user, an approver) types a reason and taps
 * Approve; the card says "Approving… by Avery Approver", then "Approved by Avery Approver … — <reason>", the thread
 * gets the decision reply, and Azure shows the connection Approved.
 *
 * Screenshots of every step go to artifacts/e2e/approval-*.png. Without Chromium the test fails: it never skips.
 */

const REASON = 'Needed by the orders pipeline, ticket DP-1432';

/** Poll every 1 s + the simulated approval (2 s) + card updates, with room for a slow CI machine. */
const APPROVAL_MS = 30_000;

describe('in the Microsoft 365 Agents Playground (real client, headless Chromium)', () => {
  const session = new PlaygroundSession({ prefix: 'approval-', botEnv: { SANDBOX_LRO_SECONDS: '2' } });
  const step = session.step.bind(session);

  beforeAll(() => session.start(), SESSION_START_MS);
  afterAll(() => session.close(), 30_000);

  it('help, watch, a card for a new endpoint, and an approval that changes the card for everyone', async () => {
    await part('answers help in the personal chat with the help card', async () => {
      const { page } = session;
      await step('help', async () => {
        await session.welcomed();
        await session.say('help');
        const help = page.locator('.ac-adaptiveCard', {
          hasText: 'Private Link helper for Data Factory and PostgreSQL',
        });
        await help.waitFor();
        await help.getByText('watch [server or resource group]', { exact: true }).waitFor();
        await help.getByText('connect [factory server]', { exact: true }).waitFor();
      });
    });

    await part(
      'subscribes the Approvers channel with "@PL Approvals watch" and posts the pending request there',
      async () => {
        const { page } = session;
        await step('watch', async () => {
          await page.getByRole('treeitem', { name: 'Contoso Data - Approvers' }).click();
          await session.postMentioning('PL Approvals', 'watch');
          // Avery may see the connections of pg-orders and pg-sandbox (her role in the sandbox's Azure), not of every
          // server: the channel watches exactly those. (.first(): the playground's log panel repeats the text.)
          await page
            .getByText(
              'Watching pg-orders, pg-sandbox: of every watched server, the servers whose connections you may see.',
              {
                exact: false,
              },
            )
            .first()
            .waitFor();
        });
        await step('seeded-card', async () => {
          // The sandbox's seeded pending connection (mpe-pg-orders → pg-orders), posted by the next watcher cycle.
          const card = session.approvalCard('pg-orders');
          await card.filter({ hasText: 'Waiting for a decision' }).waitFor({ timeout: APPROVAL_MS });
          await card.getByRole('button', { name: 'Approve', exact: true }).waitFor();
          await card.getByRole('button', { name: 'Reject', exact: true }).waitFor();
          await card.scrollIntoViewIfNeeded();
        });
      },
    );

    await part(
      'a Reject without a reason is refused on the card itself: a red line asks for one, nothing changes',
      async () => {
        const card = session.approvalCard('pg-orders');
        await step('reject-without-reason', async () => {
          await card.getByRole('button', { name: 'Reject', exact: true }).click();
          // Answered with the card for Avery only (not an error, which the playground shows nowhere on the card).
          const refused = card.filter({ hasText: 'Please give a reason for rejecting' });
          await refused.waitFor();
          await refused.filter({ hasText: 'Waiting for a decision' }).waitFor();
          await refused.getByRole('button', { name: 'Reject', exact: true }).waitFor();
          await refused.getByRole('button', { name: 'Approve', exact: true }).waitFor();
          await refused.scrollIntoViewIfNeeded();
        });
        const states = (await listConnections(session.armUrl, 'pg-orders')).map(
          (c) => c.properties?.privateLinkServiceConnectionState?.status,
        );
        expect(states).toContain('Pending');
        expect(states).not.toContain('Rejected');
      },
    );

    await part('posts a card for a managed private endpoint created in (simulated) Azure', async () => {
      const created = await arm(
        session.armUrl,
        'PUT',
        `${FACTORY}/managedVirtualNetworks/default/managedPrivateEndpoints/mpe-pg-sandbox?api-version=2018-06-01`,
        {
          properties: {
            privateLinkResourceId: `${SERVERS}/pg-sandbox`,
            groupId: 'postgresqlServer',
          },
        },
      );
      expect(created.status).toBe(200);
      await step('new-card', async () => {
        const card = session.approvalCard('pg-sandbox').filter({ hasText: 'Waiting for a decision' });
        await card.waitFor({ timeout: APPROVAL_MS });
        await card.getByText('Data Factory adf-contoso, managed private endpoint mpe-pg-sandbox').waitFor();
        await card.scrollIntoViewIfNeeded();
      });
    });

    await part(
      'approves it with a reason, and the card changes to "Approved by Avery Approver" for everyone',
      async () => {
        const { page } = session;
        const card = session.approvalCard('pg-sandbox');
        await step('approving', async () => {
          // Typed with key events, as a person types: the card renderer reads what was typed, not a value set by script.
          await card.locator('textarea').click();
          await page.keyboard.type(REASON);
          await card.getByRole('button', { name: 'Approve', exact: true }).click();
          // The invoke's answer replaces the card at once, for the tapping user: the decision is under way.
          await card.filter({ hasText: 'Approving… by Avery Approver' }).waitFor();
          await page.getByText('invoke 200').first().waitFor();
        });
        await step('approved', async () => {
          // Then the bot updates the message itself (updateActivity): what everyone in the channel sees.
          await card
            .filter({ hasText: `Approved by Avery Approver at` })
            .filter({ hasText: REASON })
            .waitFor({
              timeout: APPROVAL_MS,
            });
          expect(await card.getByRole('button', { name: 'Approve', exact: true }).count()).toBe(0);
          expect(await card.getByRole('button', { name: 'Reject', exact: true }).count()).toBe(0);
          // The short reply in the card's thread.
          await page
            .getByRole('group')
            .filter({ has: card })
            .getByText(`Avery Approver approved the connection to pg-sandbox. Reason: ${REASON}`)
            .first()
            .waitFor();
          await card.scrollIntoViewIfNeeded();
        });
        // And Azure agrees: the connection on the server is Approved.
        const states = (await listConnections(session.armUrl, 'pg-sandbox')).map(
          (c) => c.properties?.privateLinkServiceConnectionState?.status,
        );
        expect(states).toEqual(['Approved']);
        // The other request was not touched.
        await session.approvalCard('pg-orders').filter({ hasText: 'Waiting for a decision' }).waitFor();
      },
    );
  }, 300_000);
});
