import { describe, expect, it } from 'vitest';
import { meetsTarget } from '../measure';
import type { ConnectionState } from './board-reads';
import { soakResults, type SoakSample } from './soak-results';

const sample = (minute: number, pageMiB: number, workerMiB: number, fills: number): SoakSample => ({
  minute,
  pageMiB,
  workerMiB,
  fills,
  openOrders: 3,
  live: 2,
});
const samples = [sample(0, 10, 2, 0), sample(1, 20, 10, 50), sample(2, 21, 10.5, 90), sample(3, 25, 10.5, 140)];
const live: ConnectionState[] = [
  { id: 'zdex-main', status: 'live', reconnects: 0 },
  { id: 'rails-btc', status: 'live', reconnects: 1 },
];

const byName = (results: ReturnType<typeof soakResults>) => Object.fromEntries(results.map((r) => [r.name, r]));

describe('soakResults', () => {
  it('measures page and worker growth from the baseline, with the fills held at both ends', () => {
    const r = byName(soakResults({ samples, warmUp: 0.3, minutes: 3, connections: live, orders: 400 }));
    expect(r['soak-heap-growth']!.figure).toBeCloseTo(0.25);
    expect(meetsTarget(r['soak-heap-growth']!)).toBe(false);
    expect(r['soak-heap-growth']!.details).toMatchObject({
      baselineMinute: 1,
      fillsAtBaseline: 50,
      fillsAtEnd: 140,
      ordersAtEnd: 400,
    });
    expect(r['soak-worker-heap-growth']!.figure).toBeCloseTo(0.05);
    expect(meetsTarget(r['soak-worker-heap-growth']!)).toBe(true);
    expect(meetsTarget(r['soak-live-connections']!)).toBe(true);
    expect(r['soak-live-connections']!.details.statuses).toBe(
      'zdex-main=live/0 reconnects rails-btc=live/1 reconnects',
    );
  });

  it('fails when a connection is not live at the end, or none is on the board', () => {
    const oneDown = [live[0]!, { id: 'rails-btc', status: 'reconnecting', reconnects: 4 }];
    const down = byName(soakResults({ samples, warmUp: 0.3, minutes: 3, connections: oneDown, orders: 0 }));
    expect(down['soak-live-connections']!.figure).toBe(1);
    expect(meetsTarget(down['soak-live-connections']!)).toBe(false);
    const none = byName(soakResults({ samples, warmUp: 0.3, minutes: 3, connections: [], orders: 0 }));
    expect(meetsTarget(none['soak-live-connections']!)).toBe(false);
  });
});
