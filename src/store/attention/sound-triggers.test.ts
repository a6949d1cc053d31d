import { quietDiagnostics } from '../../domain/diagnostics';
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../domain/events';
import { RENEWING_CREDENTIAL, type ConnectionDiagnostics, type Fill, type Notification } from '../../domain/types';
import type { IngestBatch } from '../../ingest/protocol';
import { alertNotification } from '../alerts/alert-notification';
import { applyBatches, applyEvents } from '../apply-batch';
import { onEventsApplied, usePortfolio } from '../portfolio-store';
import { emptyPortfolio, type PortfolioState } from '../state';
import { CLOCK_SKEW_MS, dropped, soundsForChange, type SoundContext } from './sound-triggers';

const START = 1_796_000_000_000;
const C = 'zdex-main';
const REPLAY = 'replay-zdex-1';
const context: SoundContext = { since: START, isReplay: (id) => id === REPLAY };

const fill = (fillId: string, time = START + 1_000, connectionId = C): DomainEvent => ({
  kind: 'fill',
  fill: { connectionId, fillId, symbol: 'BTCUSDT', side: 'buy', price: '71000', quantity: '0.1', time } satisfies Fill,
});
const notification = (
  id: string,
  level: Notification['level'],
  time = START + 1_000,
  connectionId = 'scaletrade-cfd',
): DomainEvent => ({ kind: 'notification', notification: { connectionId, id, level, title: id, time } });

const diagnostics = (status: ConnectionDiagnostics['status'], more: Partial<ConnectionDiagnostics> = {}) =>
  quietDiagnostics(C, 'zdex', status, more);

const batch = (events: DomainEvent[], connections: ConnectionDiagnostics[] = []): IngestBatch => ({
  type: 'batch',
  seq: 1,
  events,
  connections,
  removed: [],
});

/** The sounds a batch applied to `prev` makes. */
function soundsOf(prev: PortfolioState, events: DomainEvent[], connections: ConnectionDiagnostics[] = []) {
  const next = applyBatches(prev, [batch(events, connections)], START + 2_000);
  return [...soundsForChange(events, prev, next, context)].sort();
}

describe('fills', () => {
  it('a new fill sounds; the same fill sent again does not', () => {
    expect(soundsOf(emptyPortfolio(), [fill('e1')])).toEqual(['fills']);
    const held = applyEvents(emptyPortfolio(), [fill('e1')]);
    expect(soundsOf(held, [fill('e1')])).toEqual([]);
    expect(soundsOf(held, [fill('e1'), fill('e2')])).toEqual(['fills']);
  });

  it("a replay row's fills never sound (a recording is history)", () => {
    expect(soundsOf(emptyPortfolio(), [fill('r1', START + 1_000, REPLAY)])).toEqual([]);
  });

  it('a fill executed before the page started is history a venue sent again on connect', () => {
    expect(soundsOf(emptyPortfolio(), [fill('old', START - CLOCK_SKEW_MS - 1)])).toEqual([]);
    // Within the clock skew it still counts: the venue's clock may be a little behind the page's.
    expect(soundsOf(emptyPortfolio(), [fill('skewed', START - CLOCK_SKEW_MS + 1)])).toEqual(['fills']);
  });
});

describe('alerts', () => {
  it("the user's own alerts and a venue's warnings (a triggered price alert) sound; an info notice does not", () => {
    const own = alertNotification({
      id: `@alert:${START + 1_000}-1`,
      key: 'drawdown',
      rule: 'drawdown',
      level: 'error',
      title: 'Drawdown 5% from peak',
      message: '',
      value: '5',
      threshold: '4',
      time: START + 1_000,
    });
    expect(soundsOf(emptyPortfolio(), [{ kind: 'notification', notification: own }])).toEqual(['alerts']);
    expect(soundsOf(emptyPortfolio(), [notification('alert:7:1796000001000', 'warning')])).toEqual(['alerts']);
    expect(soundsOf(emptyPortfolio(), [notification('n-1', 'error')])).toEqual(['alerts']);
    expect(soundsOf(emptyPortfolio(), [notification('n-2', 'info')])).toEqual([]);
  });

  it('a notification already in the feed, one from a replay or one from before the page started: no sound', () => {
    const held = applyEvents(emptyPortfolio(), [notification('w', 'warning')]);
    expect(soundsOf(held, [notification('w', 'warning')])).toEqual([]);
    expect(soundsOf(emptyPortfolio(), [notification('w', 'warning', START + 1_000, REPLAY)])).toEqual([]);
    expect(soundsOf(emptyPortfolio(), [notification('w', 'warning', START - CLOCK_SKEW_MS - 1)])).toEqual([]);
  });
});

describe('disconnects', () => {
  const live = applyBatches(emptyPortfolio(), [batch([], [diagnostics('live')])], START);

  it('live to reconnecting, error or disconnected sounds', () => {
    expect(soundsOf(live, [], [diagnostics('reconnecting', { reason: 'socket closed 1006' })])).toEqual([
      'disconnects',
    ]);
    expect(soundsOf(live, [], [diagnostics('error', { reason: 'auth refused' })])).toEqual(['disconnects']);
    expect(soundsOf(live, [], [diagnostics('disconnected')])).toEqual(['disconnects']);
  });

  it('a stale stream that drops sounds; going stale does not', () => {
    expect(soundsOf(live, [], [diagnostics('stale')])).toEqual([]);
    const stale = applyBatches(live, [batch([], [diagnostics('stale')])], START);
    expect(soundsOf(stale, [], [diagnostics('reconnecting')])).toEqual(['disconnects']);
  });

  it('a connection that never was up, and a planned credential renewal, do not sound', () => {
    const connecting = applyBatches(emptyPortfolio(), [batch([], [diagnostics('connecting')])], START);
    expect(soundsOf(connecting, [], [diagnostics('error', { reason: 'refused' })])).toEqual([]);
    expect(soundsOf(live, [], [diagnostics('reconnecting', { reason: RENEWING_CREDENTIAL })])).toEqual([]);
  });

  it('a drop that was over between two observations sounds: more reconnects and a new error', () => {
    const error = { time: START + 500, message: 'socket closed 1006' };
    expect(dropped(diagnostics('live'), diagnostics('live', { reconnects: 1, errors: [error] }))).toBe(true);
    // A renewal reconnects without logging an error.
    expect(dropped(diagnostics('live'), diagnostics('live', { reconnects: 1 }))).toBe(false);
  });

  it("a replay row's end (disconnected) does not sound", () => {
    const replay = { ...diagnostics('live'), connectionId: REPLAY };
    const playing = applyBatches(emptyPortfolio(), [batch([], [replay])], START);
    expect(soundsOf(playing, [], [{ ...replay, status: 'disconnected' }])).toEqual([]);
  });
});

describe('through the store', () => {
  afterEach(() => usePortfolio.getState().reset());

  it("batches and the page's alerts are told to listeners; what the journal restores is not", () => {
    const heard: string[][] = [];
    const stop = onEventsApplied((batches, prev, next) =>
      heard.push([
        ...soundsForChange(
          batches.flatMap((b) => b.events),
          prev,
          next,
          context,
        ),
      ]),
    );
    const journaled = [fill('j1', START - 60_000), fill('j2', START + 500)].map((e) => (e as { fill: Fill }).fill);
    usePortfolio.getState().restoreJournal({ fills: journaled, orders: [], samples: [] });
    expect(usePortfolio.getState().fills.size).toBe(2);
    expect(heard).toEqual([]);

    // The venue sends the journaled fill again, then a new one.
    usePortfolio.getState().applyBatches([batch([fill('j2', START + 500)])], START + 1_000);
    usePortfolio.getState().applyBatches([batch([fill('new', START + 1_500)])], START + 2_000);
    usePortfolio
      .getState()
      .addNotifications([
        { connectionId: 'portfolio', id: '@alert:1-1', level: 'error', title: 'x', time: START + 3_000 },
      ]);
    expect(heard).toEqual([[], ['fills'], ['alerts']]);
    stop();
    usePortfolio.getState().applyBatches([batch([fill('after', START + 4_000)])], START + 4_000);
    expect(heard).toHaveLength(3);
  });
});
