import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium';

/**
 * A real-client end-to-end test: the bot in its sandbox (a child process, exactly as `npm start` runs it), the
 * Microsoft 365 Agents Playground (Microsoft's local Teams look-alike, a second child process) pointed at it, and
 * headless Chromium driving the playground's page the way a person would: typing, picking the @mention, tapping
 * the card's buttons. Every activity the bot gets comes from the playground's own client and server; the test only
 * touches the simulated Azure (to create a managed private endpoint, and to read the connection's state at the end).
 *
 * The story: `help` in the personal chat shows the help card; `@PL Approvals watch` posted in the team's Approvers
 * channel subscribes it; the seeded pending connection's card appears; a new managed private endpoint created in
 * the simulator makes a second card appear; Avery (the playground's user, an approver) types a reason and taps
 * Approve; the card says "Approving… by Avery Approver", then "Approved by Avery Approver … — <reason>", the thread
 * gets the decision reply, and Azure shows the connection Approved.
 *
 * Screenshots of every step go to artifacts/e2e/ (and failure-<step>.png when a step fails); the bot's and the
 * playground's output go to artifacts/e2e/*.log. Without Chromium the test fails: it never skips.
 *
 * Playground facts this relies on (0.2.28): `--port` is configurable and falls back to a random port when taken
 * (the test reads the real one from its "Listening on N" line), and it opens no other port; it reads
 * .m365agentsplayground.yml from its working directory and writes devTools/ there (a temporary copy here); a
 * channel message reaches the bot only with an @mention, chosen from the typeahead menu; the page keeps no history
 * across reloads, so the whole story runs in one page; Input.Text values are sent only when typed with key events
 * (Playwright's `fill` leaves the renderer's value empty).
 */

const ROOT = resolve(__dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'artifacts', 'e2e');
const SUBSCRIPTION = '11111111-1111-1111-1111-111111111111';
const REASON = 'Needed by the orders pipeline, ticket DP-1432';

/** Upper bounds of every wait; the whole file normally takes 20-40 s. */
const BOT_START_MS = 60_000;
const PLAYGROUND_START_MS = 30_000;
const UI_MS = 15_000;
/** Poll every 1 s + the simulated approval (2 s) + card updates, with room for a slow CI machine. */
const APPROVAL_MS = 30_000;

/** Settings the bot reads from the environment or .env: none may leak in from the developer's shell. */
const BOT_SETTINGS = [
  'SANDBOX',
  'SANDBOX_ARM_PORT',
  'SANDBOX_LRO_SECONDS',
  'SANDBOX_ADF_SYNC_SECONDS',
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
  'ALLOWED_TENANT_IDS',
  'LOG_LEVEL',
];

// ----------------------------------------------------------------------------------------------------------------
// Child processes: each in its own process group, so stopping it also stops what it started (tsx's node, esbuild).
// ----------------------------------------------------------------------------------------------------------------

class Child {
  private output = '';
  private readonly waiters: Array<() => void> = [];
  readonly exited: Promise<void>;
  exitCode: number | null | undefined;

  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
      for (const wake of this.waiters.splice(0)) wake();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    // Last resort if the test process itself is ended before afterAll: take the group down with it.
    const orphanGuard = () => {
      if (child.pid !== undefined) signal(-child.pid, 'SIGKILL');
    };
    process.once('exit', orphanGuard);
    this.exited = new Promise((done) =>
      child.once('exit', (code) => {
        this.exitCode = code;
        process.off('exit', orphanGuard);
        for (const wake of this.waiters.splice(0)) wake();
        done();
      }),
    );
  }

  get log(): string {
    return this.output;
  }

  /** Waits until `find` recognises something in the output so far. */
  async waitFor<T>(what: string, timeoutMs: number, find: (output: string) => T | undefined): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find(this.output);
      if (found !== undefined) return found;
      if (this.exitCode !== undefined)
        throw new Error(`${this.name} exited (${this.exitCode}) before ${what}:\n${this.tail()}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.name}: no ${what} within ${timeoutMs} ms:\n${this.tail()}`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }

  tail(lines = 30): string {
    return this.output.trimEnd().split('\n').slice(-lines).join('\n');
  }

  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves once the process is gone. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.exitCode !== undefined || this.child.pid === undefined) return;
    const group = -this.child.pid;
    signal(group, 'SIGTERM');
    const killer = setTimeout(() => signal(group, 'SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(killer);
    // Anything the leader left behind in its group (tsx's esbuild service) goes too.
    signal(group, 'SIGKILL');
  }
}

function signal(group: number, name: NodeJS.Signals): void {
  try {
    process.kill(group, name);
  } catch {
    // ESRCH: already gone.
  }
}

function start(name: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, args, {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Child(name, child);
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
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

// ----------------------------------------------------------------------------------------------------------------
// The simulated Azure, over HTTPS like any ARM client (self-signed certificate on loopback, hence no verification,
// as `curl -k` in the README).
// ----------------------------------------------------------------------------------------------------------------

function arm(
  armUrl: string,
  method: 'GET' | 'PUT',
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const url = new URL(path, armUrl);
  return new Promise((done, fail) => {
    const req = httpsRequest(
      url,
      {
        method,
        rejectUnauthorized: false,
        agent: false,
        timeout: 10_000,
        headers: { authorization: 'Bearer sandbox', 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          try {
            done({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as unknown) : undefined });
          } catch (error) {
            fail(error);
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${url.pathname} timed out`)));
    req.on('error', fail);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const SERVERS = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-analytics/providers/Microsoft.DBforPostgreSQL/flexibleServers`;
const FACTORY = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-analytics/providers/Microsoft.DataFactory/factories/adf-contoso`;

interface ConnectionList {
  value?: Array<{ name?: string; properties?: { privateLinkServiceConnectionState?: { status?: string } } }>;
}

// ----------------------------------------------------------------------------------------------------------------

describe('in the Microsoft 365 Agents Playground (real client, headless Chromium)', () => {
  let work: string;
  let bot: Child | undefined;
  let playground: Child | undefined;
  let browser: BrowserContext | undefined;
  let page: Page;
  let armUrl: string;
  let playgroundUrl: string;
  let shot = 0;

  /** Runs one user-visible step; on failure saves what the page showed, then fails with the step's name. */
  async function step(name: string, action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      await page
        ?.screenshot({ path: join(ARTIFACTS, `failure-${name}.png`), fullPage: true, timeout: 5_000 })
        .catch(() => undefined);
      throw new Error(`step "${name}" failed: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    shot += 1;
    await page.screenshot({
      path: join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`),
      timeout: 5_000,
    });
  }

  /** The approval card about `server` (a channel shows one card per request). */
  function approvalCard(server: string): Locator {
    return page
      .locator('.ac-adaptiveCard')
      .filter({ hasText: 'Private endpoint connection request' })
      .filter({ hasText: new RegExp(`Server\\s*${server}\\s*Resource group`) });
  }

  beforeAll(
    async () => {
      rmSync(ARTIFACTS, { recursive: true, force: true });
      mkdirSync(ARTIFACTS, { recursive: true });
      work = mkdtempSync(join(tmpdir(), 'pl-bot-e2e-'));

      // The bot, as `npm start` runs it, from an empty folder (no .env) with its own data folder.
      const env: NodeJS.ProcessEnv = { ...process.env };
      for (const name of BOT_SETTINGS) delete env[name];
      Object.assign(env, {
        SANDBOX: 'true',
        PORT: '0',
        SANDBOX_ARM_PORT: '0',
        DATA_DIR: join(work, 'data'),
        POLL_INTERVAL_SECONDS: '1',
        SANDBOX_LRO_SECONDS: '2',
        LOG_LEVEL: 'info',
      });
      const tsx = require.resolve('tsx/cli');
      const botDir = join(work, 'bot');
      mkdirSync(botDir);
      bot = start(
        'bot',
        [tsx, '--tsconfig', join(ROOT, 'tsconfig.json'), join(ROOT, 'src', 'index.ts')],
        botDir,
        env,
      );
      const urls = await bot.waitFor('"app started"', BOT_START_MS, appStarted);
      armUrl = urls.armUrl;

      // The playground, in a folder holding a copy of the repository's .m365agentsplayground.yml (it writes there).
      const playgroundDir = join(work, 'playground');
      mkdirSync(playgroundDir);
      copyFileSync(join(ROOT, '.m365agentsplayground.yml'), join(playgroundDir, '.m365agentsplayground.yml'));
      const cli = join(ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
      const port = await freePort();
      playground = start(
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
      const listening = await playground.waitFor(
        '"Listening on <port>"',
        PLAYGROUND_START_MS,
        (out) => out.match(/Listening on (\d+)/)?.[1],
      );
      playgroundUrl = `http://localhost:${listening}`;

      const profile = join(work, 'chromium-profile');
      mkdirSync(profile);
      browser = await launchChromium(profile, { viewport: { width: 1400, height: 1000 }, timeoutMs: 30_000 });
      browser.setDefaultTimeout(UI_MS);
      page = browser.pages()[0] ?? (await browser.newPage());
      // Offline like CI: only the playground itself may be reached (it links fonts and telemetry from the internet).
      await page.route(/^https?:/, (route) =>
        route.request().url().startsWith(playgroundUrl) ? route.continue() : route.abort(),
      );
      await page.goto(playgroundUrl, { timeout: UI_MS });
    },
    BOT_START_MS + PLAYGROUND_START_MS + 60_000,
  );

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await Promise.all([playground?.stop(), bot?.stop()]);
    if (bot) writeFileSync(join(ARTIFACTS, 'bot.log'), bot.log);
    if (playground) writeFileSync(join(ARTIFACTS, 'playground.log'), playground.log);
    if (work) rmSync(work, { recursive: true, force: true });
  }, 30_000);

  it('answers help in the personal chat with the help card', async () => {
    await step('help', async () => {
      // The personal chat is open first; the bot greets on install.
      await page
        .locator('.ac-adaptiveCard', { hasText: 'I look after Private Link connections' })
        .first()
        .waitFor();
      const compose = page.locator('[data-lexical-editor="true"]');
      await compose.click();
      await page.keyboard.type('help');
      await page.keyboard.press('Enter');
      const help = page.locator('.ac-adaptiveCard', {
        hasText: 'Private Link helper for Data Factory and PostgreSQL',
      });
      await help.waitFor();
      await help.getByText('watch [server or resource group]', { exact: true }).waitFor();
      await help.getByText('connect [factory server]', { exact: true }).waitFor();
    });
  }, 60_000);

  it('subscribes the Approvers channel with "@PL Approvals watch" and posts the pending request there', async () => {
    await step('watch', async () => {
      await page.getByRole('treeitem', { name: 'Contoso Data - Approvers' }).click();
      const newPost = page.locator('[data-lexical-editor="true"]').first();
      await newPost.click();
      // In a channel Teams sends the bot only messages that @mention it: pick it from the typeahead like a person.
      await page.keyboard.type('@PL');
      await page.locator('#typeahead-menu [role="menuitem"]', { hasText: 'PL Approvals' }).click();
      await page.keyboard.type(' watch');
      await page.getByRole('button', { name: 'Post', exact: true }).click();
      // (.first(): the playground's log panel, after the chat in the page, shows the same text.)
      await page
        .getByText('Watching for every watched server: new approval requests will be posted here.')
        .first()
        .waitFor();
    });
    await step('seeded-card', async () => {
      // The sandbox's seeded pending connection (mpe-pg-orders → pg-orders), posted by the next watcher cycle.
      const card = approvalCard('pg-orders');
      await card.filter({ hasText: 'Waiting for a decision' }).waitFor({ timeout: APPROVAL_MS });
      await card.getByRole('button', { name: 'Approve', exact: true }).waitFor();
      await card.getByRole('button', { name: 'Reject', exact: true }).waitFor();
      await card.scrollIntoViewIfNeeded();
    });
  }, 90_000);

  it('posts a card for a managed private endpoint created in (simulated) Azure', async () => {
    const created = await arm(
      armUrl,
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
      const card = approvalCard('pg-sandbox').filter({ hasText: 'Waiting for a decision' });
      await card.waitFor({ timeout: APPROVAL_MS });
      await card.getByText('Data Factory adf-contoso, managed private endpoint mpe-pg-sandbox').waitFor();
      await card.scrollIntoViewIfNeeded();
    });
  }, 60_000);

  it('approves it with a reason, and the card changes to "Approved by Avery Approver" for everyone', async () => {
    const card = approvalCard('pg-sandbox');
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
      await card.filter({ hasText: `Approved by Avery Approver at` }).filter({ hasText: REASON }).waitFor({
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
    const list = await arm(
      armUrl,
      'GET',
      `${SERVERS}/pg-sandbox/privateEndpointConnections?api-version=2025-08-01`,
    );
    const states = ((list.json as ConnectionList).value ?? []).map(
      (c) => c.properties?.privateLinkServiceConnectionState?.status,
    );
    expect(states).toEqual(['Approved']);
    // The other request was not touched.
    await approvalCard('pg-orders').filter({ hasText: 'Waiting for a decision' }).waitFor();
  }, 90_000);
});
