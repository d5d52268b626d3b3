/**
 * Who does which background work when several instances share one store. PostgreSQL answers with advisory locks
 * held on a connection of their own (postgres/pg-coordination.ts), so a lock lives exactly as long as the
 * instance that holds it; SQLite is one instance by design and answers locally (local-coordination.ts).
 */
export type LeaseResult<T> = { ran: true; value: T } | { ran: false };

export interface Coordination {
  /**
   * Tries to become, or confirms it still is, the one instance that runs the watcher and the periodic sweeps.
   * False while another live instance is the leader, or while the database cannot be reached.
   */
  tryLead(): Promise<boolean>;
  /**
   * Runs `work` while holding the lease `name` (e.g. one decision). If another live instance holds it, returns
   * `{ran: false}` at once without running; a lease held by an instance that died is free again.
   */
  withLease<T>(name: string, work: () => Promise<T>): Promise<LeaseResult<T>>;
  /** Whether the store answers right now (for /healthz). */
  reachable(): Promise<boolean>;
  close(): Promise<void>;
}
