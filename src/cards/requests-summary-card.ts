import type { Attachment } from 'botbuilder';
import type { ApprovalRequest } from '../store/request-records';
import { escapeMarkdown } from './escape';
import { renderCard } from './render';
import { shortName } from './short-name';

/** The verb of a summary line's "Open card" (cards/requests-summary.json), answered by the open-request action. */
export const OPEN_REQUEST_VERB = 'approval.open';
/**
 * Lines with their own "Open card" button; the rest are counted. 40 lines stay far below Teams' message size
 * limit (about 28 KB here against render.ts' 80 KB cap) and are as many as anyone scrolls through.
 */
export const SUMMARY_LIST_MAX = 40;

/**
 * One card instead of a flood: "37 new requests on 12 servers", one line per request (server, connection, private
 * endpoint, requester when known) with a button that posts that request's own approval card in this card's thread.
 * `conversationId` is the subscription's conversation key, carried in each button so the tap finds the summary.
 */
export function renderRequestsSummaryCard(
  requests: readonly ApprovalRequest[],
  conversationId: string,
): Attachment {
  const servers = new Set(requests.map((r) => r.server.serverName.toLowerCase())).size;
  const listed = [...requests]
    .sort((a, b) =>
      `${a.server.serverName}/${a.connectionName}`.localeCompare(
        `${b.server.serverName}/${b.connectionName}`,
      ),
    )
    .slice(0, SUMMARY_LIST_MAX);
  const more = requests.length - listed.length;
  return renderCard('requests-summary', {
    title: `${requests.length} new requests on ${servers} ${servers === 1 ? 'server' : 'servers'}`,
    summary:
      'Too many at once for a card each. Open a request to get its approval card in this thread; ' +
      '`pending` lists every open request.',
    openVerb: OPEN_REQUEST_VERB,
    conversationId,
    requests: listed.map((request) => ({
      requestId: request.id,
      heading: escapeMarkdown(`${request.server.serverName} · ${shortName(request.connectionName)}`),
      detail: escapeMarkdown(detailOf(request)),
    })),
    moreText: more > 0 ? `…and ${more} more: say \`pending\` to get their cards.` : '',
  });
}

function detailOf(request: ApprovalRequest): string {
  const endpoint = request.privateEndpointId.split('/').at(-1) ?? request.privateEndpointId;
  const asker = request.requester?.name ? `asked by ${request.requester.name}` : 'requester unknown';
  return `endpoint ${shortName(endpoint)} · ${asker}`;
}
