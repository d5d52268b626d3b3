import type { Attachment } from 'botbuilder';
import { escapeMarkdown } from './escape';
import { renderCard } from './render';

/**
 * What a question card turns into, for the person who answered it, once answered: the question's step and the
 * answer, without buttons, so an answered question cannot be answered twice by accident.
 */
export function renderAnsweredCard(step: string, label: string, value: string): Attachment {
  return renderCard('connect-answered', {
    step: escapeMarkdown(step),
    label: escapeMarkdown(label),
    value: escapeMarkdown(value || '—'),
  });
}
