import type { ApprovalQueries } from '../../approvals/approval-queries';
import type { CommandAccess } from './command-access';
import type { Logger } from '../../logger';
import type { Store } from '../../store/store';
import type { Duration } from '../../config/request-timer-settings';
import type { ApprovalCardOptions } from '../../cards/approval-card';
import { type Command, CommandRouter } from '../command-router';
import { createHelpCommand } from './help';
import { createHistoryCommand, createPendingCommand, createStatusCommand } from './requests';
import { createUnwatchCommand, createWatchingCommand } from './subscriptions';
import { createUnknownTextReply } from './unknown-text';
import { createWatchCommand } from './watch';

/** Everything the chat commands need. Without a store (bare shell tests) only `help` is registered. */
export interface CommandDeps {
  logger: Logger;
  environmentNote: string;
  approvals?: CommandAccess & {
    store: Store;
    queries: ApprovalQueries;
    now: () => Date;
    /** ESCALATE_AFTER, when set (`watch --escalation` needs it). */
    escalateAfter?: Duration;
    /** How approval cards are rendered (EXPIRE_AFTER). */
    cardOptions?: ApprovalCardOptions;
  };
  /** Commands of other features (the guided flow), registered after the approval commands. */
  extra?: readonly Command[];
}

/**
 * The one place where chat commands are registered. Unknown text gets a short hello (greetings), "Did you mean
 * …?" (a slip of the keyboard) or the help card.
 */
export function createCommandRouter(deps: CommandDeps): CommandRouter {
  const help = createHelpCommand({
    listCommands: () => router.list(),
    environmentNote: deps.environmentNote,
  });
  const unknown = createUnknownTextReply({
    commandNames: () => router.list().map((c) => c.name),
    showHelp: (context) => help.handle(context),
  });
  const router = new CommandRouter('help', deps.logger, unknown);
  router.register(help);
  if (deps.approvals) {
    const { store } = deps.approvals;
    router
      .register(createWatchCommand(deps.approvals))
      .register(createUnwatchCommand({ store }))
      .register(createWatchingCommand({ store }))
      .register(createPendingCommand(deps.approvals))
      .register(createStatusCommand(deps.approvals))
      .register(createHistoryCommand(deps.approvals));
  }
  for (const command of deps.extra ?? []) router.register(command);
  return router;
}
