import type { MarkKind, PriceMark } from '../types';
import { dec } from '../decimal';

/**
 * Which of several prices of the same pair to use. The freshest wins, except that prices within
 * EQUALLY_FRESH_MS of the freshest count as equally fresh, and among those the kind decides:
 * a venue's mark price, then a ticker's last price, then a book mid, then a single public trade
 * (a mark or a ticker is what venues value positions at; one trade can print far from the book).
 * Ties after that: the newest, then the connection id (so the choice is deterministic).
 */
export const EQUALLY_FRESH_MS = 5_000;

export const KIND_RANK: Readonly<Record<MarkKind, number>> = { mark: 0, ticker: 1, book: 2, trade: 3 };

/** A price is usable when it is a positive decimal. */
export function isUsablePrice(mark: Pick<PriceMark, 'price'>): boolean {
  try {
    return dec(mark.price).gt(0);
  } catch {
    return false;
  }
}

export function choosePrice<T extends Pick<PriceMark, 'kind' | 'time' | 'price' | 'connectionId'>>(
  candidates: readonly T[],
): T | undefined {
  const usable = candidates.filter(isUsablePrice);
  if (usable.length === 0) return undefined;
  const freshest = Math.max(...usable.map((c) => c.time));
  const fresh = usable.filter((c) => freshest - c.time <= EQUALLY_FRESH_MS);
  return fresh.sort(
    (a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || b.time - a.time || a.connectionId.localeCompare(b.connectionId),
  )[0];
}
