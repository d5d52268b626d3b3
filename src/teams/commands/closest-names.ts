import { distance } from 'fastest-levenshtein';

/**
 * The candidates a person most likely meant by `typed`: within a small edit distance (one slip per three letters or part of them,
 * at least one and at most three) or starting with what they typed, closest first, at most `max`, and none
 * more than one slip further than the closest.
 */
export function closestNames(typed: string, candidates: Iterable<string>, max = 3): string[] {
  const wanted = typed.toLowerCase();
  const allowed = Math.min(3, Math.max(1, Math.ceil(wanted.length / 3)));
  const scored: Array<{ name: string; score: number }> = [];
  for (const name of new Set(candidates)) {
    const lower = name.toLowerCase();
    if (lower === wanted) continue;
    const score = lower.startsWith(wanted) && wanted.length >= 2 ? 0.5 : distance(wanted, lower);
    if (score <= allowed) scored.push({ name, score });
  }
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  // A near-certain guess is not diluted by far ones: only names within one slip of the best are offered.
  const best = scored[0]?.score ?? 0;
  return scored
    .filter((s) => s.score <= best + 1)
    .slice(0, max)
    .map((s) => s.name);
}

/** "a", "a or b", "a, b or c". */
export function orList(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
