/**
 * How `next` grew from `previous` when items were only put in front and the oldest dropped from the
 * end (the newest-first fills list on every batch): the count put in front, or -1 for any other
 * change. O(n) identity compares, no hashing: the cheap way for a consumer of a 100,000-item list to
 * find the few new items of a batch.
 */
export function prependedCount<T>(previous: readonly T[], next: readonly T[], maxPrepended = Infinity): number {
  if (previous.length === 0) return -1;
  const k = next.indexOf(previous[0]!);
  if (k < 0 || k > maxPrepended) return -1;
  for (let j = k; j < next.length; j++) if (next[j] !== previous[j - k]) return -1;
  return k;
}

/**
 * The items of `next` not in `seen`. When the list only grew in front since `previous` (every item of
 * which was seen), only that front is looked up: a few items instead of the whole list.
 */
export function unseenItems<T extends object>(
  previous: readonly T[] | undefined,
  next: readonly T[],
  seen: WeakSet<T>,
): T[] {
  const k = previous ? prependedCount(previous, next) : -1;
  return (k >= 0 ? next.slice(0, k) : next).filter((item) => !seen.has(item));
}
