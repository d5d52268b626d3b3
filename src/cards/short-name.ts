/**
 * Names Azure makes long: a private endpoint connection is often "<factory>.<endpoint>-<GUID>", which wraps a card's
 * fact over three lines and pushes the rest away. Cards show a short form and keep the full name a tap away.
 */
const GUID = /([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Longer names are shortened: a GUID to its first 8 digits, then, if still too long, the middle. */
export const SHORT_NAME_MAX = 36;

export function shortName(name: string, max = SHORT_NAME_MAX): string {
  if (name.length <= max) return name;
  const withoutGuids = name.replace(GUID, '$1…');
  if (withoutGuids.length <= max) return withoutGuids;
  const tail = 8;
  return `${withoutGuids.slice(0, max - tail - 1)}…${withoutGuids.slice(-tail)}`;
}
