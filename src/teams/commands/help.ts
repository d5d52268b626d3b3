import { renderHelpCard } from '../../cards/help-card';
import type { Command } from '../command-router';

export interface HelpCommandDeps {
  /** All registered commands, read at answer time so commands registered later show up too. */
  listCommands: () => readonly Pick<Command, 'usage' | 'description'>[];
  /** Shown at the bottom of the card, e.g. that Azure is simulated; '' for none. */
  environmentNote: string;
}

const TITLE = 'Private Link helper for Data Factory and PostgreSQL';
const SUMMARY =
  'I help connect Azure Data Factory to Azure Database for PostgreSQL flexible servers over Private Link: ' +
  'the managed private endpoint, its approval by the server owners, and the linked service that uses it.';

export function createHelpCommand(deps: HelpCommandDeps): Command {
  return {
    name: 'help',
    usage: 'help',
    description: 'Show what I can do and the commands I understand.',
    async handle({ turn }) {
      const commands = deps.listCommands().map((c) => ({ usage: c.usage, description: c.description }));
      const card = renderHelpCard({
        title: TITLE,
        summary: SUMMARY,
        commands,
        environmentNote: deps.environmentNote,
      });
      await turn.sendActivity({ attachments: [card] });
    },
  };
}
