import { createHash } from 'node:crypto';

/**
 * PostgreSQL advisory locks are named by one 64-bit number per database. The bot derives it from what the lock is
 * for and the schema the store lives in, so two deployments (or two test files) in different schemas of one
 * database never wait for each other, while every instance of one deployment computes the same key.
 */
export function advisoryLockKey(purpose: string, schema: string): string {
  const digest = createHash('sha256').update(`pl-bot:${purpose}:${schema}`).digest();
  return digest.readBigInt64BE(0).toString();
}
