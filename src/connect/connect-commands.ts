import type { BotFeature } from '../teams/bot-feature';
import type { CardAction } from '../teams/card-action-router';
import type { Command } from '../teams/command-router';
import type { ConnectEntry } from './connect-entry';

/** Verbs of every Action.Execute on the flow's cards (all prefixed `connect.`). */
export const CONNECT_VERBS = [
  'connect.choose',
  'connect.submit',
  'connect.create',
  'connect.cancel',
] as const;

/**
 * What the guided flow adds to the bot: its commands, its card verbs, and a middleware that hands a typed answer
 * to the flow waiting for it (before the message could be read as a command).
 */
export function createConnectBotFeature(entry: ConnectEntry): BotFeature {
  return {
    name: 'connect',
    commands: createConnectCommands(entry),
    cardActions: [createConnectCardAction(entry)],
    middleware: [(turn) => entry.onMessage(turn)],
  };
}

/**
 * Chat commands of the guided flow. `flows` lists the requester's flows; a bare `status` does the same (handled
 * in onMessage, so the existing `status <server>` command keeps its name).
 */
function createConnectCommands(entry: ConnectEntry): Command[] {
  return [
    {
      name: 'connect',
      usage: 'connect [factory server]',
      description:
        'Connect a data factory to a PostgreSQL server over Private Link, step by step (also "new connection").',
      handle: ({ turn, args }) => entry.start(turn, args),
    },
    {
      name: 'cancel',
      usage: 'cancel',
      description: 'Stop your connection flow in this chat.',
      handle: ({ turn }) => entry.cancel(turn),
    },
    {
      name: 'flows',
      usage: 'flows (or status)',
      description: 'Show your connection flows in progress.',
      handle: ({ turn }) => entry.showFlows(turn),
    },
  ];
}

function createConnectCardAction(entry: ConnectEntry): CardAction {
  return {
    verbs: CONNECT_VERBS,
    handle: ({ turn, data }) => entry.onTap(turn, data),
  };
}
