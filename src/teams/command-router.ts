import { type TurnContext, TurnContext as Turn } from 'botbuilder';
import type { Logger } from '../logger';
import { cleanText } from '../text/user-text';

/**
 * Chat commands: one handler per command; each feature lists its commands (bot-feature.ts). The router only
 * parses; handlers call services and render cards.
 */
export interface CommandContext {
  turn: TurnContext;
  /** Everything after the command word, trimmed. */
  args: string;
  logger: Logger;
}

export interface Command {
  /** The word that selects the command, lower case. */
  name: string;
  /** As shown on the help card, e.g. `status <server>`. */
  usage: string;
  description: string;
  handle(context: CommandContext): Promise<void>;
}

export interface ParsedCommand {
  name: string;
  args: string;
}

/** `<at>Bot</at> Status  pg-orders` (mention already removed) → {name: 'status', args: 'pg-orders'}. */
export function parseCommandText(text: string): ParsedCommand {
  const cleaned = cleanText(text)
    .replace(/<at>[^<]*<\/at>/gi, ' ') // a mention of someone else, or one removeRecipientMention did not match
    .replace(/&nbsp;|\u00a0/g, ' ')
    .trim()
    .replace(/^\//, '');
  const match = /^(\S+)\s*([\s\S]*)$/.exec(cleaned);
  return match ? { name: match[1]!.toLowerCase(), args: match[2]!.trim() } : { name: '', args: '' };
}

/** Answers text that names no command; `said.word` is its first word, `said.text` the whole text. */
export type UnknownTextHandler = (
  context: CommandContext,
  said: { word: string; text: string },
) => Promise<void>;

export class CommandRouter {
  private readonly commands = new Map<string, Command>();

  /** `fallback` is the command that answers unknown text, unless an `unknown` handler is given. */
  constructor(
    private readonly fallback: string,
    private readonly logger: Logger,
    private readonly unknown?: UnknownTextHandler,
  ) {}

  register(command: Command): this {
    if (this.commands.has(command.name)) throw new Error(`command registered twice: ${command.name}`);
    this.commands.set(command.name, command);
    return this;
  }

  list(): readonly Command[] {
    return [...this.commands.values()];
  }

  async route(turn: TurnContext): Promise<void> {
    const text = Turn.removeRecipientMention(turn.activity) ?? turn.activity.text ?? '';
    const parsed = parseCommandText(text);
    const known = this.commands.get(parsed.name);
    const command = known ?? this.commands.get(this.fallback);
    if (!command) throw new Error(`fallback command not registered: ${this.fallback}`);
    const logger = this.logger.child({
      command: command.name,
      conversationId: turn.activity.conversation?.id,
    });
    logger.info({ known: Boolean(known) }, 'command received');
    if (!known && this.unknown) {
      const said = { word: parsed.name, text: `${parsed.name} ${parsed.args}`.trim() };
      await this.unknown({ turn, args: '', logger }, said);
      return;
    }
    await command.handle({ turn, args: known ? parsed.args : '', logger });
  }
}
