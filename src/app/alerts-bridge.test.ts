import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionDiagnostics, ConnectionStatus } from '../domain/types';
import type { DomainEvent } from '../domain/events';
import { isAlertNotification } from '../store/alerts/alert-notification';
import { usePortfolio } from '../store/portfolio-store';
import { useSettings } from '../store/settings-store';
import { evaluateAlerts } from '../store/alerts/alert-engine';
import { startAlertsBridge } from './alerts-bridge';
import { quietDiagnostics } from '../domain/diagnostics';

// The real engine, counted.
vi.mock('../store/alerts/alert-engine', async (importOriginal) => {
  const actual = await importOriginal<{ evaluateAlerts: typeof evaluateAlerts }>();
  return { evaluateAlerts: vi.fn(actual.evaluateAlerts) };
});

const T = 1_756_478_000_000;
const diag = (status: ConnectionStatus, reason?: string, reconnects = 0): ConnectionDiagnostics =>
  quietDiagnostics('z', 'zdex', status, { messagesTotal: 1, reconnects, ...(reason !== undefined ? { reason } : {}) });
let seq = 0;
const apply = (connections: ConnectionDiagnostics[], events: DomainEvent[] = []) =>
  usePortfolio.getState().applyBatches([{ type: 'batch', seq: ++seq, events, connections, removed: [] }], Date.now());
const alerts = () => usePortfolio.getState().notifications.filter(isAlertNotification);

describe('alerts bridge', () => {
  let shown: { title: string; body?: string; tag?: string }[];
  let stop: () => void;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T);
    usePortfolio.getState().reset();
    useSettings.getState().resetSettings();
    shown = [];
    vi.stubGlobal(
      'Notification',
      class {
        static permission = 'granted';
        constructor(title: string, options?: NotificationOptions) {
          shown.push({ title, body: options?.body, tag: options?.tag });
        }
      },
    );
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    stop();
    vi.unstubAllGlobals();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('a stale stream fires from the timer while nothing arrives, once, into the feed and as a browser notification', () => {
    useSettings.getState().updateAlerts({ staleAfterMs: 2_000, browserNotifications: true });
    stop = startAlertsBridge();
    apply([diag('live')]);
    vi.advanceTimersByTime(1_000);
    apply([diag('stale')]);
    vi.advanceTimersByTime(1_900);
    expect(alerts()).toEqual([]);
    // Nothing arrives from here on: only the bridge's own timer can notice the 2 s.
    vi.advanceTimersByTime(600);
    expect(alerts()).toEqual([
      expect.objectContaining({ connectionId: 'z', level: 'warning', title: 'Stale stream: z' }),
    ]);
    expect(shown).toEqual([expect.objectContaining({ title: 'Stale stream: z', tag: 'stale|z' })]);
    vi.advanceTimersByTime(10_000);
    expect(alerts()).toHaveLength(1);
    expect(shown).toHaveLength(1);
  });

  it('no browser notification unless switched on and granted', () => {
    useSettings.getState().updateAlerts({ staleAfterMs: 0 });
    stop = startAlertsBridge();
    apply([diag('live')]);
    apply([diag('stale')]);
    vi.advanceTimersByTime(1_000);
    expect(alerts()).toHaveLength(1);
    expect(shown).toEqual([]);
  });

  it('a drop over before the next evaluation still alerts; a credential renewal does not; many alerts at once are one pop-up', () => {
    useSettings.getState().updateAlerts({ positionNotional: '100', browserNotifications: true });
    stop = startAlertsBridge();
    apply([diag('live')]);
    vi.advanceTimersByTime(1_000);
    // Dropped and back between two evaluations: the frames in between are what counts.
    apply([diag('reconnecting', 'closed (1006); retrying in 0.3 s', 1)]);
    apply([diag('live', undefined, 1)]);
    vi.advanceTimersByTime(300);
    expect(alerts().map((n) => n.title)).toEqual(['Disconnected: z']);
    expect(alerts()[0]!.message).toBe(
      'z was live and went reconnecting: closed (1006); retrying in 0.3 s, back live now',
    );
    // The lifecycle replaces the socket to renew a credential: planned, not a drop.
    apply([diag('reconnecting', 'renewing the credential', 2)]);
    vi.advanceTimersByTime(300);
    apply([diag('live', undefined, 2)]);
    vi.advanceTimersByTime(300);
    expect(alerts()).toHaveLength(1);
    const positions: DomainEvent[] = ['A', 'B', 'C', 'D'].map((symbol) => ({
      kind: 'position',
      position: { connectionId: 'z', symbol, quantity: '1', entryPrice: '150', settleAsset: 'USDT', updatedAt: T },
    }));
    apply([], positions);
    vi.advanceTimersByTime(300);
    expect(alerts()).toHaveLength(5);
    expect(shown.map((n) => n.title)).toEqual(['Disconnected: z', '4 alerts']);
  });

  it('evaluates at most every 250 ms however often the store changes; a condition that holds fires once', () => {
    useSettings.getState().updateAlerts({ positionNotional: '100' });
    stop = startAlertsBridge();
    const spy = vi.spyOn(usePortfolio.getState(), 'addNotifications');
    vi.mocked(evaluateAlerts).mockClear();
    // A position appears and crosses the threshold on every frame for a second: evaluated ~4 times, one alert.
    for (let i = 0; i < 60; i++) {
      apply(
        [],
        [
          {
            kind: 'position',
            position: {
              connectionId: 'z',
              symbol: 'A',
              quantity: '1',
              entryPrice: String(150 + i),
              settleAsset: 'USDT',
              updatedAt: T + i,
            },
          },
        ],
      );
      vi.advanceTimersByTime(16);
    }
    vi.advanceTimersByTime(300);
    expect(alerts()).toHaveLength(1);
    expect(spy).toHaveBeenCalledTimes(1);
    // 60 store changes in ~1.26 s: one evaluation per 250 ms at most.
    const evaluations = vi.mocked(evaluateAlerts).mock.calls.length;
    expect(evaluations).toBeGreaterThanOrEqual(4);
    expect(evaluations).toBeLessThanOrEqual(6);
  });
});
