import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, PlaygroundSession, SESSION_START_MS } from './support/session';
import { part } from '../helpers/scenario';

/**
 * Signing in, as a person sees it in a real client: the bot in its sandbox with SANDBOX_SIGN_IN=prompt (the token
 * service stand-in holds no token until the person signs in, as for an app nobody consented to yet), the Microsoft
 * 365 Agents Playground and headless Chromium (see support/session.ts).
 *
 * Avery types `pending` in the personal chat. The bot acts in Azure as her (ACT_AS=user), so it first needs her
 * token: it parks the command and answers with an OAuth card. The playground, like Teams on the web without single
 * sign-on, shows the card's Sign in button; the button opens the token service's sign-in page (in production,
 * Entra's sign-in and consent screens), which ends by showing a magic code. Avery types the code in the chat, the bot
 * redeems it with the token service and runs the parked `pending` with her token.
 *
 * The playground (0.2.28) implements the chat's OAuth card but not the Universal Actions sign-in of a card tap (an
 * invoke answered 401 with application/vnd.microsoft.activity.loginRequest): that path is tested with Teams-shaped
 * traffic in test/integration/identity/sign-in.test.ts.
 *
 * Screenshots: artifacts/e2e/sign-in-NN-<step>.png, and the sign-in page's own as sign-in-page-*.png. Without
 * Chromium the test fails: it never skips.
 */

const SIGNED_IN_MS = 30_000;

describe('signing in from the personal chat in the Microsoft 365 Agents Playground', () => {
  const session = new PlaygroundSession({ prefix: 'sign-in-', botEnv: { SANDBOX_SIGN_IN: 'prompt' } });
  const step = session.step.bind(session);
  let signInPage: Page | undefined;
  let magicCode = '';

  beforeAll(() => session.start(), SESSION_START_MS);
  afterAll(async () => {
    await signInPage?.close().catch(() => undefined);
    await session.close();
  }, 30_000);

  it('signs in from the card with the magic code, and the parked command runs as Avery', async () => {
    await part(
      'answers a command from someone without a token with a sign-in card, and runs nothing yet',
      async () => {
        const { page } = session;
        await step('sign-in-card', async () => {
          await session.welcomed();
          await session.say('pending');
          await page.getByText('Sign in so I can act in Azure as you', { exact: false }).first().waitFor();
          await page.getByRole('button', { name: 'Sign in' }).last().waitFor();
        });
        // The parked command has not run: the seeded pending request's card is not in the chat yet.
        expect(await session.approvalCard('pg-orders').count()).toBe(0);
      },
    );

    await part(
      "opens the token service's sign-in page from the card, which ends with a magic code",
      async () => {
        const { page } = session;
        await step('sign-in-page-opened', async () => {
          const popup = page.context().waitForEvent('page');
          await page.getByRole('button', { name: 'Sign in' }).last().click();
          signInPage = await popup;
          await signInPage.waitForLoadState();
          await signInPage.getByRole('button', { name: /Sign in as Avery Approver/ }).waitFor();
          await signInPage.screenshot({ path: join(ARTIFACTS, 'sign-in-page-1-ask.png') });
        });
        await step('magic-code-shown', async () => {
          await signInPage!.getByRole('button', { name: /Sign in as Avery Approver/ }).click();
          const code = signInPage!.locator('strong');
          await code.waitFor();
          magicCode = (await code.innerText()).trim();
          await signInPage!.screenshot({ path: join(ARTIFACTS, 'sign-in-page-2-code.png') });
        });
        expect(magicCode).toMatch(/^\d{6}$/);
      },
    );

    await part('takes the typed magic code, then runs the parked command as Avery', async () => {
      await step('signed-in', async () => {
        await session.say(magicCode);
        // `pending` answers with the card of each open request Azure lets Avery see: the seeded one on pg-orders.
        const card = session.approvalCard('pg-orders');
        await card.filter({ hasText: 'Waiting for a decision' }).waitFor({ timeout: SIGNED_IN_MS });
        await card.scrollIntoViewIfNeeded();
      });
    });
  }, 180_000);
});
