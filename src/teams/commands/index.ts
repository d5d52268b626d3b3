import type { Logger } from '../../logger';
import { CommandRouter } from '../command-router';
import { createHelpCommand } from './help';

/** Everything the chat commands need; grows as commands are added (services, store, ...). */
export interface CommandDeps {
  logger: Logger;
  environmentNote: string;
}

/** The one place where chat commands are registered. Unknown text gets the help card. */
export function createCommandRouter(deps: CommandDeps): CommandRouter {
  const router = new CommandRouter('help', deps.logger);
  router.register(
    createHelpCommand({ listCommands: () => router.list(), environmentNote: deps.environmentNote }),
  );
  return router;
}
