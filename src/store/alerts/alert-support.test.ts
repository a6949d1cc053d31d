import { describe, expect, it } from 'vitest';
import { usePortfolio } from '../portfolio-store';
import { DEFAULT_SETTINGS } from '../settings-store';
import { alertNotification, isAlertNotification, PORTFOLIO_ALERT_CONNECTION } from './alert-notification';
import { amountProblem, thresholdsFromSettings } from './alert-thresholds';
import type { Alert } from './alert-types';
import { trackStatusSince } from './status-since';

const T = 1_756_478_000_000;

describe('status since', () => {
  it('stamps a status when it changes, keeps the time while it holds, forgets removed connections', () => {
    const a = trackStatusSince(new Map(), [{ connectionId: 'z', status: 'live' }], T);
    expect(a.get('z')).toEqual({ status: 'live', since: T });
    const b = trackStatusSince(a, [{ connectionId: 'z', status: 'live' }], T + 5);
    expect(b).toBe(a);
    const c = trackStatusSince(b, [{ connectionId: 'z', status: 'stale' }, { connectionId: 'r', status: 'connecting' }], T + 9);
    expect(c.get('z')).toEqual({ status: 'stale', since: T + 9 });
    expect(trackStatusSince(c, [{ connectionId: 'r', status: 'connecting' }], T + 10).has('z')).toBe(false);
  });
});

describe('thresholds from settings', () => {
  it('defaults: only stale (at once) and disconnect are on', () => {
    expect(thresholdsFromSettings(DEFAULT_SETTINGS.alerts)).toEqual({ staleAfterMs: 0, disconnect: true, rearmPct: '10' });
  });
  it('reads amounts as typed; a minus sign on a loss is a size; junk is off and explained', () => {
    const t = thresholdsFromSettings({ ...DEFAULT_SETTINGS.alerts, drawdownPct: 7.5, unrealizedLoss: '-250.5', positionNotional: ' 1000 ', stale: false, staleAfterMs: 3000, rearmPct: 250 });
    expect(t).toEqual({ drawdownPct: '7.5', unrealizedLoss: '250.5', positionNotional: '1000', staleAfterMs: undefined, disconnect: true, rearmPct: '100' });
    expect(thresholdsFromSettings({ ...DEFAULT_SETTINGS.alerts, positionNotional: '1e3' }).positionNotional).toBeUndefined();
    expect(amountProblem('1e3')).toMatch(/not a positive amount/);
    expect(amountProblem('0')).toMatch(/not a positive amount/);
    expect(amountProblem('')).toBeUndefined();
    expect(amountProblem('12.5')).toBeUndefined();
  });
});

describe('alert notifications', () => {
  const alert: Alert = { id: '@alert:1-1', key: 'drawdown', rule: 'drawdown', level: 'error', title: 'Drawdown', message: 'm', value: '5', threshold: '5', time: T };
  it('a portfolio-wide alert is filed under the portfolio; a connection alert under its connection', () => {
    expect(alertNotification(alert)).toEqual({ connectionId: PORTFOLIO_ALERT_CONNECTION, id: '@alert:1-1', level: 'error', title: 'Drawdown', message: 'm', time: T });
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
    const n = alertNotification({ id: '@alert:9-1', key: 'stale|z', rule: 'stale', level: 'warning', connectionId: 'z', title: 'Stale stream: z', message: 'm', value: '1', threshold: '0', time: T });
    usePortfolio.getState().addNotifications([n]);
    usePortfolio.getState().addNotifications([n, { ...n, id: '@alert:9-2' }]);
    const after = usePortfolio.getState();
    expect(after.notifications.map((x) => x.id)).toEqual(['@alert:9-1', '@alert:9-2']);
    expect(after.positions).toBe(before.positions);
    expect(after.equityHistory).toBe(before.equityHistory);
    usePortfolio.getState().reset();
  });
});
