import { describe, expect, it } from 'vitest';
import { applyEvents } from '../apply-batch';
import { emptyPortfolio } from '../state';
import { journaledLiveUntil, ResumeLiveness, sessionResumeFor } from './resume';
import { C, fill, fillEvents, order, orderEvents, T0 } from './test-support';

describe('sessionResumeFor', () => {
  const state = applyEvents(emptyPortfolio(), [
    ...orderEvents([
      order('full', 'partially_filled', T0 + 5, { filledQuantity: '0.8' }),
      order('partial', 'partially_filled', T0 + 6, { filledQuantity: '1' }),
      order('nofill', 'open', T0),
      order('x', 'open', T0, { connectionId: 'other', filledQuantity: '0' }),
    ]),
    ...fillEvents([
      fill('full:0.5', T0 + 1, { orderId: 'full', quantity: '0.5', fee: '0.00001', feeAsset: 'BTC' }),
      fill('full:0.8', T0 + 5, { orderId: 'full', quantity: '0.3', fee: '0.000006', feeAsset: 'BTC' }),
      fill('partial:0.4', T0 + 2, { orderId: 'partial', quantity: '0.4', fee: '0.1', feeAsset: 'BTC' }),
    ]),
  ]);

  it("lists the connection's orders with their filled quantity, and fees only when the known fills add up", () => {
    const resume = sessionResumeFor(state, C);
    expect(resume?.orders.sort((a, b) => a.orderId.localeCompare(b.orderId))).toEqual([
      { orderId: 'full', filledQuantity: '0.8', updatedAt: T0 + 5, filledFees: '0.000016' },
      { orderId: 'partial', filledQuantity: '1', updatedAt: T0 + 6 },
    ]);
  });

  it('nothing to resume: undefined', () => {
    expect(sessionResumeFor(state, 'nobody')).toBeUndefined();
    expect(sessionResumeFor(emptyPortfolio(), C)).toBeUndefined();
  });
});

describe('liveUntil after a reload', () => {
  const gap = (from: number, recovered: 'pending' | 'full' | 'none', to: number | null = from + 1_000) => ({
    connectionId: C,
    from,
    to,
    recovered,
  });

  it('is the journaled liveUntil, or the from of an earlier gap still pending, whichever is earlier', () => {
    const liveness = [
      { connectionId: C, liveUntil: T0 + 9_000 },
      { connectionId: 'quiet', liveUntil: T0 + 5_000 },
    ];
    // Settled gaps do not count; a pending one (closed or open) does.
    expect(journaledLiveUntil({ liveness, gaps: [gap(T0, 'full'), gap(T0 + 2_000, 'none')] })).toEqual(
      new Map([
        [C, T0 + 9_000],
        ['quiet', T0 + 5_000],
      ]),
    );
    expect(
      journaledLiveUntil({ liveness, gaps: [gap(T0 + 3_000, 'pending'), gap(T0 + 6_000, 'pending', null)] }).get(C),
    ).toBe(T0 + 3_000);
    // A pending gap later than the last live moment (the stream stopped before the gap was seen) does not move it.
    expect(journaledLiveUntil({ liveness, gaps: [gap(T0 + 9_500, 'pending', null)] }).get(C)).toBe(T0 + 9_000);
    // Never live in an earlier page: nothing.
    expect(journaledLiveUntil({ liveness: [], gaps: [] }).size).toBe(0);
    expect(journaledLiveUntil({}).size).toBe(0);
  });

  it("is handed out once per connection: the first connect after the reload, not an edit's reconnect", () => {
    const liveness = new ResumeLiveness({ liveness: [{ connectionId: C, liveUntil: T0 }] });
    expect(liveness.take(C)).toBe(T0);
    expect(liveness.take(C)).toBeUndefined();
    expect(liveness.take('never-live')).toBeUndefined();
  });

  it('rides with the connect command, with or without orders to resume', () => {
    expect(sessionResumeFor(emptyPortfolio(), C, T0)).toEqual({ orders: [], liveUntil: T0 });
    const withOrders = applyEvents(emptyPortfolio(), orderEvents([order('o', 'open', T0, { filledQuantity: '0' })]));
    expect(sessionResumeFor(withOrders, C, T0 + 1)).toEqual({
      orders: [{ orderId: 'o', filledQuantity: '0', updatedAt: T0 }],
      liveUntil: T0 + 1,
    });
    expect(sessionResumeFor(withOrders, C)).not.toHaveProperty('liveUntil');
  });
});
