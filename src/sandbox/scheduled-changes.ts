import { completeOperation } from './lro';
import { applyProvisioningStep } from './mpe-provisioning';
import { expireInteractiveSession } from './interactive-query';
import { completeCancel, completeRun } from './pipeline-runs';
import { applyAdfSync } from './private-link';
import type { WorldCore } from './world-core';
import type { ScheduledChange, WorldState } from './world-state';

/** Applies one scheduled change that fell due (called by WorldCore.settle, in due-time order). */
export function applyScheduledChange(core: WorldCore, state: WorldState, change: ScheduledChange): void {
  switch (change.kind) {
    case 'complete-operation':
      completeOperation(core, state, change.operationId);
      return;
    case 'adf-sync':
      applyAdfSync(state, change.mpe, change.connectionName, change.view);
      return;
    case 'complete-run':
      completeRun(core, state, change.factoryId, change.runId);
      return;
    case 'cancel-run':
      completeCancel(core, state, change.factoryId, change.runId);
      return;
    case 'interactive-query-expire':
      expireInteractiveSession(state, change.runtimeId, change.until);
      return;
    case 'mpe-provision':
      applyProvisioningStep(state, change.mpe, change.connectionName, change.step);
      return;
  }
}
