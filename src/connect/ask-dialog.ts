import { randomBytes } from 'node:crypto';
import type { Attachment, TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from './dialogs';
import { renderAnsweredCard } from '../cards/connect-answered-card';
import { renderQuestionCard, type QuestionCard, type QuestionChoice } from '../cards/connect-question-card';
import { renderSummaryCard, type SummaryCardData } from '../cards/connect-summary-card';
import { answerOf, setReply, tapField, type Answer } from './turn-keys';
import { cleanText } from '../text/user-text';

/** The card a question is asked with: kept in dialog state (plain data), rendered again for a retry. */
export type AskCard =
  | { kind: 'question'; question: QuestionCard }
  | { kind: 'summary'; summary: Omit<SummaryCardData, 'flowId' | 'token' | 'error'> };

export interface AskOptions<C = undefined> {
  flowId: string;
  card: AskCard;
  /** For the answered card: "Factory", "Database", ... */
  label: string;
  /** What the reader needs to judge an answer (the offered choices with their Azure ids, ...). */
  context: C;
  /** Shown on the first asking already, e.g. why an answer given up front (`connect <factory> <server>`) was not taken. */
  error?: string;
}

export type Reading<T> = { ok: true; value: T; shown: string } | { ok: false; reason: string };
export type Reader<T, C> = (answer: Answer, options: AskOptions<C>, turn: TurnContext) => Promise<Reading<T>>;

interface AskState<C> {
  token: string;
  options: AskOptions<C>;
}

const STALE =
  'That question was already answered or replaced by a newer one; answer the latest card instead.';

/**
 * One question of the guided flow: sends its card, then takes an answer either as a tap on that card (matched
 * by token, so a tap on an older card changes nothing) or as a typed message. The reader validates the answer;
 * a wrong one is explained on the same question, asked again, and nothing else happens (no Azure write).
 */
export class AskDialog<T, C = undefined> extends Dialog<AskOptions<C>> {
  constructor(
    id: string,
    private readonly read: Reader<T, C>,
  ) {
    super(id);
  }

  override async beginDialog(dc: DialogContext, options?: AskOptions<C>): Promise<DialogTurnResult> {
    if (!options) throw new Error(`${this.id}: options are required`);
    const state: AskState<C> = { token: randomBytes(6).toString('hex'), options };
    Object.assign(dc.activeDialog!.state as object, state);
    await dc.context.sendActivity({ attachments: [renderAsk(state, options.error ?? '')] });
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const answer = answerOf(dc.context);
    const state = dc.activeDialog!.state as AskState<C>;
    if (!answer) return Dialog.EndOfTurn; // an event meant for a waiting flow: not an answer
    if (answer.kind === 'tap' && answer.token !== state.token) {
      setReply(dc.context, { message: STALE });
      return Dialog.EndOfTurn;
    }
    const reading = await this.read(answer, state.options, dc.context);
    if (!reading.ok) {
      const card = renderAsk(state, reading.reason);
      // A tap gets the question back in place with the reason; a typed answer gets it as a new message.
      if (answer.kind === 'tap') setReply(dc.context, { card });
      else await dc.context.sendActivity({ attachments: [card] });
      return Dialog.EndOfTurn;
    }
    if (answer.kind === 'tap') {
      setReply(dc.context, {
        card: renderAnsweredCard(stepOf(state.options.card), state.options.label, reading.shown),
      });
    }
    return dc.endDialog(reading.value);
  }

  override async repromptDialog(turn: TurnContext, instance: DialogInstance): Promise<void> {
    await turn.sendActivity({ attachments: [renderAsk(instance.state as AskState<C>, '')] });
  }
}

function renderAsk<C>(state: AskState<C>, error: string): Attachment {
  const { card, flowId } = state.options;
  if (card.kind === 'summary')
    return renderSummaryCard({ ...card.summary, flowId, token: state.token, error });
  return renderQuestionCard(card.question, { flowId, token: state.token, error });
}

function stepOf(card: AskCard): string {
  return card.kind === 'summary' ? card.summary.step : card.question.step;
}

/** The answer as text: a typed message, the card's text input, or the chosen value. */
export function answerText(answer: Answer): string {
  if (answer.kind === 'text') return cleanText(answer.text);
  return tapField(answer, 'answer') || tapField(answer, 'choice');
}

/**
 * Which offered choice an answer means: the tapped value, or typed text equal to a value or title (ignoring
 * case), or the choice's number in the list. Undefined when it matches none; `raw` is what was given.
 */
export function pickChoice(
  answer: Answer,
  choices: readonly QuestionChoice[],
): { choice?: QuestionChoice; raw: string } {
  const raw = answerText(answer);
  const wanted = raw.toLowerCase();
  const byNumber = /^\d{1,2}$/.test(raw) ? choices[Number(raw) - 1] : undefined;
  const choice =
    choices.find((c) => c.value.toLowerCase() === wanted || c.title.toLowerCase() === wanted) ??
    (answer.kind === 'text' ? byNumber : undefined);
  return choice ? { choice, raw } : { raw };
}

/**
 * The answer to a question with choices that matches none. What was given is never repeated: a person who types
 * a password where a choice was asked must not see it again in the conversation's history.
 */
export function notAChoice(titles: readonly string[]): { ok: false; reason: string } {
  return { ok: false, reason: `That isn't one of the choices. Pick one of: ${titles.join(', ')}.` };
}

/** Typed "ok"/"yes" on a question with a suggested value means "take the suggestion". */
export function acceptsSuggestion(answer: Answer): boolean {
  return answer.kind === 'text' && /^(ok|okay|yes|y|keep|use it)$/i.test(answer.text.trim());
}
