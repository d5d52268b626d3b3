import type { Attachment } from 'botbuilder';
import { escapeMarkdown } from './escape';
import { renderCard } from './render';

export type ProgressState = 'waiting' | 'running' | 'done' | 'failed' | 'skipped';

export interface ProgressLine {
  label: string;
  state: ProgressState;
  /** e.g. "InProgress, 12 s". */
  detail?: string;
}

const STATE_TEXT: Record<ProgressState, string> = {
  waiting: '… waiting',
  running: '⏳ running',
  done: '✅ done',
  failed: '❌ failed',
  skipped: '— skipped',
};

/** The card that shows the create-and-test steps while they run; updated in place. */
export function renderProgressCard(title: string, lines: ProgressLine[], note = ''): Attachment {
  return renderCard('connect-progress', {
    title: escapeMarkdown(title),
    lines: lines.map((l) => ({
      label: escapeMarkdown(l.label),
      state: escapeMarkdown(l.detail ? `${STATE_TEXT[l.state]} (${l.detail})` : STATE_TEXT[l.state]),
    })),
    note: escapeMarkdown(note),
  });
}
