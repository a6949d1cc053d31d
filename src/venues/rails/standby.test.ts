import { describe, expect, it } from 'vitest';
import { railsAdapter } from './adapter';
import { Harness, fixture } from './test-support';

/**
 * A hot standby pair (adapter `standby: true`): two sessions of one connection, each on its own socket,
 * fed the identical sequence (Rails' deterministic delivery). They must emit the identical fills (same
 * ids, so the ingest core keeps one) and order updates (so the store's merge is idempotent), whatever
 * each socket saw before.
 */
describe('two sessions of one connection', () => {
  it('emit identical fill ids and identical events for the identical sequence', () => {
    expect(railsAdapter.standby).toBe(true);
    const frames = [
      fixture('public-order-book.constructed'),
      fixture('completed-orders-delta.constructed'),
      fixture('order-update-filled.constructed'),
      fixture('cancel-order-ack.constructed'),
      fixture('completed-orders-delta.constructed'),
    ];
    const [a, b] = [new Harness(), new Harness()];
    a.open();
    b.open();
    // The standby saw a reconnect the other did not.
    b.closed(1006);
    b.open();
    a.feedAll(frames);
    b.feedAll(frames);
    expect(b.fills().map((f) => f.fillId)).toEqual(a.fills().map((f) => f.fillId));
    expect(b.fills()).toEqual(a.fills());
    expect(b.orders()).toEqual(a.orders());
    expect(a.fills()).toHaveLength(2);
  });
});
