import groupChatMessage from '../../fixtures/teams/group-chat-message.json';
import { cardSchemaErrors } from '../../helpers/adaptive-card-schema';
import type { ConnectorCall } from '../../helpers/fake-teams-connector';
import { W } from '../../helpers/sandbox-azure';
import { APPROVER, cardOfCall, cardText, type TeamsAppHarness } from '../../helpers/teams-app-harness';

/** Helpers for the chat-command tests: conversations to talk in, what the bot answered there, card contents. */
export type Json = Record<string, unknown>;
type Person = typeof APPROVER;

export const TENANT = '22222222-2222-2222-2222-222222222222';
export const APPROVAL_CARD_TITLE = 'Private endpoint connection request';

/** A conversation of the sandbox tenant: its key (what subscriptions and cards are stored under) and its kind. */
export interface Place {
  key: string;
  kind: 'channel' | 'groupChat' | 'personal';
  /** A real Teams message payload in this conversation (a channel message starts a thread with a mention). */
  message(text: string, from?: Person): Json;
}

let seq = 0;
const nextId = () => `17641470${String(++seq).padStart(5, '0')}`;

/** A team channel other than the fixture's: the channel id doubles as the conversation key. */
export function channel(harness: TeamsAppHarness, channelId: string): Place {
  return {
    key: channelId,
    kind: 'channel',
    message(text, from = APPROVER) {
      const m = harness.channelMessage(text, from) as Json & { channelData: Json };
      return {
        ...m,
        conversation: { ...(m['conversation'] as Json), id: `${channelId};messageid=${String(m['id'])}` },
        channelData: { ...m.channelData, teamsChannelId: channelId, channel: { id: channelId } },
      };
    },
  };
}

/** A group chat (fixture test/fixtures/teams/group-chat-message.json): the bot is @mentioned there too. */
export function groupChat(chatId: string): Place {
  return {
    key: chatId,
    kind: 'groupChat',
    message(text, from = APPROVER) {
      const m = structuredClone(groupChatMessage) as Json & { conversation: Json };
      return {
        ...m,
        id: nextId(),
        text: `<at>PL Approvals</at> ${text}`,
        from,
        conversation: { ...m.conversation, id: chatId },
      };
    },
  };
}

/** The bot's 1:1 chat with someone: no mention. */
export function personalChat(harness: TeamsAppHarness, chatId: string): Place {
  return {
    key: chatId,
    kind: 'personal',
    message(text, from = APPROVER) {
      const m = harness.personalMessage(text, from) as Json & { conversation: Json };
      return { ...m, conversation: { ...m.conversation, id: chatId } };
    },
  };
}

/** The connector calls into one conversation (a channel's threads included). */
export function callsIn(harness: TeamsAppHarness, key: string): ConnectorCall[] {
  return harness.connector.calls.filter((c) => c.conversationId.split(';')[0] === key);
}

export interface Answer {
  status: number;
  /** What the bot sent into the conversation during the turn. */
  calls: ConnectorCall[];
  texts: string[];
  cards: Json[];
}

/**
 * Posts a message over HTTP and returns what the bot answered in that conversation. Every Adaptive Card in the
 * answer is checked against the 1.5 schema here, so no test can forget it.
 */
export async function say(harness: TeamsAppHarness, activity: Json): Promise<Answer> {
  const key = String((activity['conversation'] as Json)['id']).split(';')[0]!;
  const before = harness.connector.calls.length;
  const res = await harness.post(activity);
  const calls = harness.connector.calls
    .slice(before)
    .filter((c) => c.conversationId.split(';')[0] === key && c.kind !== 'update');
  const cards = calls.map(cardOfCall).filter((c): c is Json => c !== undefined);
  for (const card of cards) expect(cardSchemaErrors(card)).toEqual([]);
  const texts = calls.map((c) => c.body['text']).filter((t): t is string => typeof t === 'string');
  return { status: res.status, calls, texts, cards };
}

/** Approval cards posted (not updated) into a conversation. */
export function approvalCardsIn(harness: TeamsAppHarness, key: string): ConnectorCall[] {
  return callsIn(harness, key).filter(
    (c) => c.kind !== 'update' && cardText(cardOfCall(c)).includes(APPROVAL_CARD_TITLE),
  );
}

/** Every fact of a card as [title, value], markdown escapes removed. */
export function factsOf(card: Json | undefined): Array<[string, string]> {
  const facts: Array<[string, string]> = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const n = node as Json;
    if (n['type'] === 'FactSet') {
      for (const f of n['facts'] as Array<{ title: string; value: string }>)
        facts.push([unescape(f.title), unescape(f.value)]);
    }
    Object.values(n).forEach(visit);
  };
  visit(card);
  return facts;
}

/** The TextBlock texts of a card, in order, markdown escapes removed. */
export function textsOf(card: Json | undefined): string[] {
  const texts: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const n = node as Json;
    if (n['type'] === 'TextBlock' && typeof n['text'] === 'string') texts.push(unescape(n['text']));
    Object.values(n).forEach(visit);
  };
  visit(card);
  return texts;
}

/** The value of the first fact with this title. */
export function fact(card: Json | undefined, title: string): string | undefined {
  return factsOf(card).find(([t]) => t === title)?.[1];
}

/**
 * The connection an approval card is about, by its full name: the Connection fact, or where the card shortened it,
 * the full name behind "Show full names".
 */
export function connectionOf(card: Json | undefined): string | undefined {
  const body = (card?.['body'] as Json[] | undefined) ?? [];
  const full = body.find((e) => e['id'] === 'fullNames')?.['items'] as Json[] | undefined;
  const stated = full?.map((i) => unescape(String(i['text']))).find((t) => t.startsWith('Connection: '));
  return stated ? stated.slice('Connection: '.length) : fact(card, 'Connection');
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

/** A private endpoint from another subscription asks for a connection to `serverName` (manual approval path). */
export function requestConnection(
  harness: TeamsAppHarness,
  serverName: string,
  endpointName: string,
  resourceGroup: string = W.resourceGroup,
): string {
  const connection = harness.sim.world.requestConnection(
    { subscriptionId: W.subscriptionId, resourceGroup, serverName },
    {
      privateEndpointId: `/subscriptions/77777777-7777-7777-7777-777777777777/resourceGroups/rg-apps/providers/Microsoft.Network/privateEndpoints/${endpointName}`,
      requestMessage: `Please approve ${endpointName}`,
    },
  );
  return connection.name;
}
