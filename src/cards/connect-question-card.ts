import type { Attachment } from 'botbuilder';
import { escapeMarkdown } from './escape';
import { renderCard } from './render';

/** One of the answers a question offers; `value` is what comes back in the tap (and what may be typed). */
export interface QuestionChoice {
  value: string;
  title: string;
}

export interface QuestionFact {
  title: string;
  value: string;
}

/**
 * A question of the guided flow, as plain data: it is kept in the dialog state so the same card can be shown
 * again with an error after a wrong answer. Nothing in it is escaped yet; the renderer does that once.
 */
export interface QuestionCard {
  /** e.g. "Step 2 of 8 · Server". */
  step: string;
  title: string;
  text?: string;
  facts?: QuestionFact[];
  /** Shown below the question, e.g. servers that cannot be chosen and why. */
  notesHeading?: string;
  notes?: QuestionFact[];
  choices?: QuestionChoice[];
  /** A free-text answer (also accepted as a chat message). */
  input?: { label: string; placeholder?: string; value?: string };
  submitTitle?: string;
}

export interface QuestionContext {
  flowId: string;
  /** Identifies this asking of this question: a tap on an older card carries another token and is refused. */
  token: string;
  error?: string;
}

/** A handful of choices are buttons (one tap); more become a compact list with one "Next" button. */
const MAX_BUTTONS = 5;

export function renderQuestionCard(card: QuestionCard, context: QuestionContext): Attachment {
  const choices = card.choices ?? [];
  const asList = choices.length > MAX_BUTTONS;
  // With choices too, the field takes an answer that is not among them (another database than those listed).
  const showInput = card.input !== undefined;
  const facts = (list: QuestionFact[] | undefined) =>
    (list ?? []).map((f) => ({ title: escapeMarkdown(f.title), value: escapeMarkdown(f.value || '—') }));
  return renderCard('connect-question', {
    flowId: context.flowId,
    token: context.token,
    step: escapeMarkdown(card.step),
    title: escapeMarkdown(card.title),
    text: escapeMarkdown(card.text ?? ''),
    facts: facts(card.facts),
    notesHeading: escapeMarkdown(card.notesHeading ?? ''),
    notes: facts(card.notes),
    errorText: escapeMarkdown(context.error ?? ''),
    // Button titles and list entries are plain text in Adaptive Cards: no markdown, so no escaping.
    buttons: asList ? [] : choices,
    showList: asList,
    listLabel: card.title,
    listDefault: asList ? (choices[0]?.value ?? '') : '',
    listChoices: asList ? choices : [],
    showInput,
    inputLabel: card.input?.label ?? '',
    inputPlaceholder: card.input?.placeholder ?? '',
    inputValue: card.input?.value ?? '',
    showSubmit: asList || showInput,
    submitTitle: card.submitTitle ?? 'Next',
  });
}
