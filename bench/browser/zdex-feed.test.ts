import { describe, expect, it } from 'vitest';
import { Harness, config } from '../../src/venues/zdex/test-support';
import {
  CONFIGURED,
  PROBE_BASE,
  PROBE_EVERY,
  authenticatedFrame,
  connectedFrame,
  feedFrame,
  fullStateFrame,
  isProbe,
  probeSequence,
} from './zdex-feed';

const T = 1_780_000_000_000;

/** The app's ZDEX session, logged in on the feed's own handshake. */
function liveOnFeed(): Harness {
  const h = new Harness(config({ options: { symbols: [...CONFIGURED] } }));
  h.open();
  h.feed(connectedFrame());
  h.feed(authenticatedFrame());
  expect(h.feed(fullStateFrame(T)).status).toEqual({ status: 'live' });
  return h;
}

describe('the browser bench feed', () => {
  it('is read by the ZDEX session without a malformed, unknown or erroneous frame', () => {
    const h = liveOnFeed();
    const from = h.outputs.length;
    for (let seq = 1; seq <= 600; seq++) h.feed(feedFrame(seq, T + seq));
    expect(h.errors(from)).toEqual([]);
    expect(h.count('malformed')).toBe(0);
    expect(h.count('unknown')).toBe(0);
    // Public frames of the unconfigured symbols are dropped early: 4 of every 10.
    expect(h.count('filtered')).toBe(240);
    const kinds = new Set(h.events(from).map((e) => e.kind));
    for (const kind of ['balance', 'mark', 'order', 'position']) expect(kinds).toContain(kind);
  });

  it('carries its sequence number in every probe balance, and only there', () => {
    const h = liveOnFeed();
    const from = h.outputs.length;
    for (let seq = 1; seq <= 100; seq++) h.feed(feedFrame(seq, T + seq));
    const balances = h.events(from).flatMap((e) => (e.kind === 'balance' ? [e.balance] : []));
    expect(balances.map((b) => probeSequence(Number(b.total)))).toEqual(
      Array.from({ length: 100 / PROBE_EVERY }, (_, i) => (i + 1) * PROBE_EVERY),
    );
    expect(Array.from({ length: 100 }, (_, i) => i + 1).filter(isProbe)).toHaveLength(100 / PROBE_EVERY);
  });

  it('orders placed are canceled, so the open orders stay few', () => {
    const h = liveOnFeed();
    const from = h.outputs.length;
    for (let seq = 1; seq <= 3_000; seq++) h.feed(feedFrame(seq, T + seq));
    const latest = new Map<string, string | undefined>();
    for (const o of h.orders(from)) latest.set(o.orderId, o.status ?? latest.get(o.orderId));
    const open = [...latest.values()].filter((s) => s === 'open');
    expect(latest.size).toBeGreaterThan(50);
    expect(open.length).toBeLessThanOrEqual(1);
  });

  it('reads a probe total back and nothing else', () => {
    expect(probeSequence(PROBE_BASE + 40)).toBe(40);
    expect(probeSequence(PROBE_BASE)).toBeUndefined();
    expect(probeSequence(71_034.5)).toBeUndefined();
    expect(probeSequence(PROBE_BASE + 0.5)).toBeUndefined();
  });
});
