import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import { CardActionRouter, type CardAction } from './card-action-router';
import { CommandRouter, type Command } from './command-router';
import { createHelpCommand } from './commands/help';
import { createUnknownTextReply } from './commands/unknown-text';

/**
 * Sees a chat message before it is read as a command (a guided flow waiting for a typed answer). True when it took
 * the message: then no later middleware sees it and no command runs.
 */
export type MessageMiddleware = (turn: TurnContext, tenantId: string) => Promise<boolean>;

/**
 * Everything a feature adds to the bot, declared in one object: its chat commands, its card verbs (Action.Execute)
 * and its message middleware. The composition root lists the features once, in order; `registerFeatures` wires
 * every one the same way.
 */
export interface BotFeature {
  /** Names the feature in logs. */
  name: string;
  commands?: readonly Command[];
  cardActions?: readonly CardAction[];
  middleware?: readonly MessageMiddleware[];
}

/** The bot's behaviour once every feature is registered: what the ActivityHandler hands messages and taps to. */
export interface BotBehaviour {
  readonly commands: CommandRouter;
  readonly cardActions: CardActionRouter;
  /** The middleware in feature order, then the command router if none took the message. */
  onMessage(turn: TurnContext, tenantId: string): Promise<void>;
  onCardAction(
    turn: TurnContext,
    value: AdaptiveCardInvokeValue,
    tenantId: string,
  ): Promise<AdaptiveCardInvokeResponse>;
}

export interface BehaviourOptions {
  logger: Logger;
  /** A line on the help card about where the bot runs (the sandbox says so). */
  environmentNote: string;
}

/**
 * Registers the features in the order given, after the bot's own `help`. Text that names no command gets a short
 * hello (greetings), "Did you mean …?" (a slip of the keyboard) or the help card. A command name or verb claimed
 * twice is a wiring mistake and throws at start-up.
 */
export function registerFeatures(features: readonly BotFeature[], options: BehaviourOptions): BotBehaviour {
  const help = createHelpCommand({
    listCommands: () => commands.list(),
    environmentNote: options.environmentNote,
  });
  const unknown = createUnknownTextReply({
    commandNames: () => commands.list().map((c) => c.name),
    showHelp: (context) => help.handle(context),
  });
  const commands = new CommandRouter(
    'help',
    options.logger.child({ component: 'commands' }),
    unknown,
  ).register(help);
  const cardActions = new CardActionRouter(options.logger.child({ component: 'card-actions' }));
  const middleware: MessageMiddleware[] = [];
  for (const feature of features) {
    for (const command of feature.commands ?? []) commands.register(command);
    for (const action of feature.cardActions ?? []) cardActions.register(action);
    middleware.push(...(feature.middleware ?? []));
  }
  return {
    commands,
    cardActions,
    async onMessage(turn, tenantId) {
      for (const takes of middleware) if (await takes(turn, tenantId)) return;
      await commands.route(turn);
    },
    onCardAction: (turn, value, tenantId) => cardActions.route(turn, value, tenantId),
  };
}
