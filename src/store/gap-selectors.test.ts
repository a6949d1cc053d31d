import { describe, expect, it } from 'vitest';
import type { GapRecord } from '../domain/types';
import {
  GAP_ATTENTION_MS,
  RECOVERED_MARK_MS,
  connectionGapView,
  gapsForPanel,
  gapsLeavingStateStale,
  selectStateFreshness,
} from './gap-selectors';
import { applyEvents } from './apply-batch';
import { emptyPortfolio } from './state';

const T0 = 1_756_478_000_000;
const g = (over: Partial<GapRecord> & Pick<GapRecord, 'from'>): GapRecord => ({
  connectionId: 'zdex-main',
  to: over.from + 8_000,
  recovered: 'none',
  ...over,
});

const open = g({ from: T0, to: null, recovered: 'pending' });
const recovering = g({ from: T0 - 60_000, recovered: 'pending' });
const missing = g({ from: T0 - 120_000, recovered: 'partial' });
const full = g({ from: T0 - 180_000, recovered: 'full' });

describe('gapsLeavingStateStale', () => {
  it('keeps the gaps still open or still recovering; nothing settled when the connection shows no state', () => {
    expect(gapsLeavingStateStale([full, missing, recovering, open])).toEqual([recovering, open]);
  });

  it('a gap settled partial or none stays until the connection shows state updated after it ended', () => {
    const none = g({ from: T0 - 240_000, recovered: 'none' });
    const now = T0 + 1_000;
    // Rows last updated before the gaps ended: what they show may be stale.
    expect(gapsLeavingStateStale([none, full, missing], none.from, now)).toEqual([none, missing]);
    // An update after the older gap ended, not after the newer one: only the newer one stays.
    expect(gapsLeavingStateStale([none, full, missing], none.to! + 1, now)).toEqual([missing]);
    expect(gapsLeavingStateStale([none, full, missing], missing.to! + 1, now)).toEqual([]);
    // A full recovery leaves nothing stale.
    expect(gapsLeavingStateStale([full], full.from, now)).toEqual([]);
    // Like the activity panels', a settled gap stops being shown a day after it ended.
    expect(gapsLeavingStateStale([missing], missing.from, missing.to! + GAP_ATTENTION_MS + 1)).toEqual([]);
  });
});

describe('selectStateFreshness', () => {
  it("is each connection's newest position and balance update; absent for a connection without any", () => {
    const s = applyEvents(emptyPortfolio(), [
      { kind: 'balance', balance: { connectionId: 'roxom-main', asset: 'BTC', total: '1', updatedAt: T0 } },
      { kind: 'balance', balance: { connectionId: 'roxom-main', asset: 'USD', total: '5', updatedAt: T0 + 5 } },
      {
        kind: 'position',
        position: { connectionId: 'zdex-main', symbol: 'BTCUSDT', quantity: '1', updatedAt: T0 + 7 },
      },
    ]);
    const fresh = selectStateFreshness(s);
    expect([...fresh.balances]).toEqual([['roxom-main', T0 + 5]]);
    expect([...fresh.positions]).toEqual([['zdex-main', T0 + 7]]);
  });
});

describe('connectionGapView', () => {
  it('lists what needs attention newest first, and no recovered mark while something does', () => {
    const view = connectionGapView([full, missing, recovering, open], T0 + 1_000);
    expect(view.attention).toEqual([open, recovering, missing]);
    expect(view.recentlyRecovered).toBeUndefined();
  });

  it('marks a full recovery quietly for a while after it ended, then shows nothing', () => {
    const now = full.to! + RECOVERED_MARK_MS;
    expect(connectionGapView([full], now)).toEqual({ attention: [], recentlyRecovered: full });
    expect(connectionGapView([full], now + 1)).toEqual({ attention: [] });
  });

  it('the recovered mark belongs to the newest gap only: an older full one under a newer partial one shows the partial', () => {
    const view = connectionGapView([full, missing], missing.to! + 1_000);
    expect(view).toEqual({ attention: [missing] });
  });

  it('a gap with something missing leaves the attention list a day after it ended', () => {
    expect(connectionGapView([missing], missing.to! + GAP_ATTENTION_MS).attention).toEqual([missing]);
    expect(connectionGapView([missing], missing.to! + GAP_ATTENTION_MS + 1).attention).toEqual([]);
  });
});

describe('gapsForPanel', () => {
  const other = g({ connectionId: 'rails-btc', from: T0 - 30_000, to: null, recovered: 'pending' });
  const byConnection = new Map([
    ['zdex-main', [full, missing, recovering, open]],
    ['rails-btc', [other]],
  ]);

  it('activity panels (fills, orders) get every gap needing attention, over all connections, newest first', () => {
    expect(gapsForPanel(byConnection, 'activity', T0 + 1_000)).toEqual([open, other, recovering, missing]);
  });

  it('state panels (positions, balances) get what is open or recovering, and a settled partial gap while no update followed it', () => {
    expect(gapsForPanel(byConnection, 'state', T0 + 1_000)).toEqual([open, other, recovering]);
    const stale = new Map([['zdex-main', missing.from]]);
    expect(gapsForPanel(byConnection, 'state', T0 + 1_000, stale)).toEqual([open, other, recovering, missing]);
    const updated = new Map([['zdex-main', missing.to! + 1]]);
    expect(gapsForPanel(byConnection, 'state', T0 + 1_000, updated)).toEqual([open, other, recovering]);
  });

  it('nothing to say when every gap recovered in full', () => {
    const quiet = new Map([['zdex-main', [full]]]);
    expect(gapsForPanel(quiet, 'activity', full.to! + 1)).toEqual([]);
    expect(gapsForPanel(quiet, 'state', full.to! + 1)).toEqual([]);
  });
});
