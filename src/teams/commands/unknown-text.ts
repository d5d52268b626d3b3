import type { CommandContext } from '../command-router';
import { closestNames, orList } from './closest-names';

/** What people open a chat with; answered with a short hello instead of the whole help card. */
const GREETING =
  /^(hi|hello|hey|hallo|hiya|howdy|yo|good (morning|afternoon|evening)|thanks?|thank you|ty)\b[\s!.,]*$/i;

export const SHORT_HELLO =
  'Hello! The three things people ask me most: `watch` (in a channel: post approval cards there), `pending` ' +
  '(the open requests) and `connect` (link a data factory to a PostgreSQL server, step by step). `help` lists ' +
  'everything I understand.';

export interface UnknownTextDeps {
  commandNames: () => readonly string[];
  /** The full help card, for text that is neither a greeting nor close to a command. */
  showHelp: (context: CommandContext) => Promise<void>;
}

/**
 * Text that is not a command: a greeting gets a short hello, a slip of the keyboard ("pendng", "hlep") gets
 * "Did you mean `pending`?", anything else the help card. Nothing is run on a guess.
 */
export function createUnknownTextReply(deps: UnknownTextDeps) {
  return async (context: CommandContext, said: { word: string; text: string }): Promise<void> => {
    if (GREETING.test(said.text.trim())) {
      await context.turn.sendActivity(SHORT_HELLO);
      return;
    }
    const guesses = said.word ? closestNames(said.word, deps.commandNames()) : [];
    if (guesses.length > 0) {
      await context.turn.sendActivity(
        `Did you mean ${orList(guesses.map((g) => `\`${g}\``))}? Say \`help\` for everything I understand.`,
      );
      return;
    }
    await deps.showHelp(context);
  };
}
