import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from '../dialogs';
import type { InteractiveAuthoring } from '../../azure/gateway';
import { AskDialog, notAChoice, pickChoice, type AskOptions, type Reading } from '../ask-dialog';
import { stepLabel } from '../flow-types';
import { draftOf, next, say, stopFlow, stopOnAzureError, valuesOf, type StepDeps } from '../step-kit';
import type { Answer } from '../turn-keys';

export const RUNTIME_STEP = 'connect.runtime';
const ASK_RUNTIME = 'connect.runtime.ask';
const ASK_AUTHORING = 'connect.runtime.authoring';

const AUTHORING_CHOICES = [
  { value: 'enable', title: 'Turn it on' },
  { value: 'skip', title: 'Not now' },
];

/** Off, or on its way off: worth offering. Enabling/Enabled need nothing; Unknown is not guessed at. */
const OFFER_AUTHORING: ReadonlySet<InteractiveAuthoring> = new Set(['Disabled', 'Disabling']);

/**
 * Step 3: the managed-VNet Azure integration runtime the linked service connects via (asked only when there is a
 * choice), and interactive authoring on it. The bot's own connection test is a pipeline run (pipeline compute) and
 * does not need it, but Data Factory Studio's Test connection and data preview through this runtime do, so it is
 * offered, and turned on only with consent; "Not now" goes on without it.
 */
export class RuntimeStep extends ComponentDialog {
  constructor(private readonly deps: StepDeps) {
    super(RUNTIME_STEP);
    this.addDialog(new AskDialog<string, string[]>(ASK_RUNTIME, readRuntime));
    this.addDialog(new AskDialog<string, undefined>(ASK_AUTHORING, readAuthoring));
    this.addDialog(
      new WaterfallDialog(`${RUNTIME_STEP}.steps`, [
        (s) => this.askRuntime(s),
        (s) => this.checkAuthoring(s),
        (s) => this.applyConsent(s),
      ]),
    );
    this.initialDialogId = `${RUNTIME_STEP}.steps`;
  }

  private async askRuntime(step: WaterfallStepContext) {
    const draft = draftOf(step);
    let runtimes: string[];
    try {
      runtimes = await this.deps.services.for(step.context).managedVnetRuntimes(draft.factory!);
    } catch (error) {
      return stopOnAzureError(step, this.deps.logger, 'list the integration runtimes', error);
    }
    if (runtimes.length === 0) {
      return stopFlow(
        step,
        `${draft.factory!.factoryName} has no Azure integration runtime inside its managed virtual network any more. Say connect again once it has one.`,
        'no managed-VNet runtime',
      );
    }
    if (runtimes.length === 1) {
      await say(
        step.context,
        `${stepLabel(3)}: ${runtimes[0]}, the only one in ${draft.factory!.factoryName}'s managed virtual network.`,
      );
      return step.next(runtimes[0]);
    }
    const options: AskOptions<string[]> = {
      flowId: draft.flowId,
      label: 'Integration runtime',
      context: runtimes,
      card: {
        kind: 'question',
        question: {
          step: stepLabel(3),
          title: 'Which integration runtime should the linked service connect via?',
          text: `These Azure integration runtimes run inside ${draft.factory!.factoryName}'s managed virtual network.`,
          choices: runtimes.map((r) => ({ value: r, title: r })),
        },
      },
    };
    return step.beginDialog(ASK_RUNTIME, options);
  }

  private async checkAuthoring(step: WaterfallStepContext) {
    const draft = draftOf(step);
    const runtime = step.result as string;
    valuesOf(step)['runtime'] = runtime;
    let authoring: InteractiveAuthoring;
    try {
      authoring = await this.deps.services.for(step.context).interactiveAuthoring(draft.factory!, runtime);
    } catch (error) {
      return stopOnAzureError(step, this.deps.logger, `read the status of ${runtime}`, error);
    }
    if (!OFFER_AUTHORING.has(authoring)) return next(step, { runtime });
    const options: AskOptions<undefined> = {
      flowId: draft.flowId,
      label: 'Interactive authoring',
      context: undefined,
      card: {
        kind: 'question',
        question: {
          step: stepLabel(3),
          title: `Interactive authoring is off on ${runtime}`,
          text:
            `Test connection and data preview in Data Factory Studio run through ${runtime} and need interactive ` +
            `authoring; the bot's own test at the end does not. Turn it on now? It switches itself off after ` +
            `${this.deps.settings.authoringMinutes} minutes without use.`,
          choices: AUTHORING_CHOICES,
        },
      },
    };
    return step.beginDialog(ASK_AUTHORING, options);
  }

  private async applyConsent(step: WaterfallStepContext) {
    const draft = draftOf(step);
    const runtime = valuesOf(step)['runtime'] as string;
    if (step.result !== 'enable') {
      await say(
        step.context,
        `Interactive authoring stays off on ${runtime}; you can turn it on later in Data Factory Studio (Manage → Integration runtimes).`,
      );
      return next(step, { runtime });
    }
    this.deps.services
      .for(step.context)
      .startInteractiveAuthoring(draft.factory!, runtime, this.deps.settings.authoringMinutes);
    await say(
      step.context,
      `Turning on interactive authoring on ${runtime}; Azure takes a minute or two, and the next steps do not wait for it.`,
    );
    return next(step, { runtime });
  }
}

async function readRuntime(answer: Answer, options: AskOptions<string[]>): Promise<Reading<string>> {
  const { choice } = pickChoice(
    answer,
    options.context.map((r) => ({ value: r, title: r })),
  );
  if (choice) return { ok: true, value: choice.value, shown: choice.title };
  return notAChoice(options.context);
}

async function readAuthoring(answer: Answer): Promise<Reading<string>> {
  const { choice } = pickChoice(answer, AUTHORING_CHOICES);
  if (choice) return { ok: true, value: choice.value, shown: choice.title };
  return { ok: false, reason: 'Answer "Turn it on" or "Not now".' };
}
