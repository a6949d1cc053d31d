import { describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../domain/types';
import { usePortfolio } from '../portfolio-store';
import { DEFAULT_SETTINGS } from '../settings-store';
import { alertNotification, isAlertNotification, PORTFOLIO_ALERT_CONNECTION } from './alert-notification';
import { amountProblem, thresholdsFromSettings } from './alert-thresholds';
import type { Alert } from './alert-types';
import { trackConnections } from './connection-tracker';

const T = 1_756_478_000_000;

describe('connection tracker', () => {
  const c = (status: ConnectionStatus, reason?: string) => [{ connectionId: 'z', status, reason }];
  const planned = { isPlanned: (reason: string | undefined) => reason === 'renewing the credential' };
  const walk = (steps: [ConnectionStatus, string?][]) => {
    let track = trackConnections(new Map(), [], T);
    steps.forEach(
      ([status, reason], i) => (track = trackConnections(track, c(status, reason), T + i * 1_000, planned)),
    );
    return track.get('z')!;
  };

  it('stamps a status when it changes and keeps the time while it holds; forgets removed connections', () => {
    const a = trackConnections(new Map(), c('live'), T);
    expect(a.get('z')).toEqual({ status: 'live', since: T, armed: true, drops: 0, reconnects: 0, lastErrorAt: 0 });
    expect(trackConnections(a, c('live'), T + 5)).toBe(a);
    const b = trackConnections(a, c('stale', 'no message for 10.0 s'), T + 9);
    expect(b.get('z')).toMatchObject({ status: 'stale', since: T + 9, reason: 'no message for 10.0 s' });
    // A new reason in the same status keeps the time.
    expect(trackConnections(b, c('stale', 'no message for 20.0 s'), T + 19).get('z')!.since).toBe(T + 9);
    expect(trackConnections(b, [], T + 10).has('z')).toBe(false);
  });

  it('counts a drop from live or stale to reconnecting or error, once until it is up again', () => {
    expect(
      walk([['live'], ['reconnecting', 'closed (1006)'], ['connecting'], ['reconnecting', 'x'], ['error', 'y']]),
    ).toMatchObject({
      drops: 1,
      armed: false,
      lastDrop: { status: 'reconnecting', reason: 'closed (1006)', time: T + 1_000 },
    });
    expect(walk([['stale'], ['error', 'auth revoked'], ['live'], ['reconnecting']]).drops).toBe(2);
  });

  it('not a drop: never up, the user disconnecting, a credential renewal that goes well', () => {
    expect(walk([['connecting'], ['error'], ['reconnecting']]).drops).toBe(0);
    expect(walk([['live'], ['disconnected'], ['connecting'], ['error']]).drops).toBe(0);
    expect(
      walk([['live'], ['reconnecting', 'renewing the credential'], ['connecting'], ['authenticating'], ['live']]).drops,
    ).toBe(0);
  });

  it('a drop over between two observations (a hidden tab): the reconnect count grew and the lifecycle logged why', () => {
    const seen = (reconnects: number, errors: { time: number; message: string }[]) => [
      { connectionId: 'z', status: 'live' as const, reconnects, errors },
    ];
    const old = { time: T - 60_000, message: 'malformed frame' };
    let track = trackConnections(new Map(), seen(0, [old]), T);
    track = trackConnections(track, seen(1, [old, { time: T + 400, message: 'closed (1006)' }]), T + 1_000, planned);
    expect(track.get('z')).toMatchObject({
      drops: 1,
      armed: true,
      lastDrop: { status: 'reconnecting', reason: 'closed (1006)', time: T + 400 },
    });
    // A renewal replaced the socket unseen: the count grew, nothing was logged.
    track = trackConnections(track, seen(2, [old, { time: T + 400, message: 'closed (1006)' }]), T + 2_000, planned);
    expect(track.get('z')!.drops).toBe(1);
    // An error without a reconnect (a malformed frame) is not a drop either.
    track = trackConnections(
      track,
      seen(2, [old, { time: T + 400, message: 'closed (1006)' }, { time: T + 2_500, message: 'malformed frame' }]),
      T + 3_000,
      planned,
    );
    expect(track.get('z')!.drops).toBe(1);
  });

  it('a credential renewal that fails is a drop', () => {
    expect(
      walk([
        ['live'],
        ['reconnecting', 'renewing the credential'],
        ['connecting'],
        ['reconnecting', 'connect timed out after 10 s'],
      ]).drops,
    ).toBe(1);
  });
});

describe('thresholds from settings', () => {
  it('defaults: only stale (at once) and disconnect are on', () => {
    expect(thresholdsFromSettings(DEFAULT_SETTINGS.alerts)).toEqual({
      staleAfterMs: 0,
      disconnect: true,
      rearmPct: '10',
    });
  });
  it('reads amounts as typed; a minus sign on a loss is a size; junk is off and explained', () => {
    const t = thresholdsFromSettings({
      ...DEFAULT_SETTINGS.alerts,
      drawdownPct: 7.5,
      unrealizedLoss: '-250.5',
      positionNotional: ' 1000 ',
      stale: false,
      staleAfterMs: 3000,
      rearmPct: 250,
    });
    expect(t).toEqual({
      drawdownPct: '7.5',
      unrealizedLoss: '250.5',
      positionNotional: '1000',
      staleAfterMs: undefined,
      disconnect: true,
      rearmPct: '100',
    });
    expect(
      thresholdsFromSettings({ ...DEFAULT_SETTINGS.alerts, positionNotional: '1e3' }).positionNotional,
    ).toBeUndefined();
    expect(amountProblem('1e3')).toMatch(/not a positive amount/);
    expect(amountProblem('0')).toMatch(/not a positive amount/);
    expect(amountProblem('')).toBeUndefined();
    expect(amountProblem('12.5')).toBeUndefined();
  });
});

describe('alert notifications', () => {
  const alert: Alert = {
    id: '@alert:1-1',
    key: 'drawdown',
    rule: 'drawdown',
    level: 'error',
    title: 'Drawdown',
    message: 'm',
    value: '5',
    threshold: '5',
    time: T,
  };
  it('a portfolio-wide alert is filed under the portfolio; a connection alert under its connection', () => {
    expect(alertNotification(alert)).toEqual({
      connectionId: PORTFOLIO_ALERT_CONNECTION,
      id: '@alert:1-1',
      level: 'error',
      title: 'Drawdown',
      message: 'm',
      time: T,
    });
    expect(alertNotification({ ...alert, connectionId: 'z' }).connectionId).toBe('z');
  });
  it('tells alerts from venue notifications', () => {
    expect(isAlertNotification(alertNotification(alert))).toBe(true);
    expect(isAlertNotification({ id: '12345' })).toBe(false);
    expect(isAlertNotification({ id: 'alert:price' })).toBe(false);
  });
});

describe('the store takes alerts into the notifications feed', () => {
  it('addNotifications appends, de-duplicated by connection and id, without touching the rest', () => {
    usePortfolio.getState().reset();
    const before = usePortfolio.getState();
    const n = alertNotification({
      id: '@alert:9-1',
      key: 'stale|z',
      rule: 'stale',
      level: 'warning',
      connectionId: 'z',
      title: 'Stale stream: z',
      message: 'm',
      value: '1',
      threshold: '0',
      time: T,
    });
    usePortfolio.getState().addNotifications([n]);
    usePortfolio.getState().addNotifications([n, { ...n, id: '@alert:9-2' }]);
    const after = usePortfolio.getState();
    expect(after.notifications.map((x) => x.id)).toEqual(['@alert:9-1', '@alert:9-2']);
    expect(after.positions).toBe(before.positions);
    expect(after.equityHistory).toBe(before.equityHistory);
    usePortfolio.getState().reset();
  });
});
