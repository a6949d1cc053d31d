import { Decimal, dec, decText } from '../decimal';
import type { Fill } from '../types';
import { unseenItems } from '../prepended';
import type { FillPosition } from './average-cost';

/** Fee paid per connection, symbol and fee asset (no asset: `asset` undefined). */
export interface FeeTotal {
  connectionId: string;
  /** The symbol of the fills that paid it (PnL by symbol). */
  symbol?: string;
  asset?: string;
  amount: string;
}

/**
 * What valuation needs from the fills: average-cost positions (see average-cost.ts for the method)
 * and fees by asset.
 */
export interface FillSummary {
  positions: FillPosition[];
  fees: FeeTotal[];
}

export const groupKey = (f: Fill) => `${f.connectionId}|${f.symbol}`;
/** Fills in the order average cost applies them: by time, ties by fill id. */
export const byTime = (a: Fill, b: Fill) => a.time - b.time || (a.fillId < b.fillId ? -1 : a.fillId > b.fillId ? 1 : 0);

/** One connection and symbol's position by average cost, fill after fill (in `byTime` order). */
export class AverageCostGroup {
  qty = dec(0);
  avg = dec(0);
  realized = dec(0);
  count = 0;
  last: Fill | undefined;
  constructor(
    readonly connectionId: string,
    readonly symbol: string,
  ) {}

  /** Apply one fill (fills must come in time order, ties by fill id); returns the PnL it realized. */
  add(f: Fill): Decimal {
    const q = dec(f.quantity);
    const delta = f.side === 'buy' ? q : q.neg();
    const price = dec(f.price);
    this.count += 1;
    this.last = f;
    if (this.qty.isZero() || this.qty.isPositive() === delta.isPositive()) {
      const size = this.qty.abs().plus(q);
      this.avg = size.isZero() ? dec(0) : this.avg.times(this.qty.abs()).plus(price.times(q)).div(size);
      this.qty = this.qty.plus(delta);
      return dec(0);
    }
    const closed = Decimal.min(q, this.qty.abs());
    const realized = price
      .minus(this.avg)
      .times(closed)
      .times(this.qty.isPositive() ? 1 : -1);
    this.realized = this.realized.plus(realized);
    const next = this.qty.plus(delta);
    if (next.isZero()) this.avg = dec(0);
    else if (next.isPositive() !== this.qty.isPositive()) this.avg = price;
    this.qty = next;
    return realized;
  }

  view(): FillPosition {
    return {
      connectionId: this.connectionId,
      symbol: this.symbol,
      quantity: decText(this.qty),
      ...(this.qty.isZero() ? {} : { averagePrice: decText(this.avg) }),
      realizedPnl: decText(this.realized),
      fills: this.count,
    };
  }
}

/**
 * Keeps the fill summary up to date as the fill list grows, applying only the fills it has not seen
 * (a session holds up to 20,000 fills: recomputing them all on every new fill costs ~0.4 s). Fills are
 * immutable objects shared between states, so "seen" is object identity. A fill older than the last
 * one applied to its symbol replays that symbol from the list; a list with no fill seen before (a
 * reset, a restored journal, another state) starts over. Fills evicted from the bounded list stay
 * counted; a removed connection is dropped with `forget`.
 */
export class FillSummarizer {
  private groups = new Map<string, AverageCostGroup>();
  private fees = new Map<string, { connectionId: string; symbol: string; asset?: string; amount: Decimal }>();
  private applied = new WeakSet<Fill>();
  private appliedAny = false;
  private list: readonly Fill[] | undefined;
  private summary: FillSummary = { positions: [], fees: [] };

  update(fills: readonly Fill[]): FillSummary {
    if (fills === this.list) return this.summary;
    let fresh = unseenItems(this.list, fills, this.applied);
    if (this.appliedAny && fresh.length === fills.length) {
      this.reset();
      fresh = [...fills];
    }
    const freshByGroup = new Map<string, Fill[]>();
    for (const f of fresh) {
      const list = freshByGroup.get(groupKey(f));
      if (list) list.push(f);
      else freshByGroup.set(groupKey(f), [f]);
      this.addFee(f);
    }
    for (const [key, list] of freshByGroup) {
      list.sort(byTime);
      const group = this.groups.get(key);
      if (group?.last && byTime(list[0]!, group.last) < 0) {
        // A late fill, older than what was applied: replay the symbol in time order.
        const rebuilt = new AverageCostGroup(group.connectionId, group.symbol);
        for (const f of fills.filter((x) => groupKey(x) === key).sort(byTime)) rebuilt.add(f);
        this.groups.set(key, rebuilt);
        continue;
      }
      const target = group ?? new AverageCostGroup(list[0]!.connectionId, list[0]!.symbol);
      this.groups.set(key, target);
      for (const f of list) target.add(f);
    }
    for (const f of fresh) this.applied.add(f);
    this.appliedAny ||= fresh.length > 0;
    this.list = fills;
    return this.publish();
  }

  /** Drop everything of a connection that was removed. */
  forget(connectionId: string): FillSummary {
    const prefix = `${connectionId}|`;
    for (const key of [...this.groups.keys()]) if (key.startsWith(prefix)) this.groups.delete(key);
    for (const key of [...this.fees.keys()]) if (key.startsWith(prefix)) this.fees.delete(key);
    return this.publish();
  }

  /** Connection ids with fills in the summary. */
  connectionIds(): Set<string> {
    return new Set([...this.groups.values()].map((g) => g.connectionId));
  }

  private publish(): FillSummary {
    this.summary = {
      positions: [...this.groups.values()]
        .map((g) => g.view())
        .sort((a, b) => `${a.connectionId}|${a.symbol}`.localeCompare(`${b.connectionId}|${b.symbol}`)),
      fees: [...this.fees.values()].map((e) => ({ ...e, amount: decText(e.amount) })),
    };
    return this.summary;
  }

  private reset(): void {
    this.groups = new Map();
    this.fees = new Map();
    this.applied = new WeakSet();
    this.appliedAny = false;
  }

  private addFee(f: Fill): void {
    if (f.fee === undefined) return;
    const key = `${f.connectionId}|${f.symbol}|${f.feeAsset ?? ''}`;
    const entry = this.fees.get(key);
    if (entry) entry.amount = entry.amount.plus(f.fee);
    else
      this.fees.set(key, {
        connectionId: f.connectionId,
        symbol: f.symbol,
        ...(f.feeAsset !== undefined ? { asset: f.feeAsset } : {}),
        amount: dec(f.fee),
      });
  }
}

/** The summary of a list of fills, computed from scratch. */
export function summarizeFills(fills: Iterable<Fill>): FillSummary {
  return new FillSummarizer().update([...fills]);
}

/** One fill with the PnL it realized by average cost (fill-summary's method), in the quote asset. */
export interface RealizedFill {
  fill: Fill;
  /** "0" for a fill that only adds to its position. */
  realized: string;
}

/**
 * Every fill with the PnL it realized, by the same average-cost method as the summary (per
 * connection and symbol, in time order, ties by fill id). Returned in that time order.
 */
export function realizedByFill(fills: Iterable<Fill>): RealizedFill[] {
  const sorted = [...fills].sort(byTime);
  const groups = new Map<string, AverageCostGroup>();
  return sorted.map((f) => {
    let group = groups.get(groupKey(f));
    if (!group) groups.set(groupKey(f), (group = new AverageCostGroup(f.connectionId, f.symbol)));
    return { fill: f, realized: decText(group.add(f)) };
  });
}
