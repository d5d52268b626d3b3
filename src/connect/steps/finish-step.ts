import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from '../dialogs';
import type { PostgresLinkedServiceSpec, SecretSource } from '../../azure/gateway';
import type { StoredTestOutcome } from '../../store';
import { AskDialog, type AskOptions, type Reading } from '../ask-dialog';
import { stepLabel, type FlowDraft, type FlowEvent, type StepResult } from '../flow-types';
import { resultCard, summaryFacts } from './finish-cards';
import { draftOf, valuesOf, type StepDeps } from '../step-kit';
import {
  afterFailureDialog,
  askAfterFailure,
  stopAfterFailure,
  type AfterFailure,
} from './after-failed-test';
import { askDatabase, databaseDialog } from './database-question';
import { SIGN_IN_STEP, SignInStep } from './sign-in-step';
import { progressCard } from '../test-progress';
import { afterSave, answerOf, type Answer } from '../turn-keys';
import { markFor } from '../linked-service-mark';
import { WaitDialog, type WaitOptions } from '../wait-dialog';

export const FINISH_STEP = 'connect.finish';
const ASK_CREATE = 'connect.finish.create';
const WAIT = 'connect.finish.wait';
const ASK_AFTER_FAILURE = 'connect.finish.after-failure';
const ASK_DATABASE = 'connect.finish.database';
const STEPS = `${FINISH_STEP}.steps`;

/**
 * Step 8: the summary with Create and test; creating and testing run in the background (an invoke must be
 * answered within seconds) while a progress card shows where they are; then the result card. A typed password is
 * read from the Create tap of this very turn and passed on in memory: it never enters dialog state.
 */
export class FinishStep extends ComponentDialog {
  constructor(private readonly deps: StepDeps) {
    super(FINISH_STEP);
    this.addDialog(new AskDialog<boolean, boolean>(ASK_CREATE, readCreate));
    this.addDialog(new WaitDialog(WAIT));
    this.addDialog(afterFailureDialog(ASK_AFTER_FAILURE));
    this.addDialog(databaseDialog(ASK_DATABASE));
    // "Change the user or secret" asks step 5 again with the database kept (it skips a known database).
    this.addDialog(new SignInStep(deps));
    this.addDialog(
      new WaterfallDialog(STEPS, [
        (s) => this.summary(s),
        (s) => this.start(s),
        (s) => this.result(s),
        (s) => this.change(s),
        (s) => this.again(s),
      ]),
    );
    this.initialDialogId = STEPS;
  }

  private summary(step: WaterfallStepContext) {
    const d = draftOf(step);
    const typed = d.signIn?.kind === 'typed';
    const options: AskOptions<boolean> = {
      flowId: d.flowId,
      label: 'Decision',
      context: typed,
      card: {
        kind: 'summary',
        summary: {
          step: stepLabel(8),
          text: `Create and test makes an AzurePostgreSql linked service (version 2.0) in ${d.factory!.factoryName} that connects via ${d.runtime}, then tests it with SELECT 1 through that runtime.`,
          facts: summaryFacts(d),
          askPassword: typed,
          username: d.username!,
        },
      },
    };
    return step.beginDialog(ASK_CREATE, options);
  }

  private async start(step: WaterfallStepContext) {
    const d = draftOf(step);
    const answer = answerOf(step.context);
    // The password lives in this turn's memory only: read here, handed to the background job, never stored.
    const secret: SecretSource =
      d.signIn?.kind === 'keyVault'
        ? { kind: 'keyVault', keyVaultLinkedService: d.signIn.store, secretName: d.signIn.secretName }
        : { kind: 'password', value: answer ? typedPassword(answer) : '' };
    const spec: PostgresLinkedServiceSpec = {
      name: d.linkedService!,
      integrationRuntime: d.runtime!,
      server: d.host!,
      port: 5432,
      database: d.database!,
      username: d.username!,
      sslMode: d.sslMode!,
      secret,
      description: `Created by the Private Link bot for ${d.requester.name}.`,
      annotations: [markFor(d.requester, new Date())],
    };
    const sent = await step.context.sendActivity({
      attachments: [progressCard(d.linkedService!, d.runtime!, { stage: 'creating' })],
    });
    await this.deps.store.connectFlows.update(d.flowId, {
      phase: 'testing',
      testOutcome: null,
      step: 'Creating and testing the linked service',
      linkedServiceName: d.linkedService!,
      factory: d.factory!,
      server: d.server!,
      runtime: d.runtime!,
      ...(d.endpoint ? { endpointName: d.endpoint } : {}),
      ...(sent?.id ? { progressActivityId: sent.id } : {}),
    });
    const acting = this.deps.services.actingOf(step.context)!;
    afterSave(step.context, () => this.deps.hooks.startTest(d.flowId, spec, acting));
    const wait: WaitOptions = {
      kind: 'test',
      stillWaiting: `I am creating and testing ${d.linkedService}; the result follows here in a moment. Say cancel to stop waiting.`,
    };
    return step.beginDialog(WAIT, wait);
  }

  private async result(step: WaterfallStepContext) {
    const d = draftOf(step);
    const event = step.result as FlowEvent;
    const outcome: StoredTestOutcome =
      event.kind === 'test' ? event.outcome : { ok: false, status: 'interrupted' };
    await step.context.sendActivity({ attachments: [resultCard(d, outcome)] });
    if (outcome.ok) {
      const result: StepResult = { stop: 'connection successful' };
      return step.endDialog(result);
    }
    valuesOf(step)['outcome'] = outcome;
    return askAfterFailure(step, this.deps, ASK_AFTER_FAILURE, outcome);
  }

  /** After a failed test: ask again only what the person wants to change, then show the summary again. */
  private async change(step: WaterfallStepContext) {
    const d = draftOf(step);
    const choice = step.result as AfterFailure;
    valuesOf(step)['change'] = choice;
    if (choice === 'stop')
      return step.endDialog(stopAfterFailure(valuesOf(step)['outcome'] as StoredTestOutcome));
    if (choice === 'test') return step.replaceDialog(STEPS, d);
    if (choice === 'database') return askDatabase(step, this.deps, ASK_DATABASE);
    const kept: FlowDraft = { ...d };
    delete kept.username;
    delete kept.signIn;
    return step.beginDialog(SIGN_IN_STEP, kept);
  }

  private async again(step: WaterfallStepContext) {
    const d = draftOf(step);
    if (valuesOf(step)['change'] === 'database')
      return step.replaceDialog(STEPS, { ...d, database: step.result as string });
    const result = step.result as StepResult;
    if ('stop' in result) return step.endDialog(result);
    return step.replaceDialog(STEPS, { ...d, ...result.update });
  }
}

async function readCreate(answer: Answer, options: AskOptions<boolean>): Promise<Reading<boolean>> {
  const typed = options.context;
  if (answer.kind === 'text') {
    if (!/^(create|create and test|yes|go)$/i.test(answer.text.trim()))
      return { ok: false, reason: 'Tap Create and test when everything is right, or say cancel.' };
    if (typed)
      return {
        ok: false,
        reason:
          'For your safety the password can only be typed in the masked field on this card: type it there and tap Create and test.',
      };
    return { ok: true, value: true, shown: 'Create and test' };
  }
  if (answer.verb !== 'connect.create')
    return { ok: false, reason: 'Tap Create and test when everything is right.' };
  if (typed && typedPassword(answer) === '')
    return { ok: false, reason: 'Type the password in the masked field first.' };
  return { ok: true, value: true, shown: 'Create and test' };
}

/** Exactly as typed (not trimmed: spaces may belong to a password). */
function typedPassword(answer: Answer): string {
  const value = answer.kind === 'tap' ? answer.data['password'] : undefined;
  return typeof value === 'string' ? value : '';
}
