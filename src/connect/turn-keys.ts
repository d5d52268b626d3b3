import type { Attachment, TurnContext } from 'botbuilder';
import type { FlowEvent } from './flow-types';
import { cleanUnknown } from '../text/user-text';

/**
 * What one turn carries into the dialogs, in the turn's own memory (TurnContext.turnState): never stored. That
 * is how a typed password reaches the Create step without ever entering dialog state.
 */
export type Answer =
  | { kind: 'text'; text: string }
  /** A tap on a card: its verb, the token of the question it answers, and the card's data merged with its inputs. */
  | { kind: 'tap'; verb: string; token: string; data: Record<string, unknown> };

/** How an invoke is answered: a card that replaces the tapped one (for the tapper), or a short message. */
export type InvokeReply = { card: Attachment } | { message: string };

const ANSWER = Symbol('connect.answer');
const EVENT = Symbol('connect.event');
const REPLY = Symbol('connect.reply');
const CONSUMED = Symbol('connect.consumed');
const AFTER_SAVE = Symbol('connect.afterSave');

export function setAnswer(turn: TurnContext, answer: Answer): void {
  turn.turnState.set(ANSWER, answer);
}

export function answerOf(turn: TurnContext): Answer | undefined {
  return turn.turnState.get(ANSWER) as Answer | undefined;
}

export function setEvent(turn: TurnContext, event: FlowEvent): void {
  turn.turnState.set(EVENT, event);
}

export function eventOf(turn: TurnContext): FlowEvent | undefined {
  return turn.turnState.get(EVENT) as FlowEvent | undefined;
}

/** A waiting dialog took the event (so the sender need not try again). */
export function markConsumed(turn: TurnContext): void {
  turn.turnState.set(CONSUMED, true);
}

export function wasConsumed(turn: TurnContext): boolean {
  return turn.turnState.get(CONSUMED) === true;
}

export function setReply(turn: TurnContext, reply: InvokeReply): void {
  turn.turnState.set(REPLY, reply);
}

export function replyOf(turn: TurnContext): InvokeReply | undefined {
  return turn.turnState.get(REPLY) as InvokeReply | undefined;
}

/**
 * Work to start once this turn's state is saved: background jobs that will later deliver an event to the flow
 * must not be able to arrive before the flow's waiting state exists.
 */
export function afterSave(turn: TurnContext, job: () => Promise<void>): void {
  const jobs = (turn.turnState.get(AFTER_SAVE) as Array<() => Promise<void>> | undefined) ?? [];
  jobs.push(job);
  turn.turnState.set(AFTER_SAVE, jobs);
}

export function takeAfterSave(turn: TurnContext): Array<() => Promise<void>> {
  const jobs = (turn.turnState.get(AFTER_SAVE) as Array<() => Promise<void>> | undefined) ?? [];
  turn.turnState.set(AFTER_SAVE, []);
  return jobs;
}

/** A string field of a tap's data, trimmed; '' when absent or not a string (card data is never trusted). */
export function tapField(answer: Answer, field: string): string {
  if (answer.kind !== 'tap') return '';
  const value = answer.data[field];
  return cleanUnknown(value);
}
