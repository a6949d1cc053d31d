import type { ReactNode } from 'react';
import { amountProblem } from '../../store/alerts/alert-thresholds';
import { useSettings } from '../../store/settings-store';
import { useAlertReadiness } from './use-alert-readiness';
import { useNotificationPermission, type PermissionState } from './use-notification-permission';
import './alerts.css';

const PERMISSION_TEXT: Record<PermissionState, string> = {
  granted: 'allowed',
  denied: 'blocked (change it in the site settings of your browser)',
  default: 'not asked yet',
  unsupported: 'not supported by this browser',
};

/** A whole number >= 0 from an input (empty or junk: 0, i.e. off or "at once"). */
const nonNegative = (text: string): number => {
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? n : 0;
};

/**
 * Settings drawer section: alert thresholds (each fires once when its condition starts and re-arms
 * when it clears), whether alerts also become browser notifications, and why a rule cannot fire
 * right now (an amount that cannot be valued in the base currency).
 */
export function AlertSettingsSection() {
  const alerts = useSettings((s) => s.alerts);
  const baseCurrency = useSettings((s) => s.baseCurrency);
  const stablesAtPar = useSettings((s) => s.stablesAtPar);
  const updateAlerts = useSettings((s) => s.updateAlerts);
  const unavailable = useAlertReadiness(baseCurrency, stablesAtPar);
  const { permission, request } = useNotificationPermission();
  const lossProblem = amountProblem(alerts.unrealizedLoss);
  const notionalProblem = amountProblem(alerts.positionNotional);

  const onBrowserNotifications = (on: boolean) => {
    updateAlerts({ browserNotifications: on });
    // Switched on by the user's click: the one moment a permission request is welcome.
    if (on && permission === 'default') void request();
  };

  return (
    <section className="settings-section alert-settings" data-testid="settings-alerts">
      <h3>Alerts</h3>

      <div className="settings-row">
        <label className="settings-label" htmlFor="alert-drawdown-pct">
          Equity drawdown
        </label>
        <input
          id="alert-drawdown-pct"
          type="number"
          min={0}
          step="any"
          data-testid="alert-drawdown-pct"
          value={alerts.drawdownPct === 0 ? '' : alerts.drawdownPct}
          placeholder="off"
          onChange={(e) => updateAlerts({ drawdownPct: nonNegative(e.target.value) })}
        />
        <span className="alert-unit">% from peak</span>
      </div>
      {alerts.drawdownPct > 0 && unavailable.drawdown ? (
        <Problem testId="alert-drawdown-unavailable">Not checked now: {unavailable.drawdown}</Problem>
      ) : null}

      <div className="settings-row">
        <label className="settings-label" htmlFor="alert-unrealized-loss">
          Unrealized loss
        </label>
        <input
          id="alert-unrealized-loss"
          type="text"
          inputMode="decimal"
          data-testid="alert-unrealized-loss"
          value={alerts.unrealizedLoss}
          placeholder="off"
          onChange={(e) => updateAlerts({ unrealizedLoss: e.target.value })}
        />
        <span className="alert-unit">{baseCurrency}, total uPnL ≤ −this</span>
      </div>
      {lossProblem ? <Problem testId="alert-unrealized-loss-problem">{lossProblem}</Problem> : null}
      {alerts.unrealizedLoss !== '' && !lossProblem && unavailable.unrealized ? (
        <Problem testId="alert-unrealized-unavailable">Not checked now: {unavailable.unrealized}</Problem>
      ) : null}

      <div className="settings-row">
        <label className="settings-label" htmlFor="alert-position-notional">
          Position size
        </label>
        <input
          id="alert-position-notional"
          type="text"
          inputMode="decimal"
          data-testid="alert-position-notional"
          value={alerts.positionNotional}
          placeholder="off"
          onChange={(e) => updateAlerts({ positionNotional: e.target.value })}
        />
        <span className="alert-unit">{baseCurrency} notional, any one position</span>
      </div>
      {notionalProblem ? <Problem testId="alert-position-notional-problem">{notionalProblem}</Problem> : null}
      {alerts.positionNotional !== '' && !notionalProblem && unavailable.positions.length > 0 ? (
        <Problem testId="alert-position-unavailable">
          Not checked now for{' '}
          {unavailable.positions.length === 1 ? 'one position' : `${unavailable.positions.length} positions`}:
          <ul>
            {unavailable.positions.slice(0, 5).map((line) => (
              <li key={line}>{line}</li>
            ))}
            {unavailable.positions.length > 5 ? <li>and {unavailable.positions.length - 5} more</li> : null}
          </ul>
        </Problem>
      ) : null}

      <div className="settings-row">
        <label className="settings-label" htmlFor="alert-stale">
          Stale stream
        </label>
        <input
          id="alert-stale"
          type="checkbox"
          data-testid="alert-stale"
          checked={alerts.stale}
          onChange={(e) => updateAlerts({ stale: e.target.checked })}
        />
        <label className="alert-unit" htmlFor="alert-stale-after">
          stale for at least
        </label>
        <input
          id="alert-stale-after"
          type="number"
          min={0}
          step="any"
          data-testid="alert-stale-after"
          disabled={!alerts.stale}
          value={alerts.staleAfterMs / 1000}
          onChange={(e) => updateAlerts({ staleAfterMs: Math.round(nonNegative(e.target.value) * 1000) })}
        />
        <span className="alert-unit">s</span>
      </div>
      <p className="alert-hint">Stale: no message within the venue's heartbeat window (0 s: as soon as it is stale).</p>

      <div className="settings-row">
        <label className="settings-label" htmlFor="alert-disconnect">
          Disconnect
        </label>
        <input
          id="alert-disconnect"
          type="checkbox"
          data-testid="alert-disconnect"
          checked={alerts.disconnect}
          onChange={(e) => updateAlerts({ disconnect: e.target.checked })}
        />
        <span className="alert-unit">a live connection drops (not your own disconnect)</span>
      </div>

      <div className="settings-row">
        <label className="settings-label" htmlFor="alert-rearm-pct">
          Re-arm band
        </label>
        <input
          id="alert-rearm-pct"
          type="number"
          min={0}
          max={100}
          step="any"
          data-testid="alert-rearm-pct"
          value={alerts.rearmPct}
          onChange={(e) => updateAlerts({ rearmPct: Math.min(100, nonNegative(e.target.value)) })}
        />
        <span className="alert-unit">% of a threshold</span>
      </div>
      <p className="alert-hint">
        A threshold alert fires once, then again only after its value went back this far past the threshold.
      </p>

      <div className="settings-row">
        <label className="settings-label" htmlFor="alert-browser-notifications">
          Browser pop-ups
        </label>
        <input
          id="alert-browser-notifications"
          type="checkbox"
          data-testid="alert-browser-notifications"
          checked={alerts.browserNotifications}
          disabled={permission === 'unsupported'}
          onChange={(e) => onBrowserNotifications(e.target.checked)}
        />
        <span className="alert-unit">
          permission:{' '}
          <span className="alert-permission" data-testid="alert-permission" data-permission={permission}>
            {PERMISSION_TEXT[permission]}
          </span>
        </span>
        {permission === 'default' ? (
          <button type="button" className="btn" data-testid="alert-request-permission" onClick={() => void request()}>
            Allow
          </button>
        ) : null}
      </div>
      {alerts.browserNotifications && permission !== 'granted' ? (
        <Problem testId="alert-browser-unavailable">
          Alerts show in the notifications panel only until the browser allows pop-ups.
        </Problem>
      ) : null}
    </section>
  );
}

function Problem({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <div className="alert-problem" data-testid={testId} role="status">
      {children}
    </div>
  );
}
