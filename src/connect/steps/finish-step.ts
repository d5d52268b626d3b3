import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { PostgresLinkedServiceSpec, SecretSource } from '../../azure/gateway';
import { renderResultCard } from '../../cards/connect-result-card';
import type { StoredTestOutcome } from '../../store';
import { AskDialog, type AskOptions, type Reading } from '../ask-dialog';
import { sslModeTitle } from '../encryption-policy';
import { stepLabel, type FlowDraft, type FlowEvent, type StepResult } from '../flow-types';
import { classifyFailure, hintFor } from '../probe-hints';
import { draftOf, type StepDeps } from '../step-kit';
import { progressCard } from '../test-progress';
import { afterSave, answerOf, type Answer } from '../turn-keys';
import { markFor } from '../linked-service-mark';
import { WaitDialog, type WaitOptions } from '../wait-dialog';

export const FINISH_STEP = 'connect.finish';
const ASK_CREATE = 'connect.finish.create';
const WAIT = 'connect.finish.wait';

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
    this.addDialog(
      new WaterfallDialog(`${FINISH_STEP}.steps`, [
        (s) => this.summary(s),
        (s) => this.start(s),
        (s) => this.result(s),
      ]),
    );
    this.initialDialogId = `${FINISH_STEP}.steps`;
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
    const result: StepResult = {
      stop: outcome.ok ? 'connection successful' : `test failed: ${outcome.status}`,
    };
    return step.endDialog(result);
  }
}

function summaryFacts(d: FlowDraft): Array<{ title: string; value: string }> {
  const password =
    d.signIn?.kind === 'keyVault'
      ? `Key Vault secret ${d.signIn.secretName} (via ${d.signIn.store})`
      : 'typed below, in a masked field';
  return [
    { title: 'Factory', value: d.factory!.factoryName },
    { title: 'Server', value: d.host! },
    { title: 'Integration runtime', value: d.runtime! },
    { title: 'Private endpoint', value: d.endpoint! },
    { title: 'Database', value: d.database! },
    { title: 'User', value: d.username! },
    { title: 'Password', value: password },
    { title: 'Encryption', value: sslModeTitle(d.sslMode!) },
    {
      title: 'Linked service',
      value: d.replaces ? `${d.linkedService} (replaces the existing one)` : d.linkedService!,
    },
  ];
}

function resultCard(d: FlowDraft, outcome: StoredTestOutcome) {
  const facts = [
    { title: 'Linked service', value: d.linkedService! },
    { title: 'Factory', value: d.factory!.factoryName },
    { title: 'Server', value: `${d.host} / ${d.database}` },
    { title: 'Connects via', value: d.runtime! },
  ];
  if (outcome.ok) {
    return renderResultCard({
      ok: true,
      title: 'Connection successful',
      summary: `${d.linkedService} reaches ${d.server!.serverName} through the private endpoint ${d.endpoint}. It is ready for datasets and pipelines.`,
      facts,
    });
  }
  const message = outcome.message ?? '';
  const hint = hintFor(classifyFailure(message), {
    server: d.server!.serverName,
    database: d.database!,
    username: d.username!,
    ...(d.endpoint ? { endpoint: d.endpoint } : {}),
    ...(d.runtime ? { runtime: d.runtime } : {}),
  });
  const created = outcome.status !== 'create-failed';
  return renderResultCard({
    ok: false,
    title: created ? 'The connection test failed' : 'The linked service was not created',
    summary: created
      ? `${d.linkedService} was created, but the test through ${d.runtime} did not connect (${outcome.status}).`
      : 'Azure refused the linked service.',
    facts,
    azureMessage: message,
    hint,
  });
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
