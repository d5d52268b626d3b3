/** Conversions at the SQLite edge: Dates as integer milliseconds, optional values as NULL, references as JSON. */
import type { Actor, ConversationKind, StoredReference } from '../conversation-records';

export function toMs(date: Date): number {
  return date.getTime();
}

export function optMs(date: Date | undefined): number | null {
  return date === undefined ? null : date.getTime();
}

export function fromMs(ms: number): Date {
  return new Date(ms);
}

export function optDate(ms: number | null): Date | undefined {
  return ms === null ? undefined : new Date(ms);
}

export function opt<T>(value: T | null): T | undefined {
  return value === null ? undefined : value;
}

export function nul<T>(value: T | undefined): T | null {
  return value === undefined ? null : value;
}

export function optActor(
  id: string | null,
  name: string | null,
  teamsUserId: string | null = null,
): Actor | undefined {
  if (id === null) return undefined;
  return { aadObjectId: id, name: name ?? '', ...(teamsUserId === null ? {} : { teamsUserId }) };
}

/** The database is our own, but a hand-edited or corrupted row must fail here rather than deep in botbuilder. */
export function parseReference(json: string): StoredReference {
  const value: unknown = JSON.parse(json);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('stored conversation reference is not an object');
  }
  return value as StoredReference;
}

export function asKind(kind: string): ConversationKind {
  if (kind === 'channel' || kind === 'groupChat' || kind === 'personal') return kind;
  throw new Error(`stored conversation kind is invalid: ${kind}`);
}

/** SQL placeholders for an IN list: `(?, ?, ?)`. */
export function placeholders(count: number): string {
  return `(${Array.from({ length: count }, () => '?').join(', ')})`;
}
