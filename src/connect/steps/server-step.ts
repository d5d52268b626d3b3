import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from '../dialogs';
import { AskDialog, pickChoice, type AskOptions, type Reading } from '../ask-dialog';
import { choicesOf, judgeName } from '../choosing';
import type { Choices, ServerOption } from '../connect-service';
import { stepLabel } from '../flow-types';
import { draftOf, next, say, stopFlow, stopOnAzureError, type StepDeps } from '../step-kit';
import type { Answer } from '../turn-keys';

export const SERVER_STEP = 'connect.server';
const ASK = 'connect.server.ask';

/** Step 2: the PostgreSQL flexible server; VNet-integrated ones are listed as not eligible, with the reason. */
export class ServerStep extends ComponentDialog {
  constructor(private readonly deps: StepDeps) {
    super(SERVER_STEP);
    this.addDialog(new AskDialog<ServerOption, Choices<ServerOption>>(ASK, readServer));
    this.addDialog(
      new WaterfallDialog(`${SERVER_STEP}.steps`, [
        (s) => this.ask(s),
        (s) => {
          const server = s.result as ServerOption;
          return next(s, { server: server.ref, host: server.host });
        },
      ]),
    );
    this.initialDialogId = `${SERVER_STEP}.steps`;
  }

  private async ask(step: WaterfallStepContext) {
    const draft = draftOf(step);
    let choices: Choices<ServerOption>;
    try {
      choices = await this.deps.services.for(step.context).serverChoices();
    } catch (error) {
      return stopOnAzureError(step, this.deps.logger, 'list the PostgreSQL servers', error);
    }
    if (choices.eligible.length === 0) {
      const seen = choices.ineligible.map((s) => s.name).join(', ') || 'none';
      const text = `None of the PostgreSQL flexible servers I watch (${seen}) can take Private Link: it needs a server created with public access. Say connect again once there is one.`;
      return stopFlow(step, text, 'no eligible server');
    }
    let error: string | undefined;
    if (draft.preset?.server) {
      const preset = judgeName(draft.preset.server, choices, 'server');
      if (preset.ok) {
        await say(step.context, `Server: ${preset.value.name} (${preset.value.host}).`);
        return next(step, { server: preset.value.ref, host: preset.value.host });
      }
      error = preset.reason;
    }
    const options: AskOptions<Choices<ServerOption>> = {
      flowId: draft.flowId,
      label: 'Server',
      context: choices,
      ...(error ? { error } : {}),
      card: {
        kind: 'question',
        question: {
          step: stepLabel(2),
          title: 'Which PostgreSQL flexible server?',
          facts: choices.eligible.map((s) => ({ title: s.name, value: s.host })),
          choices: choicesOf(choices),
          notesHeading: 'Not eligible',
          notes: choices.ineligible.map((s) => ({ title: s.name, value: s.reason })),
        },
      },
    };
    return step.beginDialog(ASK, options);
  }
}

async function readServer(
  answer: Answer,
  options: AskOptions<Choices<ServerOption>>,
): Promise<Reading<ServerOption>> {
  const { choice, raw } = pickChoice(answer, choicesOf(options.context));
  const judged = judgeName(choice?.value ?? raw, options.context, 'server');
  return judged.ok
    ? { ok: true, value: judged.value, shown: `${judged.value.name} (${judged.value.host})` }
    : judged;
}
