import type { RouteHandler, RouteParams, SimRequest, SimResponse } from './http-types';
import type { WorldCore } from './world-core';
import type { WorldState } from './world-state';

/** A route handler that works on the (settled) world state. */
export type StateHandler = (s: WorldState, req: SimRequest, p: RouteParams) => SimResponse;

/** Wraps handlers so reads see a settled world and writes are persisted. */
export function stateHandlers(world: WorldCore): {
  read: (fn: StateHandler) => RouteHandler;
  write: (fn: StateHandler) => RouteHandler;
} {
  return {
    read: (fn) => (req, p) => world.read((s) => fn(s, req, p)),
    write: (fn) => (req, p) => world.mutate((s) => fn(s, req, p)),
  };
}
