/** The store's public door: the interface and record types, the embedded SQLite and the shared PostgreSQL implementations. */
export * from './conversation-records';
export * from './request-records';
export * from './tracking-records';
export * from './connect-records';
export * from './store';
export { connectionKey, requestIdFor } from './request-id';
export { assertNoSecrets } from './secret-guard';
export { SqliteStore, databasePath, type SqliteStoreOptions } from './sqlite/sqlite-store';
export { PgStore, type PgStoreOptions } from './postgres/pg-store';
export type { Coordination, LeaseResult } from './coordination';
