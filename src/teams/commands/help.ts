import type { Attachment } from 'botbuilder';
import { renderHelpCard, type HelpCardData } from '../../cards/help-card';
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
  const rendered = new RenderedHelp();
  return {
    name: 'help',
    usage: 'help',
    description: 'Show what I can do and the commands I understand.',
    async handle({ turn }) {
      const commands = deps.listCommands().map((c) => ({ usage: c.usage, description: c.description }));
      await turn.sendActivity({ attachments: [rendered.of(commands, deps.environmentNote)] });
    },
  };
}

/**
 * The help card for a command list, rendered once and copied for each answer: template expansion was about a third
 * of the CPU a `help` cost (profile of the scale bench's throughput rounds), and the card only changes with the list.
 * A copy per answer, so nothing downstream can change the next person's card.
 */
class RenderedHelp {
  private key = '';
  private json = '';

  of(commands: HelpCardData['commands'], environmentNote: string): Attachment {
    const key = JSON.stringify([commands, environmentNote]);
    if (key !== this.key) {
      this.json = JSON.stringify(
        renderHelpCard({ title: TITLE, summary: SUMMARY, commands, environmentNote }),
      );
      this.key = key;
    }
    return JSON.parse(this.json) as Attachment;
  }
}
