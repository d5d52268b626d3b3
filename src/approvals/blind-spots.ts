import type { UnreadableScope } from '../azure/gateway';
import type { ServerRef } from '../domain/resource-ids';
import { explainReadFailure } from './read-failure-text';

/** A scope or server the watcher could not read, with what to tell people about it. */
export interface BlindSpot {
  key: string;
  label: string;
  /** Set when the spot is one server: only the conversations watching it are told. */
  server?: ServerRef;
  /** Azure's reason in plain words. */
  reason: string;
  /** What to do about it (for a refusal: the role the bot's identity needs, and where). */
  fix: string;
  since: Date;
}

/** Where the watcher's news about its own sight goes (the Teams side posts it to the watching conversations). */
export interface SightSink {
  cannotSee(spot: BlindSpot): Promise<void>;
  canSeeAgain(spot: BlindSpot): Promise<void>;
}

export type UnreadableSpot = UnreadableScope;

/**
 * Tracks what the watcher could not read, cycle after cycle. A spot that fails `cyclesBeforeTelling` cycles in a
 * row is told once; when it is read again, "I can see it again" is told once; nothing in between. One passing
 * failure (a throttled read, a blip) is not worth a message. The record is in memory: after a restart a spot still
 * failing is told again once, two cycles later (a leader that takes over does the same).
 */
export class BlindSpots {
  private readonly spots = new Map<string, { spot: BlindSpot; cycles: number; told: boolean }>();

  constructor(
    private readonly sink: SightSink,
    private readonly now: () => Date = () => new Date(),
    private readonly cyclesBeforeTelling = 2,
  ) {}

  /** What this cycle could not read (empty: it read everything it was asked to). */
  async cycleSeen(unreadable: readonly UnreadableSpot[]): Promise<void> {
    const failing = new Set(unreadable.map((u) => u.key));
    for (const [key, entry] of this.spots) {
      if (failing.has(key)) continue;
      this.spots.delete(key);
      if (entry.told) await this.sink.canSeeAgain(entry.spot);
    }
    for (const failure of unreadable) {
      const entry = this.spots.get(failure.key);
      const spot: BlindSpot = {
        key: failure.key,
        label: failure.label,
        ...(failure.server ? { server: failure.server } : {}),
        ...explainReadFailure(failure.error, failure.scopeId),
        since: entry?.spot.since ?? this.now(),
      };
      const next = { spot, cycles: (entry?.cycles ?? 0) + 1, told: entry?.told ?? false };
      this.spots.set(failure.key, next);
      if (!next.told && next.cycles >= this.cyclesBeforeTelling) {
        await this.sink.cannotSee(spot);
        next.told = true;
      }
    }
  }

  /** Spots failing now (for /healthz and `status`), oldest first. */
  current(): BlindSpot[] {
    return [...this.spots.values()].map((e) => e.spot).sort((a, b) => a.since.getTime() - b.since.getTime());
  }
}

/** Several sinks for the watcher's news about its sight; one failing does not stop the others. */
export class SightFanOut implements SightSink {
  private readonly sinks: SightSink[] = [];

  add(sink: SightSink): void {
    this.sinks.push(sink);
  }

  async cannotSee(spot: BlindSpot): Promise<void> {
    await Promise.allSettled(this.sinks.map((sink) => sink.cannotSee(spot)));
  }

  async canSeeAgain(spot: BlindSpot): Promise<void> {
    await Promise.allSettled(this.sinks.map((sink) => sink.canSeeAgain(spot)));
  }
}

/** Whether a blind spot covers this server: its own, its resource group's or subscription's, or every one. */
export function spotCovers(spot: BlindSpot, serverId: string): boolean {
  const id = serverId.toLowerCase();
  return !spot.key.startsWith('/') || id === spot.key || id.startsWith(`${spot.key}/`);
}
