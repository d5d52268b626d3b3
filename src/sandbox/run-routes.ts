import { badRequest, invalidContent, resourceNotFound } from './arm-errors';
import { requireEntity } from './authoring-routes';
import { FACTORY, factoryOf } from './datafactory-routes';
import { activityRunBody, runBody } from './datafactory-views';
import { noContent, ok, type SimRequest } from './http-types';
import { isJsonObject, sameName, stringAt } from './json';
import { FACTORY_TYPE } from './lookup';
import { cancelRun, startRun } from './pipeline-runs';
import { stateHandlers } from './route-kit';
import type { Router } from './router';
import type { WorldCore } from './world-core';
import type { FactoryState, PipelineRunState } from './world-state';

/** Pipeline runs: createRun, get, activity runs, cancel (Pipelines_CreateRun, PipelineRuns_*, ActivityRuns_*). */
const RUN = `${FACTORY}/pipelineruns/{runId}`;

export function addRunRoutes(router: Router, world: WorldCore): void {
  const { read, write } = stateHandlers(world);
  router
    .add(
      'POST',
      `${FACTORY}/pipelines/{pipelineName}/createRun`,
      'datafactory',
      write((s, req, p) => {
        const f = factoryOf(s, p);
        const pipeline = requireEntity(f, 'pipelines', p);
        const parameters = isJsonObject(req.body)
          ? Object.fromEntries(
              Object.entries(req.body).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
            )
          : {};
        return ok({ runId: startRun(world, f, pipeline, parameters).runId });
      }),
    )
    .add(
      'GET',
      RUN,
      'datafactory',
      read((s, _r, p) => {
        const f = factoryOf(s, p);
        return ok(runBody(f, requireRun(f, p['runId']), world.now()));
      }),
    )
    .add(
      'POST',
      `${RUN}/queryActivityruns`,
      'datafactory',
      read((s, req, p) => {
        const f = factoryOf(s, p);
        const run = requireRun(f, p['runId']);
        const after = Date.parse(stringAt(req.body, 'lastUpdatedAfter') ?? '');
        const before = Date.parse(stringAt(req.body, 'lastUpdatedBefore') ?? '');
        if (Number.isNaN(after) || Number.isNaN(before)) {
          throw invalidContent(
            "The request content was invalid: 'lastUpdatedAfter' and 'lastUpdatedBefore' are required dates.",
          );
        }
        const updated = run.runEnd ? Date.parse(run.runEnd) : world.now();
        const inWindow = Date.parse(run.runStart) <= before && updated >= after;
        return ok({ value: inWindow ? [activityRunBody(run)] : [] });
      }),
    )
    // PipelineRuns_Cancel answers 200 with no body (datafactory.json); isRecursive is an optional boolean query
    // parameter (a probe starts no child pipelines, so it changes nothing here).
    .add(
      'POST',
      `${RUN}/cancel`,
      'datafactory',
      write((s, req, p) => {
        const f = factoryOf(s, p);
        const run = requireRun(f, p['runId']);
        checkIsRecursive(req);
        cancelRun(world, f, run);
        return noContent(200);
      }),
    );
}

function checkIsRecursive(req: SimRequest): void {
  const value = [...req.query].find(([name]) => name.toLowerCase() === 'isrecursive')?.[1];
  if (value !== undefined && !['true', 'false'].includes(value.toLowerCase())) {
    throw badRequest(`The query parameter 'isRecursive' must be a boolean, got '${value}'.`);
  }
}

function requireRun(f: FactoryState, runId: string | undefined): PipelineRunState {
  const run = f.runs.find((r) => sameName(r.runId, runId));
  if (!run) throw resourceNotFound(`${FACTORY_TYPE}/pipelineruns`, runId ?? '', f.resourceGroup);
  return run;
}
