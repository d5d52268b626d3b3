import { createHash } from 'node:crypto';

/**
 * ARM ids compare case-insensitively (Azure itself returns the same id in different casings across APIs), so the
 * lowercased id is the connection's identity.
 */
export function connectionKey(connectionId: string): string {
  return connectionId.trim().toLowerCase();
}

/**
 * The request id is derived from the connection, not generated: every poll, restart and (later) every instance
 * computes the same id for the same connection, so "one request per connection" needs no lookup first. It is a
 * short hash rather than the ARM id itself because it travels in card action data and blob names; 80 bits make a
 * collision between the connections one organisation ever sees negligible.
 */
export function requestIdFor(connectionId: string): string {
  return `req-${createHash('sha256').update(connectionKey(connectionId)).digest('hex').slice(0, 20)}`;
}

/** What `requestIdFor` makes: card action data naming anything else is refused before any lookup. */
export const REQUEST_ID_PATTERN = /^req-[0-9a-f]{20}$/;
