import { TestAdapter, TurnContext, type AdaptiveCardInvokeValue } from 'botbuilder';
import { createLogger } from '../../../src/logger';
import { registerFeatures, type BotFeature } from '../../../src/teams/bot-feature';

const logger = createLogger({ level: 'silent' });

const IN_A_CHAT = {
  channelId: 'msteams',
  conversation: { id: 'c1' } as never,
  from: { id: 'u1', name: 'Rita' },
  recipient: { id: 'bot', name: 'Bot' },
};

function message(text: string): TurnContext {
  return new TurnContext(new TestAdapter(), { ...IN_A_CHAT, type: 'message', text });
}

function tap(verb: string): { turn: TurnContext; value: AdaptiveCardInvokeValue } {
  const value = { action: { type: 'Action.Execute', verb, data: {} } } as unknown as AdaptiveCardInvokeValue;
  const turn = new TurnContext(new TestAdapter(), {
    ...IN_A_CHAT,
    type: 'invoke',
    name: 'adaptiveCard/action',
    value,
  });
  return { turn, value };
}

/** A feature that records what reached it, and whose middleware takes messages starting with `takes`. */
function recordingFeature(name: string, seen: string[], takes?: string): BotFeature {
  return {
    name,
    commands: [
      {
        name,
        usage: name,
        description: `the ${name} command`,
        handle: async ({ args }) => void seen.push(`${name} command: ${args}`),
      },
    ],
    cardActions: [
      {
        verbs: [`${name}.tap`],
        handle: async () => {
          seen.push(`${name} verb`);
          return {
            statusCode: 200,
            type: 'application/vnd.microsoft.activity.message',
            value: 'ok' as never,
          };
        },
      },
    ],
    middleware: [
      async (turn) => {
        seen.push(`${name} middleware`);
        return takes !== undefined && (turn.activity.text ?? '').startsWith(takes);
      },
    ],
  };
}

describe('registerFeatures', () => {
  it('runs the middleware in feature order, then the command the message names', async () => {
    const seen: string[] = [];
    const behaviour = registerFeatures([recordingFeature('first', seen), recordingFeature('second', seen)], {
      logger,
      environmentNote: '',
    });
    await behaviour.onMessage(message('second with words'), 't1');
    expect(seen).toEqual(['first middleware', 'second middleware', 'second command: with words']);
  });

  it('a message taken by a middleware reaches no later middleware and no command', async () => {
    const seen: string[] = [];
    const behaviour = registerFeatures(
      [recordingFeature('first', seen, 'first'), recordingFeature('second', seen)],
      { logger, environmentNote: '' },
    );
    await behaviour.onMessage(message('first answer'), 't1');
    expect(seen).toEqual(['first middleware']);
  });

  it("hands each verb to its feature's card action", async () => {
    const seen: string[] = [];
    const behaviour = registerFeatures([recordingFeature('first', seen), recordingFeature('second', seen)], {
      logger,
      environmentNote: '',
    });
    const { turn, value } = tap('second.tap');
    const answer = await behaviour.onCardAction(turn, value, 't1');
    expect(answer.statusCode).toBe(200);
    expect(seen).toEqual(['second verb']);
  });

  it('lists help first, then every command in feature order', () => {
    const behaviour = registerFeatures([recordingFeature('first', []), recordingFeature('second', [])], {
      logger,
      environmentNote: '',
    });
    expect(behaviour.commands.list().map((c) => c.name)).toEqual(['help', 'first', 'second']);
  });

  it('refuses to start when two features claim the same command or verb', () => {
    const twice = () =>
      registerFeatures([recordingFeature('same', []), recordingFeature('same', [])], {
        logger,
        environmentNote: '',
      });
    expect(twice).toThrow('command registered twice: same');
    const verbTwice = () =>
      registerFeatures(
        [
          { name: 'a', cardActions: recordingFeature('x', []).cardActions ?? [] },
          { name: 'b', cardActions: recordingFeature('x', []).cardActions ?? [] },
        ],
        { logger, environmentNote: '' },
      );
    expect(verbTwice).toThrow('card verb registered twice: x.tap');
  });
});
