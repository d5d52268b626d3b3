import { ArmError } from '../arm-errors';
import type { WorldCore } from '../world-core';
import type { OperationState, WorldState } from '../world-state';
import {
  activityEvent,
  activityTime,
  derivedEventId,
  eventIdOf,
  type ActivityContext,
  type ActivityEventState,
} from './activity-events';

/** Events kept in the state file (saved on every change, so kept small); older ones fall off. Azure keeps 90 days. */
const KEPT_EVENTS = 1000;

/**
 * Records the activity log of writes made through the simulator. Started before the handler runs, then the
 * EndRequest outcome: Succeeded (2xx), Accepted (202: a long-running operation, whose Succeeded/Failed end is
 * logged when the operation completes) or Failed (4xx/5xx, refusals included).
 */
export class ActivityRecorder {
  constructor(private readonly world: WorldCore) {}

  started(ctx: ActivityContext): void {
    this.push(activityEvent(ctx, 'Started', this.world.now()));
  }

  ended(ctx: ActivityContext, httpStatus: number, headers: Record<string, string> = {}): void {
    const at = this.world.now();
    if (httpStatus === 202) {
      const operationId = operationIdOf(headers);
      const event = activityEvent(ctx, 'Accepted', at, { httpStatus });
      this.push(operationId ? { ...event, pendingOperationId: operationId } : event);
      return;
    }
    this.push(activityEvent(ctx, httpStatus < 400 ? 'Succeeded' : 'Failed', at, { httpStatus }));
  }

  failed(ctx: ActivityContext, error: ArmError): void {
    this.push(
      activityEvent(ctx, 'Failed', this.world.now(), {
        httpStatus: error.status,
        statusMessage: JSON.stringify(error.toBody()),
      }),
    );
  }

  private push(event: ActivityEventState): void {
    this.world.mutate((s) => {
      s.activityLog.push(event);
      if (s.activityLog.length > KEPT_EVENTS) s.activityLog.splice(0, s.activityLog.length - KEPT_EVENTS);
    });
  }
}

/** Every event of the subscription's log, newest first, with the ends of completed async operations. */
export function eventsOf(s: WorldState): ActivityEventState[] {
  const completions = s.activityLog.flatMap((e) => {
    const op = e.pendingOperationId ? s.operations.find((o) => o.id === e.pendingOperationId) : undefined;
    return op && op.status !== 'InProgress' ? [completionOf(e, op)] : [];
  });
  // Newest first; events of the same millisecond in reverse order of recording.
  return [...s.activityLog, ...completions]
    .map((event, order) => ({ event, order }))
    .sort((a, b) => b.event.at - a.event.at || b.order - a.order)
    .map(({ event }) => event);
}

function completionOf(accepted: ActivityEventState, op: OperationState): ActivityEventState {
  const at = Date.parse(op.endTime ?? op.startTime);
  const event = accepted.event;
  const eventDataId = derivedEventId(String(event['eventDataId']), 'end');
  const ok = op.status === 'Succeeded';
  const statusMessage = op.error ? { statusMessage: JSON.stringify({ error: op.error }) } : {};
  return {
    at,
    event: {
      ...event,
      eventDataId,
      id: eventIdOf(String(event['resourceId']), eventDataId, at),
      eventTimestamp: activityTime(at),
      submissionTimestamp: activityTime(at),
      level: ok ? 'Informational' : 'Error',
      status: { value: op.status, localizedValue: op.status },
      subStatus: ok
        ? { value: 'OK', localizedValue: 'OK (HTTP Status Code: 200)' }
        : { value: '', localizedValue: '' },
      properties: {
        ...(event['properties'] as object),
        ...(ok ? { statusCode: 'OK' } : {}),
        ...statusMessage,
      },
    },
  };
}

/** The async operation id of a 202 answer: the last segment of its Azure-AsyncOperation URL. */
function operationIdOf(headers: Record<string, string>): string | undefined {
  const url = Object.entries(headers).find(([k]) => k.toLowerCase() === 'azure-asyncoperation')?.[1];
  if (!url) return undefined;
  return new URL(url).pathname.split('/').filter(Boolean).pop();
}
