/** Every request the simulator saw, answered or reset (status 0), for assertions in tests. */
export interface RequestRecord {
  method: string;
  /** URL path without the query string. */
  path: string;
  status: number;
  /** Epoch ms when the answer was sent (or the socket reset). */
  at: number;
  durationMs: number;
}

export interface RequestFilter {
  method?: string;
  path?: RegExp | string;
  status?: number;
}

/** Oldest records are dropped past this many, so a long sandbox session does not grow without bound. */
const LIMIT = 10_000;

export class RequestLog {
  private records: RequestRecord[] = [];

  record(entry: RequestRecord): void {
    this.records.push(entry);
    if (this.records.length > LIMIT) this.records.splice(0, this.records.length - LIMIT);
  }

  all(): readonly RequestRecord[] {
    return [...this.records];
  }

  find(filter: RequestFilter = {}): RequestRecord[] {
    return this.records.filter((r) => matches(r, filter));
  }

  count(filter: RequestFilter = {}): number {
    return this.find(filter).length;
  }

  last(filter: RequestFilter = {}): RequestRecord | undefined {
    const found = this.find(filter);
    return found[found.length - 1];
  }

  clear(): void {
    this.records = [];
  }
}

function matches(r: RequestRecord, f: RequestFilter): boolean {
  if (f.method !== undefined && f.method.toUpperCase() !== r.method) return false;
  if (f.status !== undefined && f.status !== r.status) return false;
  if (f.path === undefined) return true;
  if (typeof f.path === 'string') return f.path.toLowerCase() === r.path.toLowerCase();
  f.path.lastIndex = 0;
  return f.path.test(r.path);
}
