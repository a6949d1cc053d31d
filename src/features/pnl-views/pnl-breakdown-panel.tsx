import { useMemo, useState } from 'react';
import { Panel } from '../../components/panel';
import { NumberCell } from '../../components/number-cell';
import { usePortfolio } from '../../store/portfolio-store';
import { PNL_GROUPINGS, pnlBreakdown, pnlBreakdownTotal, type PnlGrouping } from '../../store/pnl-views/breakdown';
import { selectVenueOf } from '../../store/pnl-views/selectors';
import { selectValuation } from '../../store/valuation-selectors';
import { CURRENCY_DECIMALS } from '../shared/total-figure';
import { useValuationSettings } from '../shared/valuation/use-valuation-settings';
import { ScrollRegion } from '../../components/scroll-region';
import '../shared/valuation/valuation.css';
import './pnl-views.css';

const GROUPING_LABEL: Record<PnlGrouping, string> = { symbol: 'Symbol', connection: 'Connection', venue: 'Venue' };

/**
 * Realized and unrealized PnL, fees and their total grouped by symbol, by connection or by venue, in
 * the base currency: the PnL summary's figures split up (its valuation, so the totals are its totals).
 */
export function PnlBreakdownPanel() {
  const [grouping, setGrouping] = useState<PnlGrouping>('symbol');
  const settings = useValuationSettings();
  const ccy = settings.baseCurrency;
  const v = usePortfolio((s) => selectValuation(s, settings));
  const venueOf = usePortfolio(selectVenueOf);
  const rows = useMemo(() => pnlBreakdown(v, grouping, venueOf), [v, grouping, venueOf]);
  const total = pnlBreakdownTotal(rows);
  const decimals = CURRENCY_DECIMALS[ccy] ?? 2;
  const cell = (value: string, testId: string, title: string, pnl = true) => (
    <td>
      <NumberCell value={value} decimals={decimals} pnl={pnl} testId={testId} title={`${value} ${ccy} — ${title}`} />
    </td>
  );
  const toolbar = (
    <div className="btn-group" role="group" aria-label="Group PnL by">
      {PNL_GROUPINGS.map((g) => (
        <button
          key={g}
          type="button"
          className="btn"
          data-testid={`pnl-breakdown-by-${g}`}
          aria-pressed={grouping === g}
          onClick={() => setGrouping(g)}
        >
          {GROUPING_LABEL[g]}
        </button>
      ))}
    </div>
  );
  return (
    <Panel id="pnl-breakdown" title="PnL by symbol" meta={ccy} toolbar={toolbar}>
      <ScrollRegion
        className="val-scroll"
        style={{ height: '100%', overflow: 'auto' }}
        label={`PnL by ${GROUPING_LABEL[grouping].toLowerCase()}`}
      >
        <table className="val-table" data-testid="pnl-breakdown-table" data-grouping={grouping} data-currency={ccy}>
          <thead>
            <tr>
              <th scope="col">{GROUPING_LABEL[grouping]}</th>
              {grouping !== 'connection' ? <th scope="col">Connections</th> : null}
              <th scope="col">Realized</th>
              <th scope="col">Unrealized</th>
              <th scope="col">Fees</th>
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-testid="pnl-breakdown-row" data-row-id={r.key}>
                <th scope="row" className={grouping === 'symbol' ? 'symbol' : undefined}>
                  {r.label}
                </th>
                {grouping !== 'connection' ? <td className="conn-name">{r.connectionIds.join(', ')}</td> : null}
                {cell(r.realized, 'breakdown-realized', 'realized PnL (before fees)')}
                {cell(r.unrealized, 'breakdown-unrealized', 'unrealized PnL of open positions')}
                {cell(r.fees, 'breakdown-fees', 'fees paid (a rebate is negative)', false)}
                {cell(r.total, 'breakdown-total', 'realized + unrealized − fees')}
              </tr>
            ))}
            <tr className="val-total" data-testid="pnl-breakdown-row" data-row-id="total">
              <th scope="row">Total</th>
              {grouping !== 'connection' ? <td /> : null}
              {cell(total.realized, 'breakdown-realized', 'sum: the PnL summary’s realized')}
              {cell(total.unrealized, 'breakdown-unrealized', 'sum: the PnL summary’s unrealized')}
              {cell(total.fees, 'breakdown-fees', 'sum: the PnL summary’s fees', false)}
              {cell(total.total, 'breakdown-total', 'realized + unrealized − fees')}
            </tr>
          </tbody>
        </table>
        {rows.length === 0 ? <div className="val-note">No PnL yet</div> : null}
        {grouping === 'symbol' && rows.some((r) => r.key.startsWith('closed|')) ? (
          <div className="val-note">
            Closed positions: the realized PnL venues report for positions closed since the page connected, kept per
            settle asset.
          </div>
        ) : null}
        {v.unconverted.length > 0 ? (
          <div className="val-note">Some amounts have no {ccy} price and are left out (see the PnL summary).</div>
        ) : null}
      </ScrollRegion>
    </Panel>
  );
}
