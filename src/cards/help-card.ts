import type { Attachment } from 'botbuilder';
import { renderCard } from './render';

/** One row of the help card; the command router supplies them, so a new command adds its own row. */
export interface HelpCommandRow {
  usage: string;
  description: string;
}

export interface HelpCardData {
  title: string;
  summary: string;
  commands: HelpCommandRow[];
  /** Shown small at the bottom, e.g. that Azure is simulated; empty string hides it. */
  environmentNote: string;
}

export function renderHelpCard(data: HelpCardData): Attachment {
  return renderCard('help', data);
}
