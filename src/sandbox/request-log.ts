/** Every request the simulator saw, answered or reset (status 0), for assertions in tests. */
export interface RequestRecord {
  method: string;
  /** URL path without the query string. */
  path: string;
  status: number;
  /** Epoch ms when the answer was sent (or the socket reset). */
  at: number;
  durationMs: number;
  /**
   * Which connection carried it: 1 for the first the simulator accepted, 2 for the next… A client that reuses its
   * keep-alive connections sends many requests on one number; one that opens a connection (and a TLS handshake) per
   * request, a new number each time.
   */
  connection: number;
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
  private readonly connections = new WeakMap<object, number>();
  private lastConnection = 0;

  /** `socket`: the connection that carried the request, numbered here in the order first seen. */
  record(entry: Omit<RequestRecord, 'connection'>, socket: object): void {
    let connection = this.connections.get(socket);
    if (connection === undefined) {
      connection = ++this.lastConnection;
      this.connections.set(socket, connection);
    }
    this.records.push({ ...entry, connection });
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
