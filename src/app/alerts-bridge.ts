import { alertValuation } from '../store/alerts/alert-inputs';
import { evaluateAlerts } from '../store/alerts/alert-engine';
import { alertNotification } from '../store/alerts/alert-notification';
import { thresholdsFromSettings } from '../store/alerts/alert-thresholds';
import { initialAlertState, type Alert } from '../store/alerts/alert-types';
import { trackConnections, type ConnectionTrack } from '../store/alerts/connection-tracker';
import { usePortfolio } from '../store/portfolio-store';
import type { PortfolioState } from '../store/state';
import { useSettings } from '../store/settings-store';
import { RENEWING_CREDENTIAL } from '../domain/types';

type PortfolioConnections = PortfolioState['connections'];

/** At most this often on store changes (the store changes every animation frame while data flows). */
const MIN_INTERVAL_MS = 250;
/** Also on this timer: "stale for N ms" must fire while nothing arrives. */
const TICK_MS = 500;
/** More browser notifications than this at once become one summary (no pile of OS pop-ups). */
const MAX_BROWSER_NOTIFICATIONS = 3;

/**
 * The I/O edge of alerts: watches the portfolio and the settings, runs the pure engine at most a few
 * times a second and on a timer, puts what fires into the notifications feed and, when the user asked
 * for it and the browser allows it, shows it as a browser notification.
 */
export function startAlertsBridge(): () => void {
  let engine = initialAlertState();
  // Since when each connection is in its status, and its drops: tracked on every store change (every
  // applied frame), so a drop that is over before the next evaluation still counts.
  let track: ConnectionTrack = new Map();
  const follow = (connections: PortfolioConnections, now: number) => {
    track = trackConnections(track, connections.values(), now, {
      isPlanned: (reason) => reason === RENEWING_CREDENTIAL,
    });
  };
  let lastRun = 0;
  let pending: ReturnType<typeof setTimeout> | undefined;

  const evaluate = () => {
    pending = undefined;
    const now = Date.now();
    lastRun = now;
    const portfolio = usePortfolio.getState();
    const settings = useSettings.getState();
    follow(portfolio.connections, now);
    const { inputs } = alertValuation(portfolio, {
      now,
      baseCurrency: settings.baseCurrency,
      stablesAtPar: settings.stablesAtPar,
      track,
    });
    const { alerts, state } = evaluateAlerts(engine, inputs, thresholdsFromSettings(settings.alerts));
    engine = state;
    if (alerts.length === 0) return;
    portfolio.addNotifications(alerts.map(alertNotification));
    if (settings.alerts.browserNotifications) showBrowserNotifications(alerts);
  };
  const schedule = () => {
    if (pending !== undefined) return;
    pending = setTimeout(evaluate, Math.max(0, lastRun + MIN_INTERVAL_MS - Date.now()));
  };

  const unsubscribePortfolio = usePortfolio.subscribe((s, prev) => {
    if (s.connections !== prev.connections) follow(s.connections, Date.now());
    // Our own notifications coming back change nothing the rules read.
    if (
      s.notifications !== prev.notifications &&
      s.connections === prev.connections &&
      s.lastBatchSeq === prev.lastBatchSeq
    )
      return;
    schedule();
  });
  const unsubscribeSettings = useSettings.subscribe(schedule);
  const ticker = setInterval(schedule, TICK_MS);
  schedule();

  return () => {
    unsubscribePortfolio();
    unsubscribeSettings();
    clearInterval(ticker);
    if (pending !== undefined) clearTimeout(pending);
  };
}

function showBrowserNotifications(alerts: readonly Alert[]): void {
  const api = globalThis.Notification;
  if (api === undefined || api.permission !== 'granted') return;
  const shown =
    alerts.length <= MAX_BROWSER_NOTIFICATIONS
      ? alerts.map((a) => ({ title: a.title, body: a.message, tag: a.key }))
      : [{ title: `${alerts.length} alerts`, body: alerts.map((a) => a.title).join('\n'), tag: 'venueboard-alerts' }];
  for (const n of shown) {
    try {
      // The tag replaces an earlier pop-up of the same condition instead of stacking another.
      new api(n.title, { body: n.body, tag: n.tag });
    } catch (e) {
      // Some browsers (Chrome on Android) only allow notifications from a service worker.
      console.warn('alerts: the browser refused a notification:', (e as Error).message);
    }
  }
}
