import { useMemo } from 'react';
import { Panel } from '../../components/panel';
import { NumberCell } from '../../components/number-cell';
import { useNow } from '../../components/use-now';
import type { ExposureRow } from '../../domain/valuation/exposure';
import { usePortfolio } from '../../store/portfolio-store';
import { selectExposure } from '../../store/valuation-selectors';
import { ConnectionName } from '../shared/connection-name';
import { CURRENCY_DECIMALS } from '../shared/total-figure';
import type { AssetBar } from '../shared/valuation/asset-bar-chart';
import { LazyAssetBarChart } from '../shared/valuation/lazy-asset-bar-chart';
import { rateText } from '../shared/valuation/rate-text';
import { useValuationSettings } from '../shared/valuation/use-valuation-settings';
import { ScrollRegion } from '../../components/scroll-region';
import '../shared/valuation/valuation.css';

/** Quantities are shown to 4 decimals (exact text in the tooltip and data-value). */
const QTY_DECIMALS = 4;

/**
 * Asset x venue: spot balances and derivative positions together, net per cell (long and short in the
 * tooltip), per asset long / short / net / net value and the hedge ratio min(long, |short|) /
 * max(long, |short|) (1 = fully hedged, 0 = one-sided); below, net exposure by asset as bars.
 */
export function ExposurePanel() {
  const settings = useValuationSettings();
  const ccy = settings.baseCurrency;
  const m = usePortfolio((s) => selectExposure(s, settings));
  const now = useNow();
  const decimals = CURRENCY_DECIMALS[ccy] ?? 2;
  const bars = useMemo(
    (): AssetBar[] =>
      m.rows.flatMap((r) =>
        r.netValue === undefined
          ? []
          : [
              {
                asset: r.asset,
                value: r.netValue,
                detail: `net ${r.net} ${r.asset} (long ${r.long}, short ${r.short})`,
              },
            ],
      ),
    [m],
  );
  const cellOf = (r: ExposureRow, connectionId: string) => {
    const c = r.cells.find((x) => x.connectionId === connectionId);
    if (!c) return <td key={connectionId} className="muted" />;
    const title = `${r.asset} on ${connectionId}: long ${c.long}, short ${c.short}, net ${c.net} (spot ${c.spot}, derivatives ${c.derivatives})${c.netValue !== undefined ? `\nnet ${c.netValue} ${ccy}` : '\nno price converts it'}`;
    return (
      <td
        key={connectionId}
        data-testid="exposure-cell"
        data-connection={connectionId}
        data-long={c.long}
        data-short={c.short}
        data-net={c.net}
        title={title}
      >
        <NumberCell value={c.net} decimals={QTY_DECIMALS} pnl title={title} />
        {c.netValue !== undefined ? (
          <span className="sub">{`${Number(c.netValue) >= 0 ? '' : '−'}${formatShort(c.netValue, decimals)} ${ccy}`}</span>
        ) : null}
      </td>
    );
  };
  return (
    <Panel id="exposure" title="Exposure" meta={`net per asset × venue · ${ccy}`}>
      <div className="split-view">
        <ScrollRegion label="Exposure by asset and venue">
          <table className="val-table" data-testid="exposure-table" data-currency={ccy}>
            <thead>
              <tr>
                <th scope="col">Asset</th>
                {m.connectionIds.map((id) => (
                  <th key={id} scope="col">
                    <ConnectionName id={id} />
                  </th>
                ))}
                <th scope="col">Long</th>
                <th scope="col">Short</th>
                <th scope="col">Net</th>
                <th scope="col">Net {ccy}</th>
                <th scope="col" title="min(long, |short|) / max(long, |short|): 1 = fully hedged, 0 = one-sided">
                  Hedge
                </th>
              </tr>
            </thead>
            <tbody>
              {m.rows.map((r) => (
                <tr key={r.asset} data-testid="exposure-row" data-row-id={r.asset} data-hedge-ratio={r.hedgeRatio}>
                  <th
                    scope="row"
                    className="symbol"
                    title={r.rate ? rateText(r.rate, now) : `no price converts ${r.asset} to ${ccy}`}
                  >
                    {r.asset}
                  </th>
                  {m.connectionIds.map((id) => cellOf(r, id))}
                  <td>
                    <NumberCell value={r.long} decimals={QTY_DECIMALS} title={r.long} testId="exposure-long" />
                  </td>
                  <td>
                    <NumberCell value={r.short} decimals={QTY_DECIMALS} title={r.short} testId="exposure-short" />
                  </td>
                  <td>
                    <NumberCell value={r.net} decimals={QTY_DECIMALS} pnl title={r.net} testId="exposure-net" />
                  </td>
                  <td>
                    <NumberCell
                      value={r.netValue}
                      decimals={decimals}
                      pnl
                      testId="exposure-net-value"
                      title={r.rate ? `${r.netValue} ${ccy}\n${rateText(r.rate, now)}` : 'no price'}
                    />
                  </td>
                  <td>
                    <NumberCell value={r.hedgeRatio} decimals={2} testId="exposure-hedge" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {m.rows.length === 0 ? (
            <div className="val-note">No exposure: no non-stable balances or positions</div>
          ) : null}
          {m.unknown.length > 0 ? (
            <div className="val-note" data-testid="exposure-unknown">
              Asset not known yet for: {m.unknown.map((u) => `${u.connectionId} ${u.symbol} ${u.quantity}`).join(', ')}
            </div>
          ) : null}
        </ScrollRegion>
        {bars.length > 0 ? (
          <LazyAssetBarChart bars={bars} currency={ccy} testId="exposure-chart" />
        ) : (
          <div className="val-note">Exposure by asset appears once prices value it</div>
        )}
      </div>
    </Panel>
  );
}

/** 12,345.67 -> "12.3k" for the small second line of a cell (the exact figure is in the tooltip). */
function formatShort(value: string, decimals: number): string {
  const abs = Math.abs(Number(value));
  if (abs >= 1e6) return `${(abs / 1e6).toFixed(2)}M`;
  if (abs >= 1e3) return `${(abs / 1e3).toFixed(1)}k`;
  return abs.toFixed(Math.min(decimals, 8));
}
