import type { TurnContext } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from '../dialogs';
import type { FactoryRef } from '../../domain/resource-ids';
import {
  AskDialog,
  acceptsSuggestion,
  answerText,
  pickChoice,
  type AskOptions,
  type Reading,
} from '../ask-dialog';
import { stepLabel } from '../flow-types';
import { draftOf, next, troubleText, type StepDeps } from '../step-kit';
import type { Answer } from '../turn-keys';
import { checkLinkedServiceName, suggestLinkedServiceName } from '../validation';
import type { ExistingLinkedService } from '../connect-service';

export const NAME_STEP = 'connect.name';
const STEPS = `${NAME_STEP}.steps`;
const ASK_NAME = 'connect.name.ask';
const ASK_REPLACE = 'connect.name.replace';

interface NameContext {
  factory: FactoryRef;
  suggestion: string;
}

/** What the name question found: the name, and the AzurePostgreSql linked service that already has it (if any). */
interface NameAnswer {
  name: string;
  existing?: ExistingLinkedService;
}

const REPLACE_CHOICES = [
  { value: 'replace', title: 'Replace it' },
  { value: 'another', title: 'Choose another name' },
];

/**
 * Step 7: the linked service's name, checked against Data Factory's rules. A name taken by another type of linked
 * service (a Key Vault link, a storage account, ...) is refused: the flow never replaces those. An existing
 * AzurePostgreSql one is replaced only on a yes, after saying which datasets use it and whether this bot made it.
 */
export class NameStep extends ComponentDialog {
  constructor(private readonly deps: StepDeps) {
    super(NAME_STEP);
    this.addDialog(new AskDialog<NameAnswer, NameContext>(ASK_NAME, (a, o, t) => this.readName(a, o, t)));
    this.addDialog(new AskDialog<string, undefined>(ASK_REPLACE, readReplace));
    this.addDialog(
      new WaterfallDialog(STEPS, [(s) => this.askName(s), (s) => this.askReplace(s), (s) => this.finish(s)]),
    );
    this.initialDialogId = STEPS;
  }

  private askName(step: WaterfallStepContext) {
    const draft = draftOf(step);
    const suggestion = suggestLinkedServiceName(draft.server!.serverName, draft.database!);
    const options: AskOptions<NameContext> = {
      flowId: draft.flowId,
      label: 'Linked service',
      context: { factory: draft.factory!, suggestion },
      card: {
        kind: 'question',
        question: {
          step: stepLabel(7),
          title: 'What should the linked service be called?',
          text: 'Letters, digits and underscores, starting with a letter (Data Factory allows no dashes here). Keep my suggestion or type another.',
          input: { label: 'Linked service name', value: suggestion },
        },
      },
    };
    return step.beginDialog(ASK_NAME, options);
  }

  private askReplace(step: WaterfallStepContext) {
    const answer = step.result as NameAnswer;
    (step.values as { answer?: NameAnswer }).answer = answer;
    if (!answer.existing) return step.next('new');
    const draft = draftOf(step);
    const options: AskOptions<undefined> = {
      flowId: draft.flowId,
      label: 'Existing linked service',
      context: undefined,
      card: {
        kind: 'question',
        question: {
          step: stepLabel(7),
          title: `${answer.name} already exists in ${draft.factory!.factoryName}`,
          text: replaceText(answer.existing),
          choices: REPLACE_CHOICES,
        },
      },
    };
    return step.beginDialog(ASK_REPLACE, options);
  }

  private finish(step: WaterfallStepContext) {
    if (step.result === 'another') return step.replaceDialog(STEPS, step.options);
    const answer = (step.values as { answer: NameAnswer }).answer;
    return next(step, { linkedService: answer.name, replaces: step.result === 'replace' });
  }

  private async readName(
    answer: Answer,
    options: AskOptions<NameContext>,
    turn: TurnContext,
  ): Promise<Reading<NameAnswer>> {
    const raw = acceptsSuggestion(answer) ? options.context.suggestion : answerText(answer);
    const checked = checkLinkedServiceName(raw);
    if (!checked.ok) return checked;
    try {
      const { factory } = options.context;
      const existing = await this.deps.services.for(turn).existingLinkedService(factory, checked.value);
      if (existing && !existing.usedBy) {
        return {
          ok: false,
          reason: `${existing.name} is already a linked service of type ${existing.type} in ${factory.factoryName}, and I only ever replace AzurePostgreSql ones. Choose another name.`,
        };
      }
      const value: NameAnswer = existing ? { name: existing.name, existing } : { name: checked.value };
      return { ok: true, value, shown: value.name };
    } catch (error) {
      return {
        ok: false,
        reason: `I could not check whether ${checked.value} exists: ${troubleText(error)} Try again.`,
      };
    }
  }
}

function replaceText(existing: ExistingLinkedService): string {
  const origin = existing.mark
    ? `This bot created it for ${existing.mark.forName} on ${existing.mark.on}.`
    : 'It was not created by this bot.';
  const used = existing.usedBy?.length
    ? `Datasets using it: ${existing.usedBy.join(', ')}; replacing it changes them and every pipeline that uses them.`
    : 'No dataset uses it.';
  return `It is an AzurePostgreSql linked service. ${origin} ${used}`;
}

async function readReplace(answer: Answer): Promise<Reading<string>> {
  const { choice } = pickChoice(answer, REPLACE_CHOICES);
  if (choice) return { ok: true, value: choice.value, shown: choice.title };
  return { ok: false, reason: 'Answer "Replace it" or "Choose another name".' };
}
