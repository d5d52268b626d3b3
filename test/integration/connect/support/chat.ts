import type { Activity, ChannelAccount, ConversationAccount } from 'botbuilder';
import { TENANT } from './fixtures';
import type { FlowWorld } from './flow-world';
import { cardActions } from '../../../helpers/teams-activities';

interface CardAction {
  type?: string;
  title?: string;
  verb?: string;
  data?: Record<string, unknown>;
}

interface FoundCard {
  activityId: string;
  content: Record<string, unknown>;
}

const BOT: ChannelAccount = { id: '28:pl-bot', name: 'PL Bot' };

/**
 * One person in one conversation, talking to the bot the way Teams delivers it: messages, and taps on the
 * latest card that offers a button, with the card's inputs merged into the action data (prefilled values included,
 * as Teams sends them). A tap's card answer replaces that card, as it does in Teams for the tapping user.
 */
export class Chat {
  private counter = 0;
  private readonly replaced = new Map<string, Record<string, unknown>>();

  constructor(
    readonly world: FlowWorld,
    readonly user: ChannelAccount & { aadObjectId: string },
    readonly conversation: ConversationAccount = {
      id: `a:personal-${user.id}`,
      conversationType: 'personal',
      isGroup: false,
      tenantId: TENANT,
      name: '',
    },
  ) {}

  async say(text: string): Promise<void> {
    await this.world.deliver({ ...this.base(), type: 'message', text });
  }

  /** Taps the button titled `title` on the newest card that has it; `inputs` are what the person typed or picked. */
  async tap(title: string, inputs: Record<string, string> = {}): Promise<void> {
    const { card, action } = this.findAction(title);
    const data = { ...(action.data ?? {}), ...inputValues(card.content), ...inputs };
    const mark = this.world.adapter.said.length;
    await this.world.deliver({
      ...this.base(),
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: card.activityId,
      value: {
        action: { type: 'Action.Execute', id: `a${this.counter}`, verb: action.verb, data },
        trigger: 'manual',
      },
    });
    const reply = this.world.adapter.said.slice(mark).find((s) => s.kind === 'invoke-reply');
    const body = (reply?.activity.value as { body?: { type?: string; value?: unknown } } | undefined)?.body;
    if (body?.type === 'application/vnd.microsoft.card.adaptive')
      this.replaced.set(card.activityId, body.value as Record<string, unknown>);
  }

  private base(): Partial<Activity> {
    this.counter++;
    return {
      id: `${this.user.id}-${this.counter}-${Date.now()}`,
      channelId: 'msteams',
      serviceUrl: 'https://smba.example.test/teams/',
      from: this.user,
      recipient: BOT,
      conversation: this.conversation,
      channelData: { tenant: { id: TENANT } },
    };
  }

  private findAction(title: string): { card: FoundCard; action: CardAction } {
    const cards = this.world.adapter.said
      .filter((s) => s.kind !== 'invoke-reply' && s.conversationId === this.conversation.id && s.activity.id)
      .map((s): FoundCard | undefined => {
        const content = s.activity.attachments?.[0]?.content as Record<string, unknown> | undefined;
        return content
          ? { activityId: s.activity.id!, content: this.replaced.get(s.activity.id!) ?? content }
          : undefined;
      })
      .filter((c): c is FoundCard => c !== undefined)
      .reverse();
    // Updates replace earlier versions of the same activity: the newest version of each card counts.
    const seen = new Set<string>();
    for (const card of cards) {
      if (seen.has(card.activityId)) continue;
      seen.add(card.activityId);
      const action = (cardActions(card.content) as unknown as CardAction[]).find((a) => a.title === title);
      if (action) return { card, action };
    }
    throw new Error(`no card with a "${title}" button in ${this.conversation.id}`);
  }
}

/** The values of a card's inputs (ids → prefilled value), as Teams merges them into the action data. */
export function inputValues(card: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n['type'] === 'string' && n['type'].startsWith('Input.') && typeof n['id'] === 'string') {
      values[n['id']] = typeof n['value'] === 'string' ? n['value'] : '';
    }
    Object.values(n).forEach(visit);
  };
  visit(card['body']);
  return values;
}
