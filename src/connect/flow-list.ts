import type { Attachment } from 'botbuilder';
import { ago } from '../cards/approval-card';
import { renderFactListCard, type FactSection } from '../cards/fact-list-card';
import type { ConnectFlow, FlowPhase } from '../store';

const PHASE_TEXT: Record<FlowPhase, string> = {
  asking: 'waiting for your answer',
  'waiting-approval': "waiting for the server owner's approval",
  testing: 'creating and testing the linked service',
  finished: 'finished',
  cancelled: 'cancelled',
};

/** The requester's flows in progress, for `status` / `flows`. */
export function describeFlows(flows: readonly ConnectFlow[], conversationId: string, now: Date): Attachment {
  const sections: FactSection[] = flows.map((f) => ({
    heading: `${f.factory?.factoryName ?? 'factory not chosen yet'} → ${f.server?.serverName ?? 'server not chosen yet'}`,
    facts: [
      ['Step', f.step],
      ['State', PHASE_TEXT[f.phase]],
      ...(f.endpointName ? ([['Private endpoint', f.endpointName]] as Array<[string, string]>) : []),
      ['Started', ago(f.startedAt, now)],
      [
        'Where',
        f.reference.conversation?.id === conversationId
          ? 'this chat'
          : (f.reference.conversation?.name ?? 'another chat'),
      ],
    ],
  }));
  return renderFactListCard('Your connection flows', `${flows.length} in progress.`, sections);
}
