import type { Store } from '../store/store';

/**
 * A request listed on a summary card instead of getting its own card in a conversation is marked there under the
 * card key `<requestId>:summary`, holding the summary's posting (where it is, what a tap on it carries). The
 * request's own key `<requestId>` stays free, so "Open card", `pending` and an escalation can still post the real
 * card exactly once, and updates and thread replies never land on the summary.
 */
export function summaryCoverKey(requestId: string): string {
  return `${requestId}:summary`;
}

/**
 * Whether the request needs no card of its own in the conversation this cycle: a summary listed it, or one is
 * being posted (its cover is reserved). A cover reserved long ago and never posted means the poster crashed; it is
 * taken over (the store's reservation timeout decides) and given back, so the request gets a card after all —
 * rather a rare duplicate than a request nobody sees.
 */
export async function coveredBySummary(
  store: Store,
  requestId: string,
  conversationId: string,
): Promise<boolean> {
  const key = summaryCoverKey(requestId);
  const cover = await store.cards.getCard(key, conversationId);
  if (!cover) return false;
  if (cover.activityId !== undefined) return true;
  if (!(await store.cards.reserveCard(key, conversationId))) return true;
  await store.cards.releaseCardReservation(key, conversationId);
  return false;
}
