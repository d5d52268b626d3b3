/** The requester's guided flow ("connect"): what the composition root wires. */
export {
  createConnectFeature,
  DEFAULT_CONNECT_SETTINGS,
  type ConnectFeature,
  type ConnectFeatureDeps,
  type ConnectSettings,
} from './connect-feature';
export { cloudAdapterTurns, type ProactiveTurns } from '../teams/proactive-turn';
export type { NoticePoster } from './channel-notices';
export { CONNECT_VERBS } from './connect-commands';
