import { describe, expect, it } from 'vitest';
import type { GapRecord } from '../../../domain/types';
import { panelGapLines } from './panel-gaps';

const at = (h: number, m: number, s: number) => new Date(2025, 7, 29, h, m, s).getTime();
const NOW = at(15, 0, 0);
const gap = (connectionId: string, from: number, to: number | null, recovered: GapRecord['recovered']): GapRecord => ({
  connectionId,
  from,
  to,
  recovered,
});

const zdexOpen = gap('zdex-main', at(14, 59, 0), null, 'pending');
const zdexMissing = gap('zdex-main', at(14, 2, 11), at(14, 2, 19), 'none');
const zdexFull = gap('zdex-main', at(14, 30, 0), at(14, 30, 4), 'full');
const railsRecovering = gap('rails-btc', at(14, 58, 0), at(14, 58, 6), 'pending');
const railsPartial = gap('rails-btc', at(13, 0, 0), at(13, 0, 9), 'partial');
const byConnection = new Map([
  ['zdex-main', [zdexMissing, zdexFull, zdexOpen]],
  ['rails-btc', [railsPartial, railsRecovering]],
]);
const shown = (panel: Parameters<typeof panelGapLines>[1]) => panelGapLines(byConnection, panel, NOW).map((l) => l.gap);

describe('which gaps show in which panel', () => {
  it('fills and orders: open, recovering and possibly-missing gaps of every connection, newest first; never a full one', () => {
    expect(shown('fills')).toEqual([zdexOpen, railsRecovering, zdexMissing, railsPartial]);
    expect(shown('orders')).toEqual(shown('fills'));
    expect(panelGapLines(byConnection, 'orders', NOW)[2]?.text).toBe(
      'zdex-main: order updates between 14:02:11 and 14:02:19 may be missing',
    );
  });

  it('positions and balances: only gaps still open or recovering', () => {
    expect(shown('positions')).toEqual([zdexOpen, railsRecovering]);
    expect(panelGapLines(byConnection, 'balances', NOW).map((l) => l.text)).toEqual([
      'balances of zdex-main may be stale since 14:59:00 (not live)',
      'balances of rails-btc may be stale since 14:58:00 (recovering)',
    ]);
  });

  it('positions and balances: a gap not recovered in full stays until the connection shows an update after it', () => {
    const freshness = {
      positions: new Map([['zdex-main', at(14, 0, 0)]]),
      balances: new Map([['zdex-main', at(14, 2, 20)]]),
    };
    const settled = new Map([['zdex-main', [zdexMissing, zdexFull]]]);
    expect(panelGapLines(settled, 'positions', NOW, freshness).map((l) => l.text)).toEqual([
      'positions of zdex-main may be stale since 14:02:11 (not recovered; not updated since)',
    ]);
    // Its balances were updated after the gap ended: fresh.
    expect(panelGapLines(settled, 'balances', NOW, freshness)).toEqual([]);
    // A connection that shows no positions (Rails has none) is never marked.
    expect(panelGapLines(new Map([['rails-btc', [railsPartial]]]), 'positions', NOW, freshness)).toEqual([]);
  });

  it('a day after it ended, a gap with something missing no longer shows', () => {
    const later = at(15, 0, 0) + 24 * 3_600_000;
    const settled = new Map([['zdex-main', [zdexMissing]]]);
    expect(panelGapLines(settled, 'fills', later)).toEqual([]);
  });
});
