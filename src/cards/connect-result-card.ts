import type { Attachment } from 'botbuilder';
import { escapeMarkdown } from './escape';
import { renderCard } from './render';

export interface ResultCardData {
  ok: boolean;
  title: string;
  summary: string;
  facts: Array<{ title: string; value: string }>;
  /** Azure's own words, shown in a TextRun: no markdown, so nothing in it can become a link. */
  azureMessage?: string;
  hint?: string;
}

/** Longer Azure messages are cut: the card must stay far below Teams' size limit. */
const MAX_MESSAGE = 2000;

export function renderResultCard(data: ResultCardData): Attachment {
  const message = data.azureMessage ?? '';
  return renderCard('connect-result', {
    title: escapeMarkdown(data.title),
    // A tinted band with default text, not coloured text: see approval-card.ts on contrast.
    style: data.ok ? 'good' : 'attention',
    summary: escapeMarkdown(data.summary),
    facts: data.facts.map((f) => ({ title: escapeMarkdown(f.title), value: escapeMarkdown(f.value || '—') })),
    azureMessage: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message,
    hint: escapeMarkdown(data.hint ?? ''),
  });
}
