import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from '../dialogs';
import { AskDialog, acceptsSuggestion, answerText, type AskOptions, type Reading } from '../ask-dialog';
import type { EndpointProgress } from '../connect-service';
import { stepLabel, type FlowDraft, type FlowEvent } from '../flow-types';
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
import { afterSave, type Answer } from '../turn-keys';
import { checkEndpointName, suggestEndpointName } from '../validation';
import { WaitDialog, type WaitOptions } from '../wait-dialog';
import { settledText, stillWaitingText, waitingText, type EndpointSubject } from '../endpoint-texts';

export const ENDPOINT_STEP = 'connect.endpoint';
const ASK_NAME = 'connect.endpoint.name';
const WAIT = 'connect.endpoint.wait';

interface NameContext {
  suggestion: string;
  taken: string[];
}

/**
 * Step 4: the managed private endpoint from the factory to the server. An existing one is reused; otherwise a
 * name is proposed and the endpoint created (group id postgresqlServer). Then the flow waits, in the store, until
 * the server's owner approved it and Data Factory sees it, or ends if it was rejected.
 */
export class EndpointStep extends ComponentDialog {
  constructor(private readonly deps: StepDeps) {
    super(ENDPOINT_STEP);
    this.addDialog(new AskDialog<string, NameContext>(ASK_NAME, readName));
    this.addDialog(new WaitDialog(WAIT));
    this.addDialog(
      new WaterfallDialog(`${ENDPOINT_STEP}.steps`, [
        (s) => this.findOrAsk(s),
        (s) => this.createIfNeeded(s),
        (s) => this.afterWait(s),
      ]),
    );
    this.initialDialogId = `${ENDPOINT_STEP}.steps`;
  }

  private async findOrAsk(step: WaterfallStepContext) {
    const { flowId, factory, server } = draftOf(step);
    try {
      const existing = (await this.deps.services.for(step.context).endpointsTo(factory!, server!))[0];
      if (existing) {
        valuesOf(step)['endpoint'] = existing.name;
        await say(
          step.context,
          `${factory!.factoryName} already has a managed private endpoint to ${server!.serverName}: ${existing.name} (Data Factory shows it as ${existing.connectionStatus}). I will use it.`,
        );
        return step.next();
      }
      const taken = (await this.deps.services.for(step.context).endpoints(factory!)).map((m) => m.name);
      const suggestion = suggestEndpointName(server!.serverName, taken);
      const options: AskOptions<NameContext> = {
        flowId,
        label: 'Managed private endpoint',
        context: { suggestion, taken },
        card: {
          kind: 'question',
          question: {
            step: stepLabel(4),
            title: 'Create a managed private endpoint',
            text: `${factory!.factoryName} reaches ${server!.serverName} through a managed private endpoint in its managed virtual network; the server's owner must approve it. Keep my suggested name or type another.`,
            input: { label: 'Endpoint name', value: suggestion },
            submitTitle: 'Create endpoint',
          },
        },
      };
      return step.beginDialog(ASK_NAME, options);
    } catch (error) {
      return stopOnAzureError(step, this.deps.logger, 'list the managed private endpoints', error);
    }
  }

  private async createIfNeeded(step: WaterfallStepContext) {
    const draft = draftOf(step);
    const values = valuesOf(step);
    if (typeof step.result === 'string') {
      const name = step.result;
      try {
        const created = await this.deps.services
          .for(step.context)
          .requestEndpoint(draft.factory!, name, draft.server!, draft.requester, draft.flowId);
        if (created.provisioningState === 'Failed') {
          return stopFlow(
            step,
            `Azure could not create the managed private endpoint ${name}: ${created.connectionDescription || 'no reason given'}`,
            'endpoint failed',
          );
        }
      } catch (error) {
        this.deps.logger.warn(
          { err: error, flowId: draft.flowId },
          'creating the managed private endpoint failed',
        );
        return stopFlow(
          step,
          `Azure did not create the managed private endpoint ${name}: ${troubleText(error)} Say connect to try again.`,
          'endpoint failed',
        );
      }
      values['endpoint'] = name;
      values['created'] = true;
    }
    const endpoint = values['endpoint'] as string;
    let progress: EndpointProgress;
    try {
      progress = await this.deps.services
        .for(step.context)
        .endpointProgress(draft.factory!, endpoint, draft.server!);
    } catch (error) {
      return stopOnAzureError(step, this.deps.logger, `read the state of ${endpoint}`, error);
    }
    if (progress.state !== 'pending' && progress.state !== 'approved-syncing')
      return this.settle(step, progress);

    await this.deps.store.connectFlows.update(draft.flowId, {
      phase: 'waiting-approval',
      step: 'Waiting for the approval of the private endpoint',
      factory: draft.factory!,
      server: draft.server!,
      endpointName: endpoint,
    });
    const subject = subjectOf(draft, endpoint);
    const asked = await this.deps.services
      .for(step.context)
      .approverConversations(draft.server!)
      .catch(() => []);
    await say(step.context, waitingText(subject, values['created'] === true, progress, asked));
    afterSave(step.context, () => this.deps.hooks.endpointWaiting(draft.flowId));
    const wait: WaitOptions = { kind: 'endpoint', stillWaiting: stillWaitingText(subject) };
    return step.beginDialog(WAIT, wait);
  }

  private async afterWait(step: WaterfallStepContext) {
    const event = step.result as FlowEvent | undefined;
    if (event?.kind !== 'endpoint') return step.next(); // reached only after settle() or a step.next()
    return this.settle(step, event.progress);
  }

  /** The endpoint's state decides: go on, or end the flow saying why. */
  private async settle(step: WaterfallStepContext, progress: EndpointProgress) {
    const draft = draftOf(step);
    const endpoint = valuesOf(step)['endpoint'] as string;
    const settled = settledText(subjectOf(draft, endpoint), progress);
    if (!settled.goOn) return stopFlow(step, settled.text, settled.outcome);
    await this.deps.store.connectFlows.update(draft.flowId, { phase: 'asking' });
    if (settled.text) await say(step.context, settled.text);
    return next(step, { endpoint });
  }
}

function subjectOf(draft: FlowDraft, endpoint: string): EndpointSubject {
  return { endpoint, factory: draft.factory!.factoryName, server: draft.server!.serverName };
}

async function readName(answer: Answer, options: AskOptions<NameContext>): Promise<Reading<string>> {
  const raw = acceptsSuggestion(answer) ? options.context.suggestion : answerText(answer);
  const checked = checkEndpointName(raw);
  if (!checked.ok) return checked;
  if (options.context.taken.some((t) => t.toLowerCase() === checked.value.toLowerCase())) {
    return {
      ok: false,
      reason: `${checked.value} already exists in this factory (to another target). Choose another name.`,
    };
  }
  return { ok: true, value: checked.value, shown: checked.value };
}
