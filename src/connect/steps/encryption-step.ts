import type { TurnContext } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from '../dialogs';
import type { SslMode } from '../../azure/gateway';
import type { ServerRef } from '../../domain/resource-ids';
import { AskDialog, notAChoice, pickChoice, type AskOptions, type Reading } from '../ask-dialog';
import {
  ENCRYPTION_OPTIONS,
  judgeEncryption,
  needsTransportSetting,
  type EncryptionChoice,
} from '../encryption-policy';
import { stepLabel } from '../flow-types';
import { draftOf, next, type StepDeps } from '../step-kit';
import type { Answer } from '../turn-keys';

export const ENCRYPTION_STEP = 'connect.encryption';
const STEPS = `${ENCRYPTION_STEP}.steps`;
const ASK_MODE = 'connect.encryption.mode';
const ASK_CONFIRM = 'connect.encryption.confirm';

type ModeAnswer = { sslMode: SslMode; warning?: string };

const CONFIRM_CHOICES = [
  { value: 'confirm', title: 'Yes, no encryption' },
  { value: 'again', title: 'Choose again' },
];

/**
 * Step 6: encryption. "No encryption" against a server that enforces TLS is refused and asked again (the linked
 * service would never connect); against one that does not, it needs an explicit yes after a warning.
 */
export class EncryptionStep extends ComponentDialog {
  constructor(private readonly deps: StepDeps) {
    super(ENCRYPTION_STEP);
    this.addDialog(new AskDialog<ModeAnswer, ServerRef>(ASK_MODE, (a, o, t) => this.readMode(a, o, t)));
    this.addDialog(new AskDialog<string, undefined>(ASK_CONFIRM, readConfirm));
    this.addDialog(
      new WaterfallDialog(STEPS, [(s) => this.askMode(s), (s) => this.confirm(s), (s) => this.finish(s)]),
    );
    this.initialDialogId = STEPS;
  }

  private askMode(step: WaterfallStepContext) {
    const draft = draftOf(step);
    const options: AskOptions<ServerRef> = {
      flowId: draft.flowId,
      label: 'Encryption',
      context: draft.server!,
      card: {
        kind: 'question',
        question: {
          step: stepLabel(6),
          title: 'How should the connection be encrypted?',
          facts: ENCRYPTION_OPTIONS.map((o) => ({ title: o.title, value: o.description })),
          choices: ENCRYPTION_OPTIONS.map((o) => ({ value: o.choice, title: o.title })),
        },
      },
    };
    return step.beginDialog(ASK_MODE, options);
  }

  private confirm(step: WaterfallStepContext) {
    const answer = step.result as ModeAnswer;
    (step.values as { mode?: ModeAnswer }).mode = answer;
    if (!answer.warning) return step.next('confirm');
    const options: AskOptions<undefined> = {
      flowId: draftOf(step).flowId,
      label: 'No encryption',
      context: undefined,
      card: {
        kind: 'question',
        question: {
          step: stepLabel(6),
          title: 'Really without encryption?',
          text: answer.warning,
          choices: CONFIRM_CHOICES,
        },
      },
    };
    return step.beginDialog(ASK_CONFIRM, options);
  }

  private finish(step: WaterfallStepContext) {
    if (step.result === 'again') return step.replaceDialog(STEPS, step.options);
    const mode = (step.values as { mode: ModeAnswer }).mode;
    return next(step, { sslMode: mode.sslMode });
  }

  /** Reads the server's require_secure_transport only when the answer is "No encryption" (a read, never a write). */
  private async readMode(
    answer: Answer,
    options: AskOptions<ServerRef>,
    turn: TurnContext,
  ): Promise<Reading<ModeAnswer>> {
    const { choice } = pickChoice(
      answer,
      ENCRYPTION_OPTIONS.map((o) => ({ value: o.choice, title: o.title })),
    );
    if (!choice) return notAChoice(ENCRYPTION_OPTIONS.map((o) => o.title));
    const wanted = choice.value as EncryptionChoice;
    const server = options.context;
    const secure = needsTransportSetting(wanted)
      ? await this.deps.services.for(turn).requiresSecureTransport(server)
      : undefined;
    const verdict = judgeEncryption(wanted, server.serverName, secure);
    switch (verdict.kind) {
      case 'refuse':
        return { ok: false, reason: verdict.reason };
      case 'confirm':
        return {
          ok: true,
          value: { sslMode: verdict.sslMode, warning: verdict.warning },
          shown: choice.title,
        };
      case 'accept':
        return { ok: true, value: { sslMode: verdict.sslMode }, shown: choice.title };
    }
  }
}

async function readConfirm(answer: Answer): Promise<Reading<string>> {
  const { choice } = pickChoice(answer, CONFIRM_CHOICES);
  if (choice) return { ok: true, value: choice.value, shown: choice.title };
  return { ok: false, reason: 'Answer "Yes, no encryption" or "Choose again".' };
}
