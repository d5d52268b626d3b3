import { WaterfallDialog, type Dialog, type WaterfallStepContext } from './dialogs';
import { endFlow } from './end-flow';
import { STEP_TITLES, type FlowDraft, type StepResult } from './flow-types';
import type { StepDeps } from './step-kit';
import { markStep } from './step-kit';
import { ENCRYPTION_STEP, EncryptionStep } from './steps/encryption-step';
import { ENDPOINT_STEP, EndpointStep } from './steps/endpoint-step';
import { FACTORY_STEP, FactoryStep } from './steps/factory-step';
import { FINISH_STEP, FinishStep } from './steps/finish-step';
import { NAME_STEP, NameStep } from './steps/name-step';
import { RUNTIME_STEP, RuntimeStep } from './steps/runtime-step';
import { SERVER_STEP, ServerStep } from './steps/server-step';
import { SIGN_IN_STEP, SignInStep } from './steps/sign-in-step';

export const CONNECT_DIALOG = 'connect';

/** How a flow ended, as the root dialog returns it. */
export interface FlowEnd {
  flowId: string;
  outcome: string;
}

const STEP_IDS = [
  FACTORY_STEP,
  SERVER_STEP,
  RUNTIME_STEP,
  ENDPOINT_STEP,
  SIGN_IN_STEP,
  ENCRYPTION_STEP,
  NAME_STEP,
  FINISH_STEP,
];

/**
 * The guided flow: eight step dialogs in a row, each given the answers so far and ending with more answers (or the
 * end of the flow). The draft lives in the waterfall's values, that is in dialog state in the store.
 */
export function createConnectDialogs(deps: StepDeps): Dialog[] {
  const steps = STEP_IDS.map((id, index) => async (step: WaterfallStepContext) => {
    const draft = currentDraft(step);
    if (index > 0 && isStop(step.result)) return finish(step, draft, step.result.stop);
    if (index > 0) Object.assign(draft, (step.result as { update: Partial<FlowDraft> }).update);
    await markStep(deps, draft.flowId, STEP_TITLES[index] ?? id);
    return step.beginDialog(id, draft);
  });
  const last = async (step: WaterfallStepContext) => {
    const draft = currentDraft(step);
    return finish(step, draft, isStop(step.result) ? step.result.stop : 'finished');
  };
  return [
    new WaterfallDialog(CONNECT_DIALOG, [...steps, last]),
    new FactoryStep(deps),
    new ServerStep(deps),
    new RuntimeStep(deps),
    new EndpointStep(deps),
    new SignInStep(deps),
    new EncryptionStep(deps),
    new NameStep(deps),
    new FinishStep(deps),
  ];

  async function finish(step: WaterfallStepContext, draft: FlowDraft, outcome: string) {
    await endFlow(deps.store, draft.flowId, 'finished', outcome);
    deps.logger.info({ flowId: draft.flowId, outcome }, 'connect flow ended');
    const end: FlowEnd = { flowId: draft.flowId, outcome };
    return step.endDialog(end);
  }
}

function currentDraft(step: WaterfallStepContext): FlowDraft {
  const values = step.values as { draft?: FlowDraft };
  values.draft ??= { ...(step.options as FlowDraft) };
  return values.draft;
}

function isStop(result: unknown): result is { stop: string } {
  return (
    typeof result === 'object' &&
    result !== null &&
    typeof (result as StepResult & { stop?: unknown }).stop === 'string'
  );
}
