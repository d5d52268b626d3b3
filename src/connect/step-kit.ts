import type { TurnContext } from 'botbuilder';
import type { PostgresLinkedServiceSpec } from '../azure/gateway';
import type { DialogTurnResult, WaterfallStepContext } from './dialogs';
import { isAppError } from '../errors';
import type { Logger } from '../logger';
import type { Store } from '../store';
import type { ConnectServices } from './connect-services';
import type { Acting } from '../identity/acting';
import type { FlowDraft, StepResult } from './flow-types';

export interface FlowSettings {
  /** How long interactive authoring stays on after the bot enables it. */
  authoringMinutes: number;
}

/** Work the dialogs hand to the background parts of the feature (built before the dialogs). */
export interface FlowHooks {
  /** The flow now waits for its endpoint: look at Azure at once, it may be approved already. */
  endpointWaiting(flowId: string): Promise<void>;
  /**
   * Creates the linked service and tests it in the background, as `acting` (the person, with ACT_AS=user). The spec
   * may carry a typed password, and `acting` a person's token: memory only, for this run.
   */
  startTest(flowId: string, spec: PostgresLinkedServiceSpec, acting: Acting): Promise<void>;
}

/** What every step dialog gets: its doors to Azure (per identity), the store, a logger, settings, hooks. */
export interface StepDeps {
  services: ConnectServices;
  store: Store;
  logger: Logger;
  settings: FlowSettings;
  hooks: FlowHooks;
}

/** Plain text, so names from Azure or people never turn into markup. */
export async function say(turn: TurnContext, text: string): Promise<void> {
  await turn.sendActivity({ type: 'message', text, textFormat: 'plain' });
}

/** A safe sentence about a failed Azure call (AppError messages are written for users; anything else is not). */
export function troubleText(error: unknown): string {
  return isAppError(error) ? error.userMessage : 'an unexpected error (it has been logged)';
}

export function draftOf(step: WaterfallStepContext): FlowDraft {
  return step.options as FlowDraft;
}

export function next(step: WaterfallStepContext, update: Partial<FlowDraft>): Promise<DialogTurnResult> {
  const result: StepResult = { update };
  return step.endDialog(result);
}

/** Ends the flow from inside a step, telling the requester why. */
export async function stopFlow(
  step: WaterfallStepContext,
  text: string,
  outcome: string,
): Promise<DialogTurnResult> {
  await say(step.context, text);
  const result: StepResult = { stop: outcome };
  return step.endDialog(result);
}

/** An Azure read the step cannot go on without failed: say so, log the detail, end the flow. */
export async function stopOnAzureError(
  step: WaterfallStepContext,
  logger: Logger,
  what: string,
  error: unknown,
): Promise<DialogTurnResult> {
  logger.warn({ err: error, flowId: draftOf(step).flowId, what }, 'azure call failed in the guided flow');
  return stopFlow(
    step,
    `I could not ${what}: ${troubleText(error)} Nothing was changed. Say connect to try again.`,
    `azure error: ${what}`,
  );
}

/** Updates the step shown by `status` (best effort: the flow goes on if the record cannot be written). */
export async function markStep(
  deps: Pick<StepDeps, 'store' | 'logger'>,
  flowId: string,
  step: string,
): Promise<void> {
  try {
    await deps.store.connectFlows.update(flowId, { step, phase: 'asking' });
  } catch (error) {
    deps.logger.warn({ err: error, flowId }, 'could not record the flow step');
  }
}

/** A step dialog's own scratch values (kept in dialog state between its turns). */
export function valuesOf(step: WaterfallStepContext): Record<string, unknown> {
  return step.values as Record<string, unknown>;
}
