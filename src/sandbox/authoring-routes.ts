import { ArmError, invalidContent, resourceNotFound } from './arm-errors';
import { FACTORY, factoryOf } from './datafactory-routes';
import { entityBody, type EntityKind } from './datafactory-views';
import { checkNotReferenced, checkReferences, encryptedCredential, maskSecrets } from './entity-rules';
import { noContent, ok, type RouteParams, type SimRequest, type SimResponse } from './http-types';
import { isJsonObject, objectAt, sameName, stringAt, type JsonObject } from './json';
import { byName, FACTORY_TYPE } from './lookup';
import { pageOf } from './paging';
import { postgresEndpointOf } from './postgres-endpoint';
import type { Router } from './router';
import type { WorldCore } from './world-core';
import type { EntityState, FactoryState, WorldState } from './world-state';

/** Data Factory authoring: linked services, datasets, pipelines (their runs are in run-routes.ts). */
type Handler = (s: WorldState, req: SimRequest, p: RouteParams) => SimResponse;

const PARAM: Record<EntityKind, string> = {
  linkedservices: 'linkedServiceName',
  datasets: 'datasetName',
  pipelines: 'pipelineName',
};

export function addAuthoringRoutes(router: Router, world: WorldCore): void {
  const read = (fn: Handler) => (req: SimRequest, p: RouteParams) => world.read((s) => fn(s, req, p));
  const write = (fn: Handler) => (req: SimRequest, p: RouteParams) => world.mutate((s) => fn(s, req, p));

  for (const kind of Object.keys(PARAM) as EntityKind[]) {
    const one = `${FACTORY}/${kind}/{${PARAM[kind]}}`;
    router
      .add(
        'GET',
        `${FACTORY}/${kind}`,
        'datafactory',
        read((s, req, p) => {
          const f = factoryOf(s, p);
          return pageOf(
            req,
            entitiesOf(f, kind).map((e) => entityBody(f, kind, e)),
          );
        }),
      )
      .add(
        'GET',
        one,
        'datafactory',
        read((s, req, p) => {
          const f = factoryOf(s, p);
          const entity = requireEntity(f, kind, p);
          // The SDK's get sends If-None-Match; an unchanged entity answers 304 like Data Factory.
          if (req.headers['if-none-match'] === entity.etag) return { status: 304 };
          return ok(entityBody(f, kind, entity));
        }),
      )
      .add(
        'PUT',
        one,
        'datafactory',
        write((s, req, p) => {
          const f = factoryOf(s, p);
          const entity = putEntity(world, f, kind, p[PARAM[kind]], req);
          return ok(entityBody(f, kind, entity));
        }),
      )
      .add(
        'DELETE',
        one,
        'datafactory',
        write((s, _r, p) => {
          const f = factoryOf(s, p);
          const name = p[PARAM[kind]];
          if (!byName(entitiesOf(f, kind), name)) return noContent(204);
          checkNotReferenced(f, kind, name);
          setEntities(
            f,
            kind,
            entitiesOf(f, kind).filter((e) => !sameName(e.name, name)),
          );
          return noContent(200);
        }),
      );
  }
}

function putEntity(
  world: WorldCore,
  f: FactoryState,
  kind: EntityKind,
  name: string,
  req: SimRequest,
): EntityState {
  const properties = objectAt(req.body, 'properties');
  if (!properties) throw invalidContent("The request content was invalid: 'properties' is required.");
  if (kind !== 'pipelines' && stringAt(properties, 'type') === undefined) {
    throw invalidContent("The request content was invalid: 'properties.type' is required.");
  }
  const existing = byName(entitiesOf(f, kind), name);
  const ifMatch = req.headers['if-match'];
  if (typeof ifMatch === 'string' && ifMatch !== '*' && ifMatch !== existing?.etag) {
    throw new ArmError(
      412,
      'PreconditionFailed',
      `The etag '${ifMatch}' does not match the current etag of '${name}'.`,
    );
  }
  checkReferences(f, properties);
  const entity: EntityState = {
    name: existing?.name ?? name,
    properties: stored(properties),
    etag: world.newId(),
  };
  if (kind === 'linkedservices') {
    const endpoint = postgresEndpointOf(properties);
    if (endpoint) entity.postgres = endpoint;
  }
  setEntities(f, kind, [...entitiesOf(f, kind).filter((e) => e !== existing), entity]);
  return entity;
}

/** What Data Factory keeps: the body as sent, secrets masked (with an opaque encryptedCredential instead). */
function stored(properties: JsonObject): JsonObject {
  const { masked, hadSecret } = maskSecrets(properties);
  const result = isJsonObject(masked) ? masked : {};
  const typeProperties = objectAt(result, 'typeProperties');
  if (hadSecret && typeProperties) {
    typeProperties['encryptedCredential'] = encryptedCredential(
      `DF-${Date.now().toString(36).toUpperCase()}`,
    );
  }
  return result;
}

function entitiesOf(f: FactoryState, kind: EntityKind): EntityState[] {
  return kind === 'linkedservices' ? f.linkedServices : kind === 'datasets' ? f.datasets : f.pipelines;
}

function setEntities(f: FactoryState, kind: EntityKind, list: EntityState[]): void {
  if (kind === 'linkedservices') f.linkedServices = list;
  else if (kind === 'datasets') f.datasets = list;
  else f.pipelines = list;
}

export function requireEntity(f: FactoryState, kind: EntityKind, p: RouteParams): EntityState {
  const name = p[PARAM[kind]];
  const entity = byName(entitiesOf(f, kind), name);
  if (!entity) throw resourceNotFound(`${FACTORY_TYPE}/${kind}`, name, f.resourceGroup);
  return entity;
}
