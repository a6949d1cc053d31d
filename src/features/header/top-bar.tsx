import { useNow } from '../../components/use-now';
import type { ConnectionValuation, PortfolioValuation } from '../../domain/valuation/portfolio-valuation';
import { usePortfolio } from '../../store/portfolio-store';
import { selectBtcUsd, selectValuation } from '../../store/valuation-selectors';
import { BaseCurrencySelect } from '../shared/valuation/base-currency-select';
import { ratesTooltip } from '../shared/valuation/rate-text';
import { useValuationSettings } from '../shared/valuation/use-valuation-settings';
import { BtcPriceChip } from './btc-price-chip';
import { ConnectionCount } from './connection-count';
import { ExportSnapshotButton } from './export-snapshot-button';
import { TotalFigure } from '../shared/total-figure';
import { UnconvertedChip } from './unconverted-chip';
import { SettingsButton } from '../shared/settings-button';
import { StatusAnnouncer } from './status-announcer';
import { WorkspaceSelect } from './workspace-select';
import './header.css';

function tooltip(v: PortfolioValuation, now: number, line: (c: ConnectionValuation) => string): string {
  const per = v.perConnection.map((c) => `${c.connectionId}: ${line(c)}`);
  return [...(per.length > 0 ? per : ['no data yet']), '', 'Prices used:', ratesTooltip(v.rates, now)].join('\n');
}

/** The top bar: the answer to "where am I right now?" in the user's base currency, plus stream health and snapshot export. */
export function TopBar() {
  const settings = useValuationSettings();
  const v = usePortfolio((s) => selectValuation(s, settings));
  const btc = usePortfolio((s) => selectBtcUsd(s, settings));
  const now = useNow();
  const ccy = settings.baseCurrency;
  return (
    <header className="top-bar" data-testid="top-bar" data-base-currency={ccy}>
      <div className="brand">Venueboard</div>
      <StatusAnnouncer />
      <TotalFigure
        label="Equity"
        value={v.equity}
        currency={ccy}
        testId="total-equity"
        source={tooltip(v, now, (c) =>
          c.equity === undefined ? `— (${c.equitySource})` : `${c.equity} ${ccy} (${c.equitySource})`,
        )}
      />
      <TotalFigure
        label="Unrealized"
        value={v.unrealizedPnl}
        currency={ccy}
        testId="total-unrealized"
        pnl
        source={tooltip(v, now, (c) => `${c.unrealizedPnl} ${ccy}`)}
      />
      <TotalFigure
        label="Realized"
        value={v.realizedPnl}
        currency={ccy}
        testId="total-realized"
        pnl
        source={tooltip(
          v,
          now,
          (c) =>
            `${c.realizedPnl} ${ccy} (${c.realizedSource === 'fills' ? 'from fills, average cost' : 'reported by the venue'})`,
        )}
      />
      <UnconvertedChip unconverted={v.unconverted} currency={ccy} />
      <div className="top-bar-end">
        <BtcPriceChip rate={btc} now={now} />
        <BaseCurrencySelect testId="top-base-currency" compact />
        <ConnectionCount />
        <WorkspaceSelect />
        <ExportSnapshotButton />
        <SettingsButton />
      </div>
    </header>
  );
}
