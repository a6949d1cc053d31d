import { useMemo } from 'react';
import { Panel } from '../../components/panel';
import { NumberCell } from '../../components/number-cell';
import { usePortfolio } from '../../store/portfolio-store';
import { allocationByAsset, allocationByVenue, type Allocation } from '../../store/pnl-views/allocation';
import { selectVenueOf } from '../../store/pnl-views/selectors';
import { selectExposure, selectValuation } from '../../store/valuation-selectors';
import { CURRENCY_DECIMALS } from '../shared/total-figure';
import type { AssetBar } from '../shared/valuation/asset-bar-chart';
import { LazyAssetBarChart } from '../shared/valuation/lazy-asset-bar-chart';
import { useValuationSettings } from '../shared/valuation/use-valuation-settings';
import { ScrollRegion } from '../../components/scroll-region';
import '../shared/valuation/valuation.css';
import './pnl-views.css';

type AllocationKind = 'venue' | 'asset';

const formatShare = (share: string) => `${Number(share).toFixed(1)} %`;

/**
 * Where the money sits: equity per venue as a share of total equity, and gross exposure per asset
 * (long + |short|, spot and derivatives) as a share of the total gross exposure; bars (lazily loaded
 * chart) and the same figures as a table.
 */
export function AllocationPanel() {
  const settings = useValuationSettings();
  const ccy = settings.baseCurrency;
  const v = usePortfolio((s) => selectValuation(s, settings));
  const exposure = usePortfolio((s) => selectExposure(s, settings));
  const venueOf = usePortfolio(selectVenueOf);
  const byVenue = useMemo(() => allocationByVenue(v, venueOf), [v, venueOf]);
  const byAsset = useMemo(() => allocationByAsset(exposure), [exposure]);
  return (
    <Panel id="allocation" title="Allocation" meta={`share of equity · of gross exposure · ${ccy}`}>
      <div className="pnl-views-pair" style={{ height: '100%' }}>
        <AllocationView kind="venue" title="Equity by venue" allocation={byVenue} currency={ccy} />
        <AllocationView kind="asset" title="Gross exposure by asset" allocation={byAsset} currency={ccy} />
      </div>
    </Panel>
  );
}

function AllocationView({
  kind,
  title,
  allocation,
  currency,
}: {
  kind: AllocationKind;
  title: string;
  allocation: Allocation;
  currency: string;
}) {
  const decimals = CURRENCY_DECIMALS[currency] ?? 2;
  const bars = useMemo(
    (): AssetBar[] =>
      allocation.slices.map((s) => ({
        asset: s.key,
        value: s.value,
        detail: `${formatShare(s.share)} · ${s.connectionIds.join(', ')}`,
      })),
    [allocation],
  );
  const whole = kind === 'venue' ? 'equity' : 'gross exposure';
  return (
    <div className="split-view pnl-views-split">
      {bars.length > 0 ? (
        <LazyAssetBarChart
          bars={bars}
          currency={currency}
          testId={`allocation-${kind}-chart`}
          labelWidth={kind === 'venue' ? 76 : 52}
        />
      ) : (
        <div className="val-note">
          {kind === 'venue' ? 'No equity known yet' : 'No exposure: no priced positions or non-stable balances'}
        </div>
      )}
      <ScrollRegion label={title}>
        <div className="pnl-views-caption">{title}</div>
        <table className="val-table" data-testid={`allocation-${kind}-table`} data-currency={currency}>
          <thead>
            <tr>
              <th scope="col">{kind === 'venue' ? 'Venue' : 'Asset'}</th>
              <th scope="col">{currency}</th>
              <th scope="col">Share</th>
            </tr>
          </thead>
          <tbody>
            {allocation.slices.map((s) => (
              <tr key={s.key} data-testid="allocation-row" data-kind={kind} data-row-id={s.key} data-share={s.share}>
                <th scope="row" className={kind === 'asset' ? 'symbol' : undefined} title={s.connectionIds.join(', ')}>
                  {s.key}
                </th>
                <td>
                  <NumberCell value={s.value} decimals={decimals} title={`${s.value} ${currency}`} />
                </td>
                <td title={`${s.share} % of the total ${whole}`}>{formatShare(s.share)}</td>
              </tr>
            ))}
            {allocation.unvalued.map((u) => (
              <tr key={u.key} data-testid="allocation-row" data-kind={kind} data-row-id={u.key} data-unvalued>
                <th scope="row" className={kind === 'asset' ? 'symbol' : undefined} title={u.connectionIds.join(', ')}>
                  {u.key}
                </th>
                <td
                  className="muted"
                  title={kind === 'venue' ? 'the venue streams no balances or equity' : 'no price converts it'}
                >
                  —
                </td>
                <td className="muted">{kind === 'venue' ? 'equity unknown' : 'no price'}</td>
              </tr>
            ))}
            <tr className="val-total">
              <th scope="row">Total</th>
              <td>
                <NumberCell value={allocation.total} decimals={decimals} title={`${allocation.total} ${currency}`} />
              </td>
              <td>{allocation.slices.length > 0 ? '100 %' : ''}</td>
            </tr>
          </tbody>
        </table>
        {allocation.missing.length > 0 ? (
          <div className="val-note" data-testid={`allocation-${kind}-missing`}>
            Left out (no equity known): {allocation.missing.join(', ')}
          </div>
        ) : null}
      </ScrollRegion>
    </div>
  );
}
