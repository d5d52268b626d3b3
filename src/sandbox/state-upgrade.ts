import type { ConnectionProvisioningState, WorldState } from './world-state';

/**
 * Brings a world saved by an older simulator up to today's rules, so an existing DATA_DIR/sandbox-world.json keeps
 * working: values the specs do not define are replaced by the ones they do.
 */
const CONNECTION_STATES: readonly ConnectionProvisioningState[] = [
  'Succeeded',
  'Creating',
  'Deleting',
  'Failed',
];

export function upgradeState(state: WorldState): WorldState {
  for (const server of state.servers) {
    for (const connection of server.connections) {
      // Older worlds said 'Ready' (settled) or 'Updating' (decision running): both are 'Succeeded' in the spec.
      if (!CONNECTION_STATES.includes(connection.provisioningState))
        connection.provisioningState = 'Succeeded';
    }
  }
  return state;
}
