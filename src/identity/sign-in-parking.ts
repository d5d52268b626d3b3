import type { Storage, TurnContext } from 'botbuilder';

/** A parked message is worth replaying only shortly after it was typed. */
const PARKED_FOR_MS = 15 * 60_000;

interface Parked {
  text: string;
  parkedAt: number;
}

/**
 * The command someone gave when they had to sign in first: kept (in the bot's storage, per person and conversation)
 * so that it is handled as soon as the sign-in completes, instead of asking them to say it again. Only command text
 * the caller chooses is parked, never a free answer (which could be a secret); a card tap is resent by Teams itself
 * after its sign-in.
 */
export class SignInParking {
  constructor(
    private readonly storage: Storage,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Notes that a sign-in card was sent, with the command to handle afterwards ('' for none). */
  async park(turn: TurnContext, command = ''): Promise<void> {
    const parked: Parked = { text: command.trim(), parkedAt: this.now().getTime() };
    await this.storage.write({ [keyOf(turn)]: parked });
  }

  async has(turn: TurnContext): Promise<boolean> {
    return (await this.read(turn)) !== undefined;
  }

  /** The parked command (once), if it is still fresh; the sign-in is no longer pending afterwards. */
  async take(turn: TurnContext): Promise<string | undefined> {
    const parked = await this.read(turn);
    if (parked) await this.storage.delete([keyOf(turn)]);
    return parked?.text || undefined;
  }

  private async read(turn: TurnContext): Promise<Parked | undefined> {
    const item = (await this.storage.read([keyOf(turn)]))[keyOf(turn)] as Partial<Parked> | undefined;
    if (typeof item?.text !== 'string' || typeof item.parkedAt !== 'number') return undefined;
    return this.now().getTime() - item.parkedAt <= PARKED_FOR_MS
      ? { text: item.text, parkedAt: item.parkedAt }
      : undefined;
  }
}

function keyOf(turn: TurnContext): string {
  const a = turn.activity;
  const conversation = (a.conversation?.id ?? '').split(';')[0];
  return `signin-parked/${a.channelId ?? ''}/${conversation}/${a.from?.id ?? ''}`;
}
