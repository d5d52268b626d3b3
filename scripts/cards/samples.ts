import { readdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Attachment } from 'botbuilder';
import { renderApprovalCard, type ApprovalCardView } from '../../src/cards/approval-card';
import { renderAnsweredCard } from '../../src/cards/connect-answered-card';
import { renderProgressCard } from '../../src/cards/connect-progress-card';
import { renderQuestionCard } from '../../src/cards/connect-question-card';
import { renderResultCard } from '../../src/cards/connect-result-card';
import { renderSummaryCard } from '../../src/cards/connect-summary-card';
import { renderFactListCard } from '../../src/cards/fact-list-card';
import { renderHelpCard } from '../../src/cards/help-card';
import { renderCard } from '../../src/cards/render';
import { renderRequestsSummaryCard } from '../../src/cards/requests-summary-card';
import { sslModeTitle } from '../../src/connect/encryption-policy';
import { stepLabel } from '../../src/connect/flow-types';
import type { ApprovalRequest } from '../../src/store/request-records';
import type { AuditEntry } from '../../src/store/tracking-records';
import { describeHistoryEntry } from '../../src/teams/commands/history-lines';

/**
 * Every card template in cards/, expanded by the product's own typed renderers with realistic sample data (the
 * sandbox world's names, fixed times): what `npm run cards:render` draws and what the contrast test checks.
 */

const CARDS_DIR = resolve(__dirname, '..', '..', 'cards');

export interface Sample {
  /** File name in docs/cards/<theme>/, without .png. */
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
  states.push([
    'approval-decided-elsewhere',
    {
      ...pending,
      status: 'decided-elsewhere',
      decision: {
        decision: 'Approved',
        reason: 'Approved in the portal by the DBA on call',
        decidedAt: DECIDED,
      },
    },
  ]);
  const shared = states.map(([name, request]) => ({
    name,
    template: 'approval-request',
    attachment: renderApprovalCard(request, NOW, TENANT),
  }));
  // EXPIRE_AFTER on: the card says when the bot will reject it.
  const expiring = {
    name: 'approval-pending-expires',
    template: 'approval-request',
    attachment: renderApprovalCard(pending, NOW, TENANT, { expireAfter: { ms: 2 * 86_400_000, text: '2d' } }),
  };
  return [...shared, expiring, ...personalApprovalSamples(pending)];
}

/** Views of the approval card for one person only: the requester's own, and the answers to refused taps. */
function personalApprovalSamples(pending: ApprovalRequest): Sample[] {
  const views: Array<[string, ApprovalCardView]> = [
    ['approval-requester-view', { forRequester: true }],
    [
      'approval-refused-self',
      {
        forRequester: true,
        refusal: 'You asked for this connection, so another approver must decide.',
        typedReason: 'Needed for the orders pipeline',
      },
    ],
    [
      'approval-refused-no-reason',
      { refusal: 'Please give a reason for rejecting, so the requester knows what to change.' },
    ],
  ];
  const withTeamsId = { ...pending, requester: { ...RILEY, teamsUserId: '29:riley-requester' } };
  return views.map(([name, view]) => ({
    name,
    template: 'approval-request',
    attachment: renderApprovalCard(withTeamsId, NOW, TENANT, view),
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
      name: 'connect-question-database',
      template: 'connect-question',
      attachment: renderQuestionCard(
        {
          step: stepLabel(5),
          title: 'Which database should the linked service open?',
          text: 'The databases on pg-orders, as Azure lists them. Pick one, or type another name.',
          choices: ['orders', 'postgres'].map((name) => ({ value: name, title: name })),
          input: { label: 'Or another database', placeholder: 'e.g. orders' },
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
      name: 'connect-answered-stale',
      template: 'connect-answered',
      attachment: renderAnsweredCard(
        'Connection flow',
        'Status',
        'cancelled by the requester',
        'This connection flow has ended. Say connect to start a new one.',
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

/** `history`: the lines people read, made by the product's own describer from audit entries. */
function historySample(): Sample {
  const pending = pendingRequest();
  const server = pending.server;
  const entries: AuditEntry[] = [
    {
      seq: 3,
      at: DECIDED,
      action: 'connect-flow',
      actor: RILEY,
      server,
      stateAfter: 'finished',
      reason: 'connection successful',
      detail: 'factory adf-contoso, endpoint mpe-pg-orders, linked service ls_pg_orders',
    },
    {
      seq: 2,
      at: DECIDED,
      action: 'approve',
      actor: AVERY,
      server,
      reason: 'Orders pipeline, ticket DP-1432',
    },
    {
      seq: 1,
      at: SEEN,
      action: 'refused',
      actor: RILEY,
      server,
      detail: 'self-approval: tried to approve',
    },
  ];
  const facts = entries.map((e): [string, string] => [
    `${e.at.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    describeHistoryEntry(e, pending),
  ]);
  return {
    name: 'fact-list-history',
    template: 'fact-list',
    attachment: renderFactListCard('History of pg-orders', '', [{ heading: 'Most recent first', facts }]),
  };
}

/** A burst: 14 new requests on 5 servers (pg-orders and 4 shards), one with its requester known (through the bot). */
function requestsSummarySample(): Sample {
  const pending = pendingRequest();
  const requests = Array.from({ length: 14 }, (_, i): ApprovalRequest => {
    if (i === 0) return pending;
    const serverName = `pg-shard-${String(i % 4).padStart(2, '0')}`;
    const endpoint = `pe-migration-${String(i).padStart(2, '0')}`;
    return {
      ...pending,
      id: `req-${String(i).padStart(20, '0')}`,
      server: { ...pending.server, serverName },
      connectionName: `${endpoint}.0c1d2e3f-4a5b-4c6d-8e7f-${String(i).padStart(12, '0')}`,
      privateEndpointId: `/subscriptions/${SUB}/resourceGroups/rg-apps/providers/Microsoft.Network/privateEndpoints/${endpoint}`,
      requester: undefined,
    };
  });
  return {
    name: 'requests-summary',
    template: 'requests-summary',
    attachment: renderRequestsSummaryCard(requests, '19:approvers@thread.tacv2'),
  };
}

export function allSamples(): Sample[] {
  return [
    ...approvalSamples(),
    ...connectSamples(),
    ...otherSamples(),
    historySample(),
    requestsSummarySample(),
  ];
}

export function checkCoverage(samples: readonly Sample[]): void {
  const templates = readdirSync(CARDS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => basename(f, '.json'));
  const missing = templates.filter((t) => !samples.some((s) => s.template === t));
  if (missing.length > 0)
    throw new Error(
      `no sample for card template(s): ${missing.join(', ')} — add one in scripts/render-cards.ts`,
    );
}
