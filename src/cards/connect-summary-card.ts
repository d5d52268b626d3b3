import type { Attachment } from 'botbuilder';
import { escapeMarkdown } from './escape';
import { renderCard } from './render';

export interface SummaryCardData {
  step: string;
  text: string;
  facts: Array<{ title: string; value: string }>;
  /** Shows the masked password field: only when the requester chose to type a password. */
  askPassword: boolean;
  username: string;
  flowId: string;
  token: string;
  error?: string;
}

/** Everything chosen, and Create and test. The password field is `style: password` and never prefilled. */
export function renderSummaryCard(data: SummaryCardData): Attachment {
  return renderCard('connect-summary', {
    step: escapeMarkdown(data.step),
    text: escapeMarkdown(data.text),
    facts: data.facts.map((f) => ({ title: escapeMarkdown(f.title), value: escapeMarkdown(f.value || '—') })),
    askPassword: data.askPassword,
    passwordLabel: `Password of ${data.username}`,
    errorText: escapeMarkdown(data.error ?? ''),
    flowId: data.flowId,
    token: data.token,
  });
}
