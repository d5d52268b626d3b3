import { TestAdapter, type Activity } from 'botbuilder';
import pino from 'pino';
import { createHelpCommand } from '../../../src/teams/commands/help';

type Row = { usage: string; description: string };

/** One help command answering on real botbuilder turns (TestAdapter); `ask()` returns what it sent. */
function helpOn(commands: Row[]): { ask: () => Promise<Partial<Activity>> } {
  const help = createHelpCommand({
    listCommands: () => commands,
    environmentNote: 'Azure is simulated here.',
  });
  const logger = pino({ level: 'silent' });
  const sent: Array<Partial<Activity>> = [];
  const adapter = new TestAdapter(async (turn) => {
    turn.onSendActivities(async (_ctx, activities, next) => {
      sent.push(...activities);
      return next();
    });
    await help.handle({ turn, args: '', logger });
  });
  return {
    ask: async () => {
      await adapter.send('help');
      return sent.at(-1)!;
    },
  };
}

const cardOf = (answer: Partial<Activity>) => answer.attachments![0]!;

describe('help', () => {
  it('lists a command registered after the first answer (the card follows the list)', async () => {
    const commands: Row[] = [{ usage: 'status <server>', description: 'One server.' }];
    const help = helpOn(commands);
    const first = JSON.stringify(cardOf(await help.ask()));
    commands.push({ usage: 'pending', description: 'Open requests.' });
    const second = JSON.stringify(cardOf(await help.ask()));
    expect(first).toContain('status <server>');
    expect(first).not.toContain('Open requests.');
    expect(second).toContain('Open requests.');
  });

  it('gives every answer a card of its own: changing one answer never changes the next', async () => {
    const help = helpOn([{ usage: 'status <server>', description: 'One server.' }]);
    const first = cardOf(await help.ask());
    (first.content as { body: unknown[] }).body.length = 0; // as if something downstream changed the card it got
    const second = cardOf(await help.ask());
    expect(second).not.toBe(first);
    expect(JSON.stringify(second)).toContain('status <server>');
  });
});
