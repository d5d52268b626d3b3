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
 * Chat commands of the guided flow. `flows` lists the requester's flows; a bare `status` does the same (handled
 * in onMessage, so the existing `status <server>` command keeps its name).
 */
export function createConnectCommands(entry: ConnectEntry): Command[] {
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

export function createConnectCardAction(entry: ConnectEntry): CardAction {
  return {
    verbs: CONNECT_VERBS,
    handle: ({ turn, data }) => entry.onTap(turn, data),
  };
}
