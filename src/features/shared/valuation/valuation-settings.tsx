import { useSettings } from '../../../store/settings-store';
import { BaseCurrencySelect } from './base-currency-select';

/** Settings drawer section: the base currency and how stablecoins are valued. */
export function ValuationSettingsSection() {
  const stablesAtPar = useSettings((s) => s.stablesAtPar);
  const update = useSettings((s) => s.update);
  return (
    <section className="settings-section" data-testid="settings-valuation">
      <h3>Valuation</h3>
      <div className="settings-row">
        <label className="settings-label" htmlFor="base-currency-setting">
          Base currency
        </label>
        <BaseCurrencySelect testId="base-currency" id="base-currency-setting" />
      </div>
      <div className="settings-row">
        <label className="settings-label" htmlFor="stables-at-par">
          Stablecoins
        </label>
        <label>
          <input
            id="stables-at-par"
            type="checkbox"
            data-testid="stables-at-par"
            checked={stablesAtPar}
            onChange={(e) => update({ stablesAtPar: e.target.checked })}
          />{' '}
          at par with USD
        </label>
      </div>
      <p className="muted settings-note">
        Off: USDT, USDC… are valued only through a live price from a venue, else flagged as not converted. Every
        converted figure&apos;s tooltip names the prices it used.
      </p>
    </section>
  );
}
