/** The store's public door: the interface and record types, and the embedded SQLite implementation. */
export * from './conversation-records';
export * from './request-records';
export * from './tracking-records';
export * from './connect-records';
export * from './store';
export { connectionKey, requestIdFor } from './request-id';
export { assertNoSecrets } from './secret-guard';
export { SqliteStore, databasePath, type SqliteStoreOptions } from './sqlite/sqlite-store';
