import type { DialogTurnResult, WaterfallStepContext } from '../dialogs';
import type { QuestionChoice } from '../../cards/connect-question-card';
import type { StoredTestOutcome } from '../../store';
import { AskDialog, notAChoice, pickChoice, type AskOptions, type Reading } from '../ask-dialog';
import { stepLabel, type StepResult } from '../flow-types';
import { draftOf, markStep, type StepDeps } from '../step-kit';
import type { Answer } from '../turn-keys';

/** What the requester may do after a failed connection test; every other answer of the flow is kept. */
export type AfterFailure = 'database' | 'sign-in' | 'test' | 'stop';

const CHOICES: ReadonlyArray<QuestionChoice & { value: AfterFailure }> = [
  { value: 'database', title: 'Change the database' },
  { value: 'sign-in', title: 'Change the user or secret' },
  { value: 'test', title: 'Try again' },
  { value: 'stop', title: 'Leave it as it is' },
];

export function afterFailureDialog(id: string): AskDialog<AfterFailure, undefined> {
  return new AskDialog<AfterFailure, undefined>(id, readChoice);
}

/** Asks what to change; the flow waits in "asking" again, so a restart does not report the old test a second time. */
export async function askAfterFailure(
  step: WaterfallStepContext,
  deps: StepDeps,
  id: string,
  outcome: StoredTestOutcome,
): Promise<DialogTurnResult> {
  const draft = draftOf(step);
  await markStep(deps, draft.flowId, 'The connection test failed: what to change');
  const created = outcome.status !== 'create-failed';
  const options: AskOptions<undefined> = {
    flowId: draft.flowId,
    label: 'Next',
    context: undefined,
    card: {
      kind: 'question',
      question: {
        step: stepLabel(8),
        title: 'What would you like to change?',
        text:
          `Everything else you answered stays as it is: ${draft.factory!.factoryName}, ${draft.server!.serverName}, ` +
          `${draft.runtime}, the endpoint ${draft.endpoint}, the encryption and the name ${draft.linkedService}.` +
          (created ? ` The linked service stays in ${draft.factory!.factoryName} as it was created.` : ''),
        facts: [
          { title: 'Database', value: draft.database ?? '' },
          { title: 'User', value: draft.username ?? '' },
        ],
        choices: [...CHOICES],
      },
    },
  };
  return step.beginDialog(id, options);
}

/** How "Leave it as it is" ends the flow: with the failed test, as history tells it. */
export function stopAfterFailure(outcome: StoredTestOutcome | undefined): StepResult {
  return { stop: `test failed: ${outcome?.status ?? 'unknown'}` };
}

async function readChoice(answer: Answer): Promise<Reading<AfterFailure>> {
  const { choice } = pickChoice(answer, CHOICES);
  const picked = CHOICES.find((c) => c.value === choice?.value);
  if (picked) return { ok: true, value: picked.value, shown: picked.title };
  return notAChoice(CHOICES.map((c) => c.title));
}
