import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { InteractiveAuthoring } from '../../azure/gateway';
import { AskDialog, pickChoice, type AskOptions, type Reading } from '../ask-dialog';
import { stepLabel } from '../flow-types';
import {
  draftOf,
  next,
  say,
  stopFlow,
  stopOnAzureError,
  troubleText,
  valuesOf,
  type StepDeps,
} from '../step-kit';
import type { Answer } from '../turn-keys';

export const RUNTIME_STEP = 'connect.runtime';
const ASK_RUNTIME = 'connect.runtime.ask';
const ASK_AUTHORING = 'connect.runtime.authoring';

const AUTHORING_CHOICES = [
  { value: 'enable', title: 'Turn it on' },
  { value: 'stop', title: 'Not now' },
];

/**
 * Step 3: the managed-VNet Azure integration runtime the linked service connects via (asked only when there is a
 * choice), and interactive authoring on it, which the connection test needs: turned on only with consent.
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
      runtimes = await this.deps.service.managedVnetRuntimes(draft.factory!);
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
      authoring = await this.deps.service.interactiveAuthoring(draft.factory!, runtime);
    } catch (error) {
      return stopOnAzureError(step, this.deps.logger, `read the status of ${runtime}`, error);
    }
    // 'Unknown': Azure does not document where the status is reported; the test itself will tell.
    if (authoring !== 'Disabled') return next(step, { runtime });
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
            `Testing the connection at the end runs through ${runtime} and needs interactive authoring. ` +
            `Turn it on now? It switches itself off after ${this.deps.settings.authoringMinutes} minutes without use.`,
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
      return stopFlow(
        step,
        `Without interactive authoring I cannot test the connection. Say connect again when you want to go on; nothing was created.`,
        'interactive authoring declined',
      );
    }
    try {
      await this.deps.service.enableInteractiveAuthoring(
        draft.factory!,
        runtime,
        this.deps.settings.authoringMinutes,
      );
    } catch (error) {
      this.deps.logger.warn({ err: error, flowId: draft.flowId }, 'enabling interactive authoring failed');
      return stopFlow(
        step,
        `Azure did not turn on interactive authoring on ${runtime}: ${troubleText(error)} Nothing else was changed.`,
        'interactive authoring failed',
      );
    }
    await say(step.context, `Interactive authoring is on for ${runtime}.`);
    return next(step, { runtime });
  }
}

async function readRuntime(answer: Answer, options: AskOptions<string[]>): Promise<Reading<string>> {
  const { choice, raw } = pickChoice(
    answer,
    options.context.map((r) => ({ value: r, title: r })),
  );
  if (choice) return { ok: true, value: choice.value, shown: choice.title };
  return {
    ok: false,
    reason: `"${raw}" is not one of the runtimes in the managed virtual network: ${options.context.join(', ')}.`,
  };
}

async function readAuthoring(answer: Answer): Promise<Reading<string>> {
  const { choice } = pickChoice(answer, AUTHORING_CHOICES);
  if (choice) return { ok: true, value: choice.value, shown: choice.title };
  return { ok: false, reason: 'Answer "Turn it on" or "Not now".' };
}
