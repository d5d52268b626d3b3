import type { DialogTurnResult, WaterfallStepContext } from '../dialogs';
import type { QuestionChoice } from '../../cards/connect-question-card';
import { AskDialog, answerText, pickChoice, type AskOptions, type Reading } from '../ask-dialog';
import { stepLabel } from '../flow-types';
import { draftOf, type StepDeps } from '../step-kit';
import type { Answer } from '../turn-keys';
import { checkDatabaseName } from '../validation';

/**
 * "Which database?": the server's databases as Azure lists them (Databases - List By Server), to tap, and a text
 * field for any other name, which is also all there is when Azure could not be read. A typed name is checked like
 * any other (reserved and system names are refused); a database missing on the server shows in the test.
 */
export function databaseDialog(id: string): AskDialog<string, string[]> {
  return new AskDialog<string, string[]>(id, readDatabase);
}

export async function askDatabase(
  step: WaterfallStepContext,
  deps: StepDeps,
  id: string,
): Promise<DialogTurnResult> {
  const draft = draftOf(step);
  const server = draft.server!.serverName;
  const names = await deps.services.for(step.context).databaseNames(draft.server!);
  const offered = names ?? [];
  const text =
    names === undefined
      ? `I could not read the databases of ${server} from Azure; type the name of the database.`
      : offered.length === 0
        ? `${server} has no databases besides the system ones; type the name of the database.`
        : `The databases on ${server}, as Azure lists them. Pick one, or type another name.`;
  const options: AskOptions<string[]> = {
    flowId: draft.flowId,
    label: 'Database',
    context: offered,
    card: {
      kind: 'question',
      question: {
        step: stepLabel(5),
        title: 'Which database should the linked service open?',
        text,
        choices: offered.map((name): QuestionChoice => ({ value: name, title: name })),
        input: {
          label: offered.length > 0 ? 'Or another database' : 'Database name',
          placeholder: offered[0] ? `e.g. ${offered[0]}` : 'Database name',
        },
      },
    },
  };
  return step.beginDialog(id, options);
}

async function readDatabase(answer: Answer, options: AskOptions<string[]>): Promise<Reading<string>> {
  const offered = options.context.map((name) => ({ value: name, title: name }));
  const { choice } = pickChoice(answer, offered);
  if (choice) return { ok: true, value: choice.value, shown: choice.title };
  const checked = checkDatabaseName(answerText(answer));
  return checked.ok ? { ok: true, value: checked.value, shown: checked.value } : checked;
}
