import type { Coordination, LeaseResult } from './coordination';

/**
 * Coordination inside one process, for the embedded SQLite store: the instance is always the leader (SQLite is
 * for one instance), and a lease only keeps this process from running the same work twice at once.
 */
export class LocalCoordination implements Coordination {
  private readonly held = new Set<string>();

  constructor(private readonly probe: () => Promise<void> = async () => undefined) {}

  async tryLead(): Promise<boolean> {
    return true;
  }

  async withLease<T>(name: string, work: () => Promise<T>): Promise<LeaseResult<T>> {
    if (this.held.has(name)) return { ran: false };
    this.held.add(name);
    try {
      return { ran: true, value: await work() };
    } finally {
      this.held.delete(name);
    }
  }

  async reachable(): Promise<boolean> {
    return this.probe().then(
      () => true,
      () => false,
    );
  }

  async close(): Promise<void> {}
}
