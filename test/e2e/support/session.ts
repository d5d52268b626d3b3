import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium } from '../../../scripts/chromium';
import { freePort, startNode, type Child } from '../../helpers/processes';

/**
 * One real-client session for a browser test: the bot in its sandbox (a child process, exactly as `npm start` runs
 * it), the Microsoft 365 Agents Playground (Microsoft's local Teams look-alike, a second child process) pointed at
 * it, and headless Chromium on the playground's page. Every activity the bot gets comes from the playground's own
 * client and server.
 *
 * Playground facts this relies on (0.2.28): `--port` is configurable and falls back to a random port when taken
 * (the real one is read from its "Listening on N" line), and it opens no other port; it reads
 * .m365agentsplayground.yml from its working directory and writes devTools/ there (a temporary copy here); a
 * channel message reaches the bot only with an @mention, chosen from the typeahead menu; the page keeps no history
 * across reloads, so a whole story runs in one page; Input.Text values are sent only when typed with key events
 * (Playwright's `fill` leaves the renderer's value empty).
 *
 * Screenshots go to artifacts/e2e/<prefix>NN-<step>.png (<prefix>failure-<step>.png when a step fails), the bot's
 * and the playground's output to artifacts/e2e/<prefix>bot.log and <prefix>playground.log.
 */

const ROOT = resolve(__dirname, '..', '..', '..');
export const ARTIFACTS = join(ROOT, 'artifacts', 'e2e');

/** Upper bounds of starting up. */
const BOT_START_MS = 60_000;
const PLAYGROUND_START_MS = 30_000;
const BROWSER_START_MS = 30_000;
export const SESSION_START_MS = BOT_START_MS + PLAYGROUND_START_MS + BROWSER_START_MS + 30_000;
/** Upper bound of one ordinary UI wait (a card appears, a button is there). */
export const UI_MS = 15_000;

/** Settings the bot reads from the environment or .env: none may leak in from the developer's shell. */
const BOT_SETTINGS = [
  'SANDBOX',
  'SANDBOX_ARM_PORT',
  'SANDBOX_LRO_SECONDS',
  'SANDBOX_ADF_SYNC_SECONDS',
  'SANDBOX_MPE_PROVISION_SECONDS',
  'SANDBOX_PAGE_SIZE',
  'MicrosoftAppId',
  'MicrosoftAppPassword',
  'MicrosoftAppType',
  'MicrosoftAppTenantId',
  'AZURE_SUBSCRIPTION_IDS',
  'AZURE_ARM_ENDPOINT',
  'PORT',
  'HOST',
  'DATA_DIR',
  'POLL_INTERVAL_SECONDS',
  'APPROVER_IDS',
  'APPROVERS_FILE',
  'POLICY_FILE',
  'REQUESTER_IDS',
  'ACT_AS',
  'OAUTH_CONNECTION_NAME',
  'SANDBOX_SIGN_IN',
  'AZURE_FACTORY_SCOPES',
  'ALLOWED_TENANT_IDS',
  'LOG_LEVEL',
];

export interface SessionOptions {
  /** Starts every artifact's file name, e.g. "connect-"; the session first removes its own old artifacts. */
  prefix: string;
  /** Sandbox timings and the like, on top of SANDBOX=true, PORT=0, SANDBOX_ARM_PORT=0, POLL_INTERVAL_SECONDS=1. */
  botEnv?: Record<string, string>;
}

/** The bot logs JSON lines (pino); "app started" carries its URLs. */
function appStarted(output: string): { botUrl: string; armUrl: string } | undefined {
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { msg?: unknown; botUrl?: unknown; armUrl?: unknown };
      if (entry.msg === 'app started' && typeof entry.botUrl === 'string' && typeof entry.armUrl === 'string')
        return { botUrl: entry.botUrl, armUrl: entry.armUrl };
    } catch {
      // not a log line
    }
  }
  return undefined;
}

export class PlaygroundSession {
  private bot: Child | undefined;
  private playground: Child | undefined;
  private browser: BrowserContext | undefined;
  private shot = 0;
  /** Set once started; the tests only use a started session. */
  page!: Page;
  armUrl = '';
  playgroundUrl = '';

  private work = '';

  /** Nothing starts before start(); the caller's afterAll calls close() even when start() failed half-way. */
  constructor(private readonly options: SessionOptions) {}

  async start(): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const file of readdirSync(ARTIFACTS)) {
      if (file.startsWith(this.options.prefix)) rmSync(join(ARTIFACTS, file), { force: true });
    }
    this.work = mkdtempSync(join(tmpdir(), 'pl-bot-e2e-'));

    // The bot, as `npm start` runs it, from an empty folder (no .env) with its own data folder.
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of BOT_SETTINGS) delete env[name];
    Object.assign(env, {
      SANDBOX: 'true',
      PORT: '0',
      SANDBOX_ARM_PORT: '0',
      DATA_DIR: join(this.work, 'data'),
      POLL_INTERVAL_SECONDS: '1',
      LOG_LEVEL: 'info',
      ...this.options.botEnv,
    });
    const tsx = require.resolve('tsx/cli');
    const botDir = join(this.work, 'bot');
    mkdirSync(botDir);
    this.bot = startNode(
      'bot',
      [tsx, '--tsconfig', join(ROOT, 'tsconfig.json'), join(ROOT, 'src', 'index.ts')],
      botDir,
      env,
    );
    const urls = await this.bot.waitFor('"app started"', BOT_START_MS, appStarted);
    this.armUrl = urls.armUrl;

    // The playground, in a folder holding a copy of the repository's .m365agentsplayground.yml (it writes there).
    const playgroundDir = join(this.work, 'playground');
    mkdirSync(playgroundDir);
    copyFileSync(join(ROOT, '.m365agentsplayground.yml'), join(playgroundDir, '.m365agentsplayground.yml'));
    const cli = join(ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
    const port = await freePort();
    this.playground = startNode(
      'playground',
      [
        cli,
        '--app-endpoint',
        `${urls.botUrl}/api/messages`,
        '--channel-id',
        'msteams',
        '--disable-telemetry',
        '--port',
        String(port),
      ],
      playgroundDir,
      { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' },
    );
    const listening = await this.playground.waitFor(
      '"Listening on <port>"',
      PLAYGROUND_START_MS,
      (out) => out.match(/Listening on (\d+)/)?.[1],
    );
    this.playgroundUrl = `http://localhost:${listening}`;

    const profile = join(this.work, 'chromium-profile');
    mkdirSync(profile);
    this.browser = await launchChromium(profile, {
      viewport: { width: 1400, height: 1000 },
      timeoutMs: BROWSER_START_MS,
    });
    this.browser.setDefaultTimeout(UI_MS);
    this.page = this.browser.pages()[0] ?? (await this.browser.newPage());
    // Offline like CI: only the playground itself may be reached (it links fonts and telemetry from the internet).
    const playgroundUrl = this.playgroundUrl;
    await this.page.route(/^https?:/, (route) =>
      route.request().url().startsWith(playgroundUrl) ? route.continue() : route.abort(),
    );
    await this.page.goto(playgroundUrl, { timeout: UI_MS });
  }

  /** Closes the browser and stops both process groups, then keeps their output next to the screenshots. */
  async close(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    await Promise.all([this.playground?.stop(), this.bot?.stop()]);
    const { prefix } = this.options;
    if (this.bot) writeFileSync(join(ARTIFACTS, `${prefix}bot.log`), this.bot.log);
    if (this.playground) writeFileSync(join(ARTIFACTS, `${prefix}playground.log`), this.playground.log);
    if (this.work) rmSync(this.work, { recursive: true, force: true });
  }

  /** The bot's output so far (JSON log lines). */
  get botLog(): string {
    return this.bot?.log ?? '';
  }

  /** Runs one user-visible step; on failure saves what the page showed, then fails with the step's name. */
  async step(name: string, action: () => Promise<void>): Promise<void> {
    const { prefix } = this.options;
    try {
      await action();
    } catch (error) {
      await this.page
        ?.screenshot({
          path: join(ARTIFACTS, `${prefix}failure-${name}.png`),
          fullPage: true,
          timeout: 5_000,
        })
        .catch(() => undefined);
      throw new Error(`step "${name}" failed: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    this.shot += 1;
    await this.page.screenshot({
      path: join(ARTIFACTS, `${prefix}${String(this.shot).padStart(2, '0')}-${name}.png`),
      timeout: 5_000,
    });
  }

  /** Waits for the bot's welcome in the personal chat (it greets on install; the personal chat is open first). */
  async welcomed(): Promise<void> {
    await this.page
      .locator('.ac-adaptiveCard', { hasText: 'I look after Private Link connections' })
      .first()
      .waitFor();
  }

  /** Types into the open chat's compose box with key events, as a person does, and sends it with Enter. */
  async say(text: string): Promise<void> {
    await this.page.locator('[data-lexical-editor="true"]').first().click();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
  }

  /**
   * Posts `@<bot> text` in the open channel: Teams sends the bot only messages that @mention it, so the bot is
   * picked from the typeahead like a person does.
   */
  async postMentioning(bot: string, text: string): Promise<void> {
    await this.page.locator('[data-lexical-editor="true"]').first().click();
    await this.page.keyboard.type(`@${bot.split(' ')[0]}`);
    await this.page.locator('#typeahead-menu [role="menuitem"]', { hasText: bot }).click();
    await this.page.keyboard.type(` ${text}`);
    await this.page.getByRole('button', { name: 'Post', exact: true }).click();
  }

  /** The approval loop's card about `server` (a channel shows one card per request). */
  approvalCard(server: string): Locator {
    return this.page
      .locator('.ac-adaptiveCard')
      .filter({ hasText: 'Private endpoint connection request' })
      .filter({ hasText: new RegExp(`Server\\s*${server}\\s*Resource group`) });
  }
}
