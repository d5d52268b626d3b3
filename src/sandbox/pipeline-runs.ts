import { findFactoryById, factoryIdOf } from './lookup';
import { evaluateProbe, probeActivity } from './probe-runs';
import type { WorldCore } from './world-core';
import type { EntityState, FactoryState, PipelineRunState, WorldState } from './world-state';

/**
 * Pipeline runs: InProgress for `probeMs`, then Succeeded or Failed as the probe rules decide at that moment (so an
 * approval that reaches Data Factory while the run is queued counts, as it would in Azure).
 */

/** Runs kept per factory; older ones are forgotten, like Data Factory's run history retention. */
const KEEP_RUNS = 200;
/** How long a run stays Canceling (at most; never longer than the run itself would take). */
const CANCEL_MS = 1000;

export function startRun(
  core: WorldCore,
  factory: FactoryState,
  pipeline: EntityState,
  parameters: Record<string, string>,
): PipelineRunState {
  const activity = probeActivity(factory, pipeline.properties);
  const run: PipelineRunState = {
    runId: core.newId(),
    pipelineName: pipeline.name,
    parameters,
    runStart: core.isoNow(),
    status: 'InProgress',
    message: '',
    activityName: activity.activityName,
    activityType: activity.activityType,
    activityRunId: core.newId(),
    ...(activity.linkedServiceName ? { linkedServiceName: activity.linkedServiceName } : {}),
  };
  factory.runs.push(run);
  if (factory.runs.length > KEEP_RUNS) factory.runs.splice(0, factory.runs.length - KEEP_RUNS);
  core.schedule(core.timing.probeMs, {
    kind: 'complete-run',
    factoryId: factoryIdOf(factory),
    runId: run.runId,
  });
  return run;
}

export function completeRun(core: WorldCore, state: WorldState, factoryId: string, runId: string): void {
  const factory = findFactoryById(state, factoryId);
  const run = factory?.runs.find((r) => r.runId === runId);
  if (!factory || !run || run.status !== 'InProgress') return;
  const outcome = evaluateProbe(state, factory, {
    activityName: run.activityName,
    activityType: run.activityType,
    ...(run.linkedServiceName ? { linkedServiceName: run.linkedServiceName } : {}),
  });
  run.runEnd = core.isoNow();
  if (outcome.ok) {
    run.status = 'Succeeded';
    run.activityOutput = outcome.output;
  } else {
    run.status = 'Failed';
    run.activityError = outcome.error;
    run.message = `Operation on target ${run.activityName} failed: ${outcome.error.message}`;
  }
}

/**
 * PipelineRuns_Cancel: a running run is Canceling, then Cancelled (PipelineRun.status values in datafactory.json).
 * A run that has already finished stays as it is and the cancel still answers 200: what Azure answers there is
 * UNCONFIRMED.
 */
export function cancelRun(core: WorldCore, factory: FactoryState, run: PipelineRunState): void {
  if (run.status !== 'InProgress') return;
  run.status = 'Canceling';
  core.schedule(Math.min(CANCEL_MS, core.timing.probeMs), {
    kind: 'cancel-run',
    factoryId: factoryIdOf(factory),
    runId: run.runId,
  });
}

export function completeCancel(core: WorldCore, state: WorldState, factoryId: string, runId: string): void {
  const run = findFactoryById(state, factoryId)?.runs.find((r) => r.runId === runId);
  if (!run || run.status !== 'Canceling') return;
  run.status = 'Cancelled';
  run.runEnd = core.isoNow();
}
