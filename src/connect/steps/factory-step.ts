import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from '../dialogs';
import { AskDialog, pickChoice, type AskOptions, type Reading } from '../ask-dialog';
import { choicesOf, judgeName } from '../choosing';
import type { Choices, FactoryOption } from '../connect-service';
import { stepLabel } from '../flow-types';
import { draftOf, next, say, stopFlow, stopOnAzureError, type StepDeps } from '../step-kit';
import type { Answer } from '../turn-keys';

export const FACTORY_STEP = 'connect.factory';
const ASK = 'connect.factory.ask';

const PREREQUISITE =
  "Private Link to PostgreSQL needs an Azure integration runtime inside the factory's managed virtual network. " +
  'In Data Factory Studio: Manage → Integration runtimes → New → Azure, with "Virtual network configuration" enabled ' +
  '(that also creates the managed virtual network).';

/** Step 1: the factory, among those in scope that can use Private Link. */
export class FactoryStep extends ComponentDialog {
  constructor(private readonly deps: StepDeps) {
    super(FACTORY_STEP);
    this.addDialog(new AskDialog<FactoryOption, Choices<FactoryOption>>(ASK, readFactory));
    this.addDialog(
      new WaterfallDialog(`${FACTORY_STEP}.steps`, [
        (s) => this.ask(s),
        (s) => next(s, { factory: (s.result as FactoryOption).ref }),
      ]),
    );
    this.initialDialogId = `${FACTORY_STEP}.steps`;
  }

  private async ask(step: WaterfallStepContext) {
    const draft = draftOf(step);
    let choices: Choices<FactoryOption>;
    try {
      choices = await this.deps.services.for(step.context).factoryChoices(draft.requester.aadObjectId);
    } catch (error) {
      return stopOnAzureError(step, this.deps.logger, 'list the data factories', error);
    }
    if (choices.eligible.length === 0 && choices.ineligible.length === 0) {
      // Nothing listed at all: with ACT_AS=user, Azure shows this person no factory (or none is in scope).
      const text =
        'I see no data factory you could connect from: Azure shows you none in the watched subscriptions. ' +
        'Connecting needs a role on the factory (for example Data Factory Contributor); ask its owner.';
      return stopFlow(step, text, 'no factory visible');
    }
    if (choices.eligible.length === 0) {
      const seen = choices.ineligible.map((f) => f.name).join(', ');
      const text = `None of the data factories I can see (${seen}) can use Private Link yet. ${PREREQUISITE} Then say connect again.`;
      return stopFlow(step, text, 'no eligible factory');
    }
    let error: string | undefined;
    if (draft.preset?.factory) {
      const preset = judgeName(draft.preset.factory, choices, 'factory', PREREQUISITE);
      if (preset.ok) {
        await say(step.context, `Factory: ${preset.value.name}.`);
        return next(step, { factory: preset.value.ref });
      }
      error = preset.reason;
    }
    const options: AskOptions<Choices<FactoryOption>> = {
      flowId: draft.flowId,
      label: 'Factory',
      context: choices,
      ...(error ? { error } : {}),
      card: {
        kind: 'question',
        question: {
          step: stepLabel(1),
          title: 'Which data factory should connect to PostgreSQL?',
          text: 'These factories have an Azure integration runtime inside a managed virtual network, which Private Link needs.',
          choices: choicesOf(choices),
          notesHeading: 'Not eligible',
          notes: choices.ineligible.map((f) => ({ title: f.name, value: f.reason })),
        },
      },
    };
    return step.beginDialog(ASK, options);
  }
}

async function readFactory(
  answer: Answer,
  options: AskOptions<Choices<FactoryOption>>,
): Promise<Reading<FactoryOption>> {
  const { choice, raw } = pickChoice(answer, choicesOf(options.context));
  const judged = judgeName(choice?.value ?? raw, options.context, 'factory', PREREQUISITE);
  return judged.ok ? { ok: true, value: judged.value, shown: judged.value.name } : judged;
}
