import type { Chat } from './chat';
import { until } from './fixtures';

/** The person types this. */
export type Say = string;
/** The person taps a button (with what they typed or picked in the card's inputs). */
export interface Tap {
  tap: string;
  inputs?: Record<string, string>;
}
/** Something happens outside the chat (an approver decides, Azure changes, the bot restarts). */
export interface Happen {
  happens: string;
  run: () => Promise<void>;
}
export type Step = Say | Tap | Happen;

/** One row: what happens, and what the bot answers (every piece must appear in what it says after it). */
export type Row = [Step, string[]];

export const tap = (title: string, inputs?: Record<string, string>): Tap => ({
  tap: title,
  ...(inputs ? { inputs } : {}),
});
export const happens = (what: string, run: () => Promise<void>): Happen => ({ happens: what, run });

/**
 * Plays a conversation table: for each row, does the step, then waits (bounded) until the bot's answer since that
 * step holds every expected piece. Answers that come later (proactive messages, progress) are waited for the same
 * way, so a row reads as "[user says, bot answers]" whether the answer is immediate or not.
 */
export async function play(chat: Chat, rows: Row[], timeoutMs = 10_000): Promise<void> {
  for (const [index, [step, expected]] of rows.entries()) {
    const mark = chat.world.mark();
    if (typeof step === 'string') await chat.say(step);
    else if ('tap' in step) await chat.tap(step.tap, step.inputs);
    else await step.run();
    await until(
      () => expected.every((piece) => chat.world.transcriptSince(mark).includes(piece)),
      timeoutMs,
      () => {
        const said = chat.world.transcriptSince(mark);
        const missing = expected.filter((piece) => !said.includes(piece));
        return `row ${index + 1} (${label(step)}): missing ${JSON.stringify(missing)} in the bot's answer:\n${said || '(nothing)'}`;
      },
    );
  }
}

function label(step: Step): string {
  if (typeof step === 'string') return `says "${step}"`;
  if ('tap' in step) return `taps [${step.tap}]`;
  return step.happens;
}
