import type { EndpointProgress } from './endpoint-progress';

/** What the requester is told about their endpoint while the flow waits for it, and when the wait ends. */
export interface EndpointSubject {
  endpoint: string;
  factory: string;
  server: string;
}

const by = (name?: string): string => (name ? ` by ${name}` : '');

/** Said once the flow starts waiting: what happened, who was asked, and that the bot will come back. */
export function waitingText(
  s: EndpointSubject,
  created: boolean,
  progress: EndpointProgress,
  approverConversations: readonly string[],
): string {
  const first = created
    ? `I created the managed private endpoint ${s.endpoint} from ${s.factory} to ${s.server}.`
    : `The private endpoint ${s.endpoint} is not usable yet.`;
  if (progress.state === 'approved-syncing') {
    return `${first} It is approved on ${s.server}; Data Factory notices that a few minutes later. I will message you here as soon as it does.`;
  }
  const who =
    approverConversations.length > 0
      ? `I asked the approvers of ${s.server} in ${approverConversations.join(', ')}; their card names you as the requester.`
      : `No Teams channel watches ${s.server} with this bot, so ask the server's owner to approve it (Azure portal → ${s.server} → Networking → Private endpoint connections).`;
  return `${first} The server's owner must approve it before Data Factory can use it. ${who} I will message you here when it is approved and Data Factory sees it; you can leave this chat meanwhile (say status to see your flows).`;
}

export function stillWaitingText(s: EndpointSubject): string {
  return `I am still waiting until the private endpoint ${s.endpoint} to ${s.server} is approved and Data Factory sees it; I will message you here then. Say status to see where it is, or cancel to stop.`;
}

/** When the wait ends: the text, and whether the flow goes on. */
export function settledText(
  s: EndpointSubject,
  progress: EndpointProgress,
): { text: string; goOn: boolean; outcome: string } {
  switch (progress.state) {
    case 'ready':
      return {
        goOn: true,
        outcome: 'approved',
        text: `The private endpoint ${s.endpoint} to ${s.server} is approved${by(progress.by)} and Data Factory sees it. Let's go on.`,
      };
    case 'rejected':
      return {
        goOn: false,
        outcome: 'endpoint rejected',
        text: `The private endpoint ${s.endpoint} to ${s.server} was rejected${by(progress.by)}. Reason: ${progress.reason}. I stopped here; talk to the server's owner, then say connect to try again.`,
      };
    case 'failed':
      return {
        goOn: false,
        outcome: 'endpoint failed',
        text: `The private endpoint ${s.endpoint} cannot be used: ${progress.reason}`,
      };
    case 'gone':
      return {
        goOn: false,
        outcome: 'endpoint deleted',
        text: `The private endpoint ${s.endpoint} no longer exists in ${s.factory}. Say connect to start again.`,
      };
    default:
      return { goOn: true, outcome: 'waiting', text: '' };
  }
}
