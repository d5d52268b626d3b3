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
