import type { Attachment } from 'botbuilder';
import { escapeMarkdown } from './escape';
import { renderCard } from './render';

export interface FactSection {
  heading: string;
  facts: Array<[title: string, value: string]>;
}

/**
 * One card shape for every read-only answer (watching, status, history, pending summary): a title, a summary and
 * sections of facts. Everything is escaped here, because much of it comes from Azure or from people.
 */
export function renderFactListCard(title: string, summary: string, sections: FactSection[]): Attachment {
  return renderCard('fact-list', {
    title: escapeMarkdown(title),
    summary: escapeMarkdown(summary),
    sections: sections.map((s) => ({
      heading: escapeMarkdown(s.heading),
      facts: s.facts.map(([t, v]) => ({ title: escapeMarkdown(t), value: escapeMarkdown(v || '—') })),
    })),
  });
}
