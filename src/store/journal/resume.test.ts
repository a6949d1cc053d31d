import { describe, expect, it } from 'vitest';
import { applyEvents } from '../apply-batch';
import { emptyPortfolio } from '../state';
import { sessionResumeFor } from './resume';
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
