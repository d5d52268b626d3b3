import { randomUUID } from 'node:crypto';
import type { ScheduledChange, WorldState } from './world-state';

/** How long things take in the simulated Azure, in milliseconds. */
export interface WorldTiming {
  /** An approve/reject/delete of a private endpoint connection (or a parameter update) runs this long. */
  lroMs: number;
  /** Data Factory sees a server-side decision on its managed private endpoint this much later. */
  adfSyncMs: number;
  /** A pipeline run stays InProgress this long. */
  probeMs: number;
  /** A new managed private endpoint is Provisioning this long; its connection appears halfway. */
  mpeProvisionMs: number;
}

export interface WorldCoreOptions {
  timing: WorldTiming;
  /** Clock (epoch ms); tests of the world inject one. */
  now?: () => number;
  /**
   * Called with the whole state after every change, before the change counts (the simulator saves it to
   * `statePath`). When it throws, the change is undone and the error goes to the caller: what is on disk is
   * always what the simulator answered.
   */
  onChange?: (state: WorldState) => void;
}

/** A scheduled change without its bookkeeping fields. */
type Distribute<T> = T extends unknown ? Omit<T, 'seq' | 'at'> : never;
export type ChangeSpec = Distribute<ScheduledChange>;
export type ChangeApplier = (core: WorldCore, state: WorldState, change: ScheduledChange) => void;

/**
 * The state plus the rules of time. Nothing runs on timers: every read or write first "settles" the world,
 * applying the scheduled changes that fell due, in order. So a closed simulator leaves no handle open, and a
 * world restored from disk catches up by itself.
 */
export class WorldCore {
  readonly timing: WorldTiming;
  private readonly clock: () => number;
  private readonly onChange: ((state: WorldState) => void) | undefined;
  private applier: ChangeApplier = () => undefined;
  private settling = false;
  /** While a due change is applied, "now" is the instant it fell due, so follow-up changes chain exactly. */
  private appliedAt: number | undefined;

  constructor(
    protected readonly state: WorldState,
    options: WorldCoreOptions,
  ) {
    this.timing = options.timing;
    this.clock = options.now ?? Date.now;
    this.onChange = options.onChange;
  }

  /** Wired once by SimulatedWorld; kept out of the constructor so domain modules need no import cycle. */
  protected setApplier(applier: ChangeApplier): void {
    this.applier = applier;
  }

  now(): number {
    return this.appliedAt ?? this.clock();
  }

  isoNow(): string {
    return new Date(this.now()).toISOString();
  }

  newId(): string {
    return randomUUID();
  }

  /** Runs a read against the settled state. */
  read<T>(fn: (state: WorldState) => T): T {
    this.settle();
    return fn(this.state);
  }

  /** Runs a change against the settled state and saves it; undone when it throws or cannot be saved. */
  mutate<T>(fn: (state: WorldState) => T): T {
    this.settle();
    const before = this.copyForUndo();
    try {
      const result = fn(this.state);
      this.changed();
      return result;
    } catch (error) {
      this.undo(before);
      throw error;
    }
  }

  /** Schedules a change `delayMs` from now. Only call inside mutate() or an applied change. */
  schedule(delayMs: number, change: ChangeSpec): void {
    this.state.sequence += 1;
    this.state.scheduled.push({ ...change, seq: this.state.sequence, at: this.now() + Math.max(0, delayMs) });
  }

  /** Applies every scheduled change now, whatever its due time (tests and demos that cannot wait). */
  fastForward(): void {
    this.applyDue(Number.POSITIVE_INFINITY);
  }

  /** Applies the changes that are due. */
  settle(): void {
    this.applyDue(this.now());
  }

  private applyDue(until: number): void {
    if (this.settling || !this.nextDue(until)) return;
    this.settling = true;
    const before = this.copyForUndo();
    try {
      for (;;) {
        const next = this.nextDue(until);
        if (!next) break;
        this.state.scheduled = this.state.scheduled.filter((c) => c !== next);
        this.appliedAt = Math.min(next.at, this.clock());
        this.applier(this, this.state, next);
      }
      this.appliedAt = undefined;
      this.changed();
    } catch (error) {
      this.undo(before);
      throw error;
    } finally {
      this.settling = false;
      this.appliedAt = undefined;
    }
  }

  /** Only worth the copy when a change is saved somewhere. */
  private copyForUndo(): WorldState | undefined {
    return this.onChange ? structuredClone(this.state) : undefined;
  }

  /** Puts the state back as it was, in place (the domain modules hold this object). */
  private undo(before: WorldState | undefined): void {
    if (!before) return;
    const state = this.state as unknown as Record<string, unknown>;
    for (const key of Object.keys(state)) delete state[key];
    Object.assign(state, before);
  }

  private nextDue(until: number): ScheduledChange | undefined {
    let best: ScheduledChange | undefined;
    for (const change of this.state.scheduled) {
      if (change.at > until) continue;
      if (!best || change.at < best.at || (change.at === best.at && change.seq < best.seq)) best = change;
    }
    return best;
  }

  private changed(): void {
    this.onChange?.(this.state);
  }
}
