import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import type { Attachment } from 'botbuilder';
import type { BrowserContext } from 'playwright-core';
import { renderApprovalCard } from '../src/cards/approval-card';
import { renderAnsweredCard } from '../src/cards/connect-answered-card';
import { renderProgressCard } from '../src/cards/connect-progress-card';
import { renderQuestionCard } from '../src/cards/connect-question-card';
import { renderResultCard } from '../src/cards/connect-result-card';
import { renderSummaryCard } from '../src/cards/connect-summary-card';
import { renderFactListCard } from '../src/cards/fact-list-card';
import { renderHelpCard } from '../src/cards/help-card';
import { renderCard } from '../src/cards/render';
import { sslModeTitle } from '../src/connect/encryption-policy';
import { stepLabel } from '../src/connect/flow-types';
import type { ApprovalRequest } from '../src/store/request-records';
import { launchChromium } from './chromium';

/**
 * `npm run cards:render`: every card template in cards/, expanded by the product's own typed renderers with
 * realistic sample data, drawn by the Adaptive Cards 3.x JavaScript renderer in headless Chromium with a Teams-like
 * host config (Teams' light theme colors, font sizes and spacing), and saved as PNG in docs/cards/.
 *
 * Needs Debian's chromium (`apt-get install -y chromium`) or CHROMIUM_PATH; playwright-core downloads no browser.
 * Emoji (the progress card's ✅ ⏳) need a color emoji font: `apt-get install -y fonts-noto-color-emoji`. Segoe UI
 * is not on Linux; Liberation Sans (Arial's metrics) stands in, so line breaks may differ a little from Teams.
 * The samples use fixed dates, so re-running it changes a picture only when a card or the renderer changed.
 */
const ROOT = resolve(__dirname, '..');
const OUT_DIR = join(ROOT, 'docs', 'cards');
const CARDS_DIR = join(ROOT, 'cards');
/** About the width Teams gives a card in a channel or chat on desktop. */
const CARD_WIDTH = 460;
/** 1x keeps the committed pictures small (about 10-60 KB each); CARD_SCALE=2 draws sharper, 2-3 times larger ones. */
const SCALE = Number(process.env['CARD_SCALE'] ?? 1);

interface Sample {
  /** File name in docs/cards/, without .png. */
  name: string;
  /** The template in cards/ that the renderer expands (checked: every template has a sample). */
  template: string;
  attachment: Attachment;
}

// ---------------------------------------------------------------------------------------------------------------
// Sample data: the sandbox world's names, fixed times.
// ---------------------------------------------------------------------------------------------------------------

const SUB = '11111111-1111-1111-1111-111111111111';
const TENANT = '22222222-2222-2222-2222-222222222222';
const AVERY = { aadObjectId: '33333333-3333-3333-3333-333333333333', name: 'Avery Approver' };
const RILEY = { aadObjectId: '44444444-4444-4444-4444-444444444444', name: 'Riley Requester' };
const SEEN = new Date('2026-03-12T09:14:00Z');
const NOW = new Date('2026-03-12T09:26:00Z');
const DECIDED = new Date('2026-03-12T09:25:00Z');

function pendingRequest(): ApprovalRequest {
  const server = { subscriptionId: SUB, resourceGroup: 'rg-analytics', serverName: 'pg-orders' };
  const connectionName = 'adf-contoso-mpe-pg-orders.5f0c6a2e-3b9d-4c1f-8e7a-2d4b6c8e0f13';
  return {
    id: 'req-b8d2f81bbc6acdee8881',
    connectionId:
      `/subscriptions/${SUB}/resourceGroups/rg-analytics/providers/Microsoft.DBforPostgreSQL/flexibleServers/` +
      `pg-orders/privateEndpointConnections/${connectionName}`,
    server,
    connectionName,
    privateEndpointId:
      '/subscriptions/9f3e1c55-0d1b-4b7e-a6f2-3c8d2e1f4a90/resourceGroups/managed-adf-contoso/providers/' +
      'Microsoft.Network/privateEndpoints/adf-contoso.mpe-pg-orders',
    description: 'Created by the Private Link bot for Riley Requester.',
    requester: RILEY,
    factoryEndpoint: { factoryName: 'adf-contoso', managedPrivateEndpointName: 'mpe-pg-orders' },
    firstSeenAt: SEEN,
    status: 'pending',
    updatedAt: SEEN,
  };
}

function approvalSamples(): Sample[] {
  const pending = pendingRequest();
  const claimed = { decision: 'Approved' as const, by: AVERY, claimedAt: DECIDED };
  const states: Array<[string, ApprovalRequest]> = [
    ['approval-pending', pending],
    [
      'approval-approving',
      { ...pending, status: 'deciding', decision: { ...claimed, reason: 'Orders pipeline, ticket DP-1432' } },
    ],
    [
      'approval-approved',
      {
        ...pending,
        status: 'approved',
        decision: { ...claimed, reason: 'Orders pipeline, ticket DP-1432', decidedAt: DECIDED },
      },
    ],
    [
      'approval-failed',
      {
        ...pending,
        status: 'failed',
        decision: claimed,
        lastError:
          'AuthorizationFailed: The client does not have authorization to perform action ' +
          "'Microsoft.DBforPostgreSQL/flexibleServers/privateEndpointConnections/write'.",
      },
    ],
    [
      'approval-rejected',
      {
        ...pending,
        status: 'rejected',
        decision: {
          decision: 'Rejected',
          by: AVERY,
          reason: 'pg-orders holds card data: use the reporting replica instead',
          decidedAt: DECIDED,
        },
      },
    ],
  ];
  return states.map(([name, request]) => ({
    name,
    template: 'approval-request',
    attachment: renderApprovalCard(request, NOW, TENANT),
  }));
}

function summaryFacts(password: string): Array<{ title: string; value: string }> {
  return [
    { title: 'Factory', value: 'adf-contoso' },
    { title: 'Server', value: 'pg-orders.postgres.database.azure.com' },
    { title: 'Integration runtime', value: 'ManagedVnetIR' },
    { title: 'Private endpoint', value: 'mpe-pg-orders' },
    { title: 'Database', value: 'orders' },
    { title: 'User', value: 'adf_reader' },
    { title: 'Password', value: password },
    { title: 'Encryption', value: sslModeTitle(3) },
    { title: 'Linked service', value: 'ls_pg_orders' },
  ];
}

const SUMMARY_TEXT =
  'Create and test makes an AzurePostgreSql linked service (version 2.0) in adf-contoso that connects via ' +
  'ManagedVnetIR, then tests it with SELECT 1 through that runtime.';

function connectSamples(): Sample[] {
  const flow = { flowId: 'flow-7c1d2e', token: 'tok-3' };
  return [
    {
      name: 'connect-summary',
      template: 'connect-summary',
      attachment: renderSummaryCard({
        step: stepLabel(8),
        text: SUMMARY_TEXT,
        facts: summaryFacts('Key Vault secret pg-orders-adf-reader (via ls-keyvault)'),
        askPassword: false,
        username: 'adf_reader',
        ...flow,
      }),
    },
    {
      name: 'connect-summary-password',
      template: 'connect-summary',
      attachment: renderSummaryCard({
        step: stepLabel(8),
        text: SUMMARY_TEXT,
        facts: summaryFacts('typed below, in a masked field'),
        askPassword: true,
        username: 'adf_reader',
        ...flow,
      }),
    },
    {
      name: 'connect-question',
      template: 'connect-question',
      attachment: renderQuestionCard(
        {
          step: stepLabel(2),
          title: 'Which PostgreSQL flexible server?',
          facts: [
            { title: 'pg-orders', value: 'pg-orders.postgres.database.azure.com' },
            { title: 'pg-sandbox', value: 'pg-sandbox.postgres.database.azure.com' },
          ],
          choices: [
            { value: 'pg-orders', title: 'pg-orders' },
            { value: 'pg-sandbox', title: 'pg-sandbox' },
          ],
          notesHeading: 'Not eligible',
          notes: [
            {
              title: 'pg-vnet',
              value:
                'VNet-integrated (private access): Private Link needs a server created with public access.',
            },
          ],
        },
        flow,
      ),
    },
    {
      name: 'connect-answered',
      template: 'connect-answered',
      attachment: renderAnsweredCard(
        stepLabel(2),
        'Server',
        'pg-orders (pg-orders.postgres.database.azure.com)',
      ),
    },
    {
      name: 'connect-progress',
      template: 'connect-progress',
      attachment: renderProgressCard(
        'Creating and testing the linked service',
        [
          { label: 'Create ls_pg_orders', state: 'done' },
          { label: 'Test through ManagedVnetIR', state: 'running', detail: 'InProgress, 12 s' },
        ],
        'Interactive authoring is on, so the test usually takes under a minute.',
      ),
    },
    {
      name: 'connect-result',
      template: 'connect-result',
      attachment: renderResultCard({
        ok: true,
        title: 'Connection successful',
        summary:
          'ls_pg_orders reaches pg-orders through the private endpoint mpe-pg-orders. It is ready for datasets ' +
          'and pipelines.',
        facts: [
          { title: 'Linked service', value: 'ls_pg_orders' },
          { title: 'Factory', value: 'adf-contoso' },
          { title: 'Server', value: 'pg-orders.postgres.database.azure.com / orders' },
          { title: 'Connects via', value: 'ManagedVnetIR' },
        ],
      }),
    },
    {
      name: 'connect-result-failed',
      template: 'connect-result',
      attachment: renderResultCard({
        ok: false,
        title: 'The connection test failed',
        summary: 'ls_pg_orders was created, but the test through ManagedVnetIR did not connect (failed).',
        facts: [
          { title: 'Linked service', value: 'ls_pg_orders' },
          { title: 'Factory', value: 'adf-contoso' },
          { title: 'Server', value: 'pg-orders.postgres.database.azure.com / orders' },
          { title: 'Connects via', value: 'ManagedVnetIR' },
        ],
        azureMessage:
          'ErrorCode=AzurePostgreSqlNpgsqlOperationFailed, 28P01: password authentication failed for user ' +
          '"adf_reader"',
        hint: 'Check the password of adf_reader in the Key Vault secret, then say connect again.',
      }),
    },
  ];
}

function otherSamples(): Sample[] {
  return [
    {
      name: 'help',
      template: 'help',
      attachment: renderHelpCard({
        title: 'Private Link helper for Data Factory and PostgreSQL',
        summary:
          'I help connect Azure Data Factory to Azure Database for PostgreSQL flexible servers over Private ' +
          'Link: the managed private endpoint, its approval by the server owners, and the linked service that ' +
          'uses it.',
        commands: [
          { usage: 'help', description: 'Show what I can do and the commands I understand.' },
          {
            usage: 'watch [server or resource group]',
            description:
              'Post approval cards here for every watched server, or only for one server or resource group.',
          },
          {
            usage: 'unwatch [server or resource group]',
            description: 'Stop posting approval cards here (all of them, or only that filter).',
          },
          { usage: 'watching', description: 'List what this conversation is watching.' },
          { usage: 'pending', description: 'Show the open approval requests, with their cards.' },
          {
            usage: 'status',
            description: 'Show a server and its private endpoint connections as Azure reports them now.',
          },
          {
            usage: 'history [server]',
            description: 'Show recent decisions and refusals from the audit log.',
          },
          {
            usage: 'connect [factory server]',
            description:
              'Connect a data factory to a PostgreSQL server over Private Link, step by step (also "new connection").',
          },
          { usage: 'cancel', description: 'Stop your connection flow in this chat.' },
          { usage: 'flows (or status)', description: 'Show your connection flows in progress.' },
        ],
        environmentNote: '',
      }),
    },
    {
      name: 'welcome',
      template: 'welcome',
      attachment: renderCard('welcome', { environmentNote: '' }),
    },
    {
      name: 'fact-list',
      template: 'fact-list',
      attachment: renderFactListCard(
        'pg-orders',
        'Public access, TLS required. 2 private endpoint connections.',
        [
          {
            heading: 'adf-contoso-mpe-pg-orders.5f0c6a2e',
            facts: [
              ['Status', 'Pending'],
              ['Private endpoint', 'adf-contoso.mpe-pg-orders'],
              ['Asked by', 'Riley Requester (through this bot)'],
            ],
          },
          {
            heading: 'adf-legacy-mpe-pg-orders.0b7e91c4',
            facts: [
              ['Status', 'Approved'],
              ['Private endpoint', 'adf-legacy.mpe-pg-orders'],
              ['Decided', 'by Morgan Dba, 2026-02-27 16:02 UTC'],
            ],
          },
        ],
      ),
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Teams-like look: Teams' light-theme host config values and a message frame around each card.
// ---------------------------------------------------------------------------------------------------------------

const FONT =
  "'Segoe UI', 'Segoe UI Web (West European)', -apple-system, 'Helvetica Neue', 'Liberation Sans', Arial, sans-serif";

function foreground(): Record<string, { default: string; subtle: string }> {
  return {
    default: { default: '#ff252424', subtle: '#bf252424' },
    dark: { default: '#252424', subtle: '#bf252424' },
    light: { default: '#ffffff', subtle: '#fff3f2f1' },
    accent: { default: '#6264a7', subtle: '#8b8cc7' },
    good: { default: '#92c353', subtle: '#e592c353' },
    warning: { default: '#f8d22a', subtle: '#e5f8d22a' },
    attention: { default: '#c4314b', subtle: '#e5c4314b' },
  };
}

/**
 * Teams' light-theme host config values, as Microsoft's Agents Playground renders cards with them (colors, font
 * sizes and weights, spacing, fact sets); PAGE_CSS adds the look of Teams' buttons and inputs.
 */
const HOST_CONFIG = {
  supportsInteractivity: true,
  fontFamily: FONT,
  spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#EEEEEE' },
  fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 200, default: 400, bolder: 600 },
  imageSizes: { small: 32, medium: 52, large: 100 },
  containerStyles: {
    default: { foregroundColors: foreground(), backgroundColor: '#ffffff' },
    emphasis: { foregroundColors: foreground(), backgroundColor: '#fff9f8f7' },
  },
  actions: {
    maxActions: 6,
    spacing: 'default',
    buttonSpacing: 8,
    showCard: { actionMode: 'Inline', inlineTopMargin: 16, style: 'emphasis' },
    actionsOrientation: 'Horizontal',
    actionAlignment: 'Left',
    allowButtonsToWrap: true,
  },
  adaptiveCard: { allowCustomStyle: false },
  textStyles: { heading: { fontType: 'Default', size: 'Medium', weight: 'Bolder', color: 'Default' } },
  inputs: { label: { inputSpacing: 'small', requiredInputs: { suffix: ' *' }, optionalInputs: {} } },
  factSet: {
    title: {
      size: 'Default',
      color: 'Default',
      isSubtle: false,
      weight: 'Bolder',
      wrap: true,
      maxWidth: 190,
    },
    value: { size: 'Default', color: 'Default', isSubtle: false, weight: 'Default', wrap: true },
    spacing: 16,
  },
};

const PAGE_CSS = `
  html, body { margin: 0; background: #f5f5f5; font-family: ${FONT}; -webkit-font-smoothing: antialiased; }
  #shot { display: inline-flex; gap: 10px; padding: 16px 20px 18px 16px; background: #f5f5f5; }
  .avatar { width: 32px; height: 32px; border-radius: 50%; background: #c5cbfa; color: #3d3e78; font-size: 12px;
    font-weight: 600; display: flex; align-items: center; justify-content: center; flex: none; }
  .meta { font-size: 12px; color: #616161; margin: 2px 0 6px; }
  .meta b { color: #242424; font-weight: 600; margin-right: 8px; }
  .bubble { width: ${CARD_WIDTH}px; background: #fff; border-radius: 6px; overflow: hidden;
    box-shadow: 0 1px 2px rgba(0,0,0,.14), 0 0 2px rgba(0,0,0,.12); }
  .ac-adaptiveCard { outline: none; }
  .ac-textBlock p { margin: 0; }
  /* Teams lays a FactSet out as two columns: titles as wide as they need up to a limit, then the values. */
  .ac-factset { display: grid !important; grid-template-columns: fit-content(190px) 1fr; gap: 6px 16px; }
  .ac-factset tbody, .ac-factset tr { display: contents; }
  .ac-factset td:not(.ac-fact-title):not(.ac-fact-value) { display: none; }
  .ac-factset td.ac-fact-title { max-width: none !important; }
  .ac-textBlock p + p { margin-top: 6px; }
  .ac-pushButton { font-family: ${FONT}; font-size: 14px; font-weight: 600; min-height: 32px; padding: 4px 12px;
    border: 1px solid #d1d1d1; border-radius: 4px; background: #fff; color: #242424; cursor: pointer;
    overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .ac-pushButton.style-positive { background: #5b5fc7; border-color: #5b5fc7; color: #fff; }
  .ac-pushButton.style-destructive { background: #fff; border-color: #d1d1d1; color: #c4314b; }
  .ac-input { font-family: ${FONT}; font-size: 14px; color: #242424; }
  .ac-textInput, .ac-multichoiceInput { box-sizing: border-box; width: 100%; padding: 6px 10px; min-height: 32px;
    border: 1px solid #d1d1d1; border-bottom-color: #616161; border-radius: 4px; background: #fff;
    font-family: ${FONT}; font-size: 14px; }
  .ac-textInput.ac-multiline { min-height: 64px; resize: none; }
  .ac-textInput::placeholder { color: #707070; }
  .ac-inputLabel, .ac-input-label { font-size: 14px; color: #242424; }
`;

/** Runs in the page (plain JS: the project's TS has no DOM types). Renders one card into #card. */
const PAGE_SCRIPT = `
  const md = window.markdownit({ html: false, linkify: false, breaks: false, typographer: false });
  AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = md.render(text);
    result.didProcess = true;
  };
  window.drawCard = (payload, hostConfig, meta) => {
    document.getElementById('meta').innerHTML = meta;
    const target = document.getElementById('card');
    target.replaceChildren();
    const card = new AdaptiveCards.AdaptiveCard();
    card.hostConfig = new AdaptiveCards.HostConfig(hostConfig);
    const errors = [];
    const context = new AdaptiveCards.SerializationContext();
    card.parse(payload, context);
    for (let i = 0; i < context.eventCount; i++) errors.push(context.getEventAt(i).message);
    for (const e of card.validateProperties().validationEvents) errors.push(e.message);
    const element = card.render();
    if (!element) return { errors: errors.concat(['the renderer produced nothing']) };
    target.appendChild(element);
    return { errors };
  };
`;

interface DrawResult {
  errors: string[];
}
type DrawCard = (payload: unknown, hostConfig: unknown, meta: string) => DrawResult;

// ---------------------------------------------------------------------------------------------------------------

function allSamples(): Sample[] {
  return [...approvalSamples(), ...connectSamples(), ...otherSamples()];
}

function checkCoverage(samples: readonly Sample[]): void {
  const templates = readdirSync(CARDS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => basename(f, '.json'));
  const missing = templates.filter((t) => !samples.some((s) => s.template === t));
  if (missing.length > 0)
    throw new Error(
      `no sample for card template(s): ${missing.join(', ')} — add one in scripts/render-cards.ts`,
    );
}

async function main(): Promise<void> {
  const samples = allSamples();
  checkCoverage(samples);
  mkdirSync(OUT_DIR, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'render-cards-'));
  let context: BrowserContext | undefined;
  try {
    context = await launchChromium(profile, {
      viewport: { width: CARD_WIDTH + 120, height: 800 },
      deviceScaleFactor: SCALE,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    // Nothing in the page may reach the network: the renderer and markdown-it are loaded from node_modules.
    await page.route(/^https?:/, (route) => route.abort());
    await page.setContent(
      `<!doctype html><html><head><meta charset="utf-8"><style>${PAGE_CSS}</style></head><body>` +
        `<div id="shot"><div class="avatar">PL</div><div><div class="meta" id="meta"></div>` +
        `<div class="bubble" id="card"></div></div></div></body></html>`,
    );
    await page.addScriptTag({
      path: join(ROOT, 'node_modules/markdown-it/dist/browser/markdown-it.umd.min.js'),
    });
    await page.addScriptTag({ path: join(ROOT, 'node_modules/adaptivecards/dist/adaptivecards.min.js') });
    await page.addScriptTag({ content: PAGE_SCRIPT });

    let problems = 0;
    for (const sample of samples) {
      const result = await page.evaluate(
        ([payload, hostConfig, meta]) =>
          (globalThis as unknown as { drawCard: DrawCard }).drawCard(payload, hostConfig, meta),
        [sample.attachment.content, HOST_CONFIG, '<b>PL Approvals</b>9:26 AM'] as const,
      );
      if (result.errors.length > 0) {
        problems += 1;
        console.error(`${sample.name}: ${result.errors.join('; ')}`);
      }
      const file = join(OUT_DIR, `${sample.name}.png`);
      await page.locator('#shot').screenshot({ path: file, animations: 'disabled', timeout: 10_000 });
      const kb = Math.round(statSync(file).size / 1024);
      console.log(`${relative(ROOT, file)}  (${sample.template}, ${kb} KB)`);
    }
    if (problems > 0) throw new Error(`${problems} card(s) failed the renderer's validation`);
  } finally {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
  }
  writeFileSync(
    join(OUT_DIR, 'README.md'),
    '# Card pictures\n\nGenerated by `npm run cards:render` (scripts/render-cards.ts) from the templates in ' +
      '`cards/` with sample data, drawn by the Adaptive Cards 3.x renderer in headless Chromium with a Teams-like ' +
      'host config. Do not edit by hand: change the card or the sample, then run the script again.\n',
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
