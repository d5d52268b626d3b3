import type { Attachment } from 'botbuilder';
import { portalUrl, serverId } from '../domain/resource-ids';
import type { ApprovalRequest } from '../store/request-records';
import { displayName } from '../text/user-text';
import { isExpiry } from '../approvals/expiry';
import type { Duration } from '../config/request-timer-settings';
import { escapeMarkdown } from './escape';
import { renderCard } from './render';
import { shortName } from './short-name';

/**
 * The status line sits in a container of the host's semantic style (a tinted band in Teams' light and dark themes,
 * a bordered one in high contrast) with default-coloured text: coloured TEXT such as Warning yellow or Good green
 * on a white card is far below WCAG's 4.5:1 (test/unit/cards/contrast.test.ts measures every card and theme).
 */
type StatusStyle = 'default' | 'emphasis' | 'good' | 'warning' | 'attention' | 'accent';

export interface ApprovalCardData {
  requestId: string;
  statusText: string;
  statusStyle: StatusStyle;
  /** Already escaped: FactSet values render markdown. Long names are shortened here... */
  facts: Array<{ title: string; value: string }>;
  /** ...and given in full in a section "Show full names" opens (empty: nothing was shortened). Escaped too. */
  fullNames: Array<{ title: string; value: string }>;
  /** Shown in a TextRun, which renders no markdown, so it stays as Azure or the requester wrote it. */
  description: string;
  errorText: string;
  /** Why this person's tap did nothing (their view only), in a red band; '' for none. Already escaped. */
  refusalText: string;
  /** What they had typed as the reason, given back in the input so a refusal does not lose it. */
  reasonValue: string;
  /** Teams user ids that get their own view when they open the card (the requester); [] leaves `refresh` out. */
  refreshUserIds: string[];
  showActions: boolean;
  portalUrl: string;
}

/**
 * Whose view of the card this is. The shared card (no view) is what everyone in the conversation sees; a view is
 * an invoke answer for one person only: the requester's own view has no buttons, and a refused tap shows why.
 */
export interface ApprovalCardView {
  forRequester?: boolean;
  refusal?: string;
  typedReason?: string;
}

/** How to render: for whom (a view), and with EXPIRE_AFTER the line saying when the bot will reject it. */
export interface ApprovalCardOptions extends ApprovalCardView {
  expireAfter?: Duration;
}

/** The verb of the card's `refresh` action (cards/approval-request.json), answered by the refresh card action. */
export const REFRESH_VERB = 'approval.refresh';
/** The reason input's maxLength in the template. */
const REASON_INPUT_MAX = 500;

/**
 * The approval card for a request in any state; every copy, everywhere, is rendered from the stored request.
 * Times relative to `now` ("asked 2 h ago", "expires in 3 h") are as of this rendering: every update renders again.
 */
export function renderApprovalCard(
  request: ApprovalRequest,
  now: Date,
  tenantId?: string,
  options: ApprovalCardOptions = {},
): Attachment {
  return renderCard('approval-request', approvalCardData(request, now, tenantId, options));
}

export function approvalCardData(
  request: ApprovalRequest,
  now: Date,
  tenantId?: string,
  options: ApprovalCardOptions = {},
): ApprovalCardData {
  const actionable = request.status === 'pending' || request.status === 'failed';
  const { statusText, statusStyle } =
    options.forRequester && actionable ? requesterStatus(request) : status(request);
  const requesterTeamsId = request.requester?.teamsUserId;
  const long: Array<[string, string]> = [
    ['Connection', request.connectionName],
    ['Private endpoint', lastSegment(request.privateEndpointId)],
  ];
  const escaped = ([title, value]: [string, string]) => ({ title, value: escapeMarkdown(value || '—') });
  return {
    requestId: request.id,
    statusText: escapeMarkdown(statusText),
    statusStyle,
    facts: (
      [
        ['Server', request.server.serverName],
        ['Resource group', request.server.resourceGroup],
        ['Subscription', request.server.subscriptionId],
        ...long.map(([title, value]): [string, string] => [title, shortName(value)]),
        ['Asked by', askedBy(request)],
        ['Asked', `${ago(request.firstSeenAt, now)} (${utc(request.firstSeenAt)})`],
        ...expiryFact(request, now, actionable ? options.expireAfter : undefined),
      ] as Array<[string, string]>
    ).map(escaped),
    fullNames: long.filter(([, value]) => shortName(value) !== value).map(escaped),
    description: request.description || '(no message)',
    errorText:
      request.status === 'failed' && request.lastError
        ? escapeMarkdown(`Azure did not complete the last attempt: ${request.lastError}`)
        : '',
    refusalText: escapeMarkdown(options.refusal ?? ''),
    reasonValue: (options.typedReason ?? '').slice(0, REASON_INPUT_MAX),
    // While someone may still decide, the requester's own refresh answers with their view (no buttons).
    refreshUserIds: actionable && requesterTeamsId ? [requesterTeamsId] : [],
    showActions: actionable && !options.forRequester,
    portalUrl: portalUrl(serverId(request.server), tenantId),
  };
}

function status(request: ApprovalRequest): { statusText: string; statusStyle: StatusStyle } {
  const d = request.decision;
  const who = d?.by?.name ? displayName(d.by.name) : 'an approver';
  const because = d?.reason ? ` — ${d.reason}` : '';
  const when = d?.decidedAt ? ` at ${utc(d.decidedAt)}` : '';
  switch (request.status) {
    case 'pending':
      return { statusText: 'Waiting for a decision', statusStyle: 'warning' };
    case 'deciding':
      return {
        statusText: `${d?.decision === 'Rejected' ? 'Rejecting' : 'Approving'}… by ${who}`,
        statusStyle: 'accent',
      };
    case 'approved':
      return { statusText: `Approved by ${who}${when}${because}`, statusStyle: 'good' };
    case 'rejected':
      return { statusText: `Rejected by ${who}${when}${because}`, statusStyle: 'attention' };
    case 'failed':
      return {
        statusText: 'Not decided yet: the last attempt failed, you can try again',
        statusStyle: 'attention',
      };
    case 'decided-elsewhere':
      return {
        statusText: `${d?.decision ?? 'Decided'} outside Teams${when}${because}`,
        statusStyle: d?.decision === 'Approved' ? 'good' : 'emphasis',
      };
    case 'gone':
      return { statusText: 'The connection no longer exists (deleted or replaced)', statusStyle: 'default' };
  }
}

/** While undecided: when the bot rejects it (not after an expiry Azure refused: the error line says why). */
function expiryFact(
  request: ApprovalRequest,
  now: Date,
  after: Duration | undefined,
): Array<[string, string]> {
  if (!after || isExpiry(request)) return [];
  const at = new Date(request.firstSeenAt.getTime() + after.ms);
  const when = at > now ? `${until(at, now)} (${utc(at)})` : 'now';
  return [['Expires', `${when}, unless someone decides first (EXPIRE_AFTER ${after.text})`]];
}

/** The requester cannot decide their own request: their view says what they are waiting for. */
function requesterStatus(request: ApprovalRequest): { statusText: string; statusStyle: StatusStyle } {
  const failed = request.status === 'failed' ? ' (the last attempt failed)' : '';
  return { statusText: `Waiting for another approver${failed}`, statusStyle: 'warning' };
}

function askedBy(request: ApprovalRequest): string {
  if (request.requester) return `${displayName(request.requester.name)} (through this bot)`;
  const f = request.factoryEndpoint;
  if (f) return `Data Factory ${f.factoryName}, managed private endpoint ${f.managedPrivateEndpointName}`;
  return 'Unknown (created outside the bot)';
}

function lastSegment(id: string): string {
  return id.split('/').filter(Boolean).pop() ?? id;
}

export function utc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The other direction of `ago`: "in 5 min", "in 3 h", "in 2 days". */
export function until(then: Date, now: Date): string {
  const minutes = Math.max(0, Math.round((then.getTime() - now.getTime()) / 60_000));
  if (minutes < 1) return 'in under a minute';
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `in ${hours} h` : `in ${Math.round(hours / 24)} days`;
}

export function ago(then: Date, now: Date): string {
  const minutes = Math.max(0, Math.round((now.getTime() - then.getTime()) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}
