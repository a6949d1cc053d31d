import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../domain/events';
import type { Position } from '../domain/types';
import { CoalescingBuffer } from './coalescing-buffer';

/**
 * A small model of the store's rules (src/store/apply-batch.ts: newest timestamp wins per key, a
 * tie goes to the later event, a close books the realized PnL of the position it removes, a
 * snapshot closes what it omits). Coalescing is correct when the model ends in the same state from
 * the raw events as from the coalesced ones.
 */
interface Model {
  marks: Map<string, { price: string; time: number }>;
  positions: Map<string, Position>;
  closedAt: Map<string, number>;
  balances: Map<string, { total: string; updatedAt: number }>;
  /** Realized PnL booked by closes (a sum in the store, so compared as a multiset). */
  booked: string[];
}

function close(m: Model, symbol: string, time: number): void {
  const existing = m.positions.get(symbol);
  if (existing && existing.updatedAt > time) return;
  if ((m.closedAt.get(symbol) ?? -1) < time) m.closedAt.set(symbol, time);
  if (!existing) return;
  m.positions.delete(symbol);
  m.booked.push(existing.realizedPnl ?? '0');
}

function position(m: Model, p: Position): void {
  const closedAt = m.closedAt.get(p.symbol);
  if (closedAt !== undefined && p.updatedAt <= closedAt) return;
  const existing = m.positions.get(p.symbol);
  if (existing && existing.updatedAt > p.updatedAt) return;
  m.positions.set(p.symbol, p);
}

function model(events: DomainEvent[]): Model {
  const m: Model = { marks: new Map(), positions: new Map(), closedAt: new Map(), balances: new Map(), booked: [] };
  for (const e of events) {
    if (e.kind === 'mark') {
      const held = m.marks.get(e.mark.symbol);
      if (!held || held.time <= e.mark.time) m.marks.set(e.mark.symbol, { price: e.mark.price, time: e.mark.time });
    } else if (e.kind === 'position') {
      position(m, e.position);
    } else if (e.kind === 'position-closed') {
      close(m, e.symbol, e.time);
    } else if (e.kind === 'balance') {
      const held = m.balances.get(e.balance.asset);
      if (!held || held.updatedAt <= e.balance.updatedAt) m.balances.set(e.balance.asset, e.balance);
    } else if (e.kind === 'account-snapshot') {
      const present = new Set(e.positions.map((p) => p.symbol));
      for (const symbol of [...m.positions.keys()]) if (!present.has(symbol)) close(m, symbol, e.time);
      for (const p of e.positions) position(m, p);
    }
  }
  return { ...m, booked: [...m.booked].sort() };
}

const C = 'c1';
const symbol = fc.constantFrom('A', 'B');
const time = fc.integer({ min: 0, max: 6 });
const amount = fc.integer({ min: 1, max: 5 }).map(String);

const eventArb: fc.Arbitrary<DomainEvent> = fc.oneof(
  fc.record({ symbol, price: amount, time }).map(({ symbol, price, time }): DomainEvent => ({
    kind: 'mark',
    mark: { connectionId: C, symbol, kind: 'mark', price, time },
  })),
  fc
    .record({ symbol, quantity: amount, realized: amount, time })
    .map(({ symbol, quantity, realized, time }): DomainEvent => ({
      kind: 'position',
      position: { connectionId: C, symbol, quantity, realizedPnl: realized, updatedAt: time },
    })),
  fc
    .record({ symbol, time })
    .map(({ symbol, time }): DomainEvent => ({ kind: 'position-closed', connectionId: C, symbol, time })),
  fc
    .record({ asset: fc.constantFrom('USDT', 'BTC'), total: amount, time })
    .map(({ asset, total, time }): DomainEvent => ({
      kind: 'balance',
      balance: { connectionId: C, asset, total, updatedAt: time },
    })),
  fc.record({ held: fc.subarray(['A', 'B']), quantity: amount, time }).map(({ held, quantity, time }): DomainEvent => ({
    kind: 'account-snapshot',
    connectionId: C,
    time,
    scope: { orders: false, positions: true, balances: false },
    openOrders: [],
    balances: [],
    positions: held.map((s) => ({ connectionId: C, symbol: s, quantity, realizedPnl: '0', updatedAt: time })),
  })),
);

describe('CoalescingBuffer', () => {
  it('property: the store ends in the same state from coalesced events as from all of them', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 60 }), (events) => {
        const buffer = new CoalescingBuffer(10_000);
        for (const e of events) buffer.push(C, e);
        expect(model(buffer.take())).toEqual(model(events));
      }),
      { numRuns: 500 },
    );
  });

  it('property: kept events are a subsequence of the input, in order', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 60 }), (events) => {
        const buffer = new CoalescingBuffer(10_000);
        for (const e of events) buffer.push(C, e);
        let at = 0;
        for (const kept of buffer.take()) {
          at = events.indexOf(kept, at);
          expect(at).toBeGreaterThanOrEqual(0);
          at++;
        }
      }),
    );
  });

  it('compacts its holes: a long run of marks for one symbol holds one slot', () => {
    const buffer = new CoalescingBuffer(5);
    for (let i = 0; i < 10_000; i++) {
      expect(
        buffer.push(C, {
          kind: 'mark',
          mark: { connectionId: C, symbol: 'A', kind: 'ticker', price: String(i), time: i },
        }),
      ).toBe(true);
    }
    expect(buffer.size).toBe(1);
    expect(buffer.take()).toHaveLength(1);
    expect(buffer.size).toBe(0);
  });

  it('purges one connection and keeps coalescing the rest', () => {
    const buffer = new CoalescingBuffer(100);
    const mark = (connectionId: string, price: string): DomainEvent => ({
      kind: 'mark',
      mark: { connectionId, symbol: 'A', kind: 'mark', price, time: 1 },
    });
    buffer.push('x', mark('x', '1'));
    buffer.push('y', mark('y', '2'));
    buffer.purge('x');
    buffer.push('y', mark('y', '3'));
    expect(buffer.take()).toEqual([mark('y', '3')]);
  });
});
