import type { Attachment } from 'botbuilder';
import { escapeMarkdown } from './escape';
import { renderCard } from './render';

/**
 * What a question card turns into, for the person who answered it, once answered: the question's step and the
 * answer, without buttons, so an answered question cannot be answered twice by accident. With `refusal`, it is
 * the answer to a tap that could not count (a card of an ended flow, or of someone else's): a red line says why.
 */
export function renderAnsweredCard(step: string, label: string, value: string, refusal = ''): Attachment {
  return renderCard('connect-answered', {
    step: escapeMarkdown(step),
    label: escapeMarkdown(label),
    value: escapeMarkdown(value || '—'),
    refusal: escapeMarkdown(refusal),
  });
}
