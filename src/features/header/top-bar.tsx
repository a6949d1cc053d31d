import { usePortfolio } from '../../store/portfolio-store';
import { selectTotals } from '../../store/selectors';
import { ConnectionCount } from './connection-count';
import { ExportSnapshotButton } from './export-snapshot-button';
import { TotalFigure } from './total-figure';
import { UnconvertedChip } from './unconverted-chip';
import { SettingsButton } from '../settings/settings-button';
import './header.css';

/** The top bar: the answer to "where am I right now?" in three numbers, plus stream health and snapshot export. */
export function TopBar() {
  const totals = usePortfolio(selectTotals);
  const sources = totals.perConnection.map((c) => `${c.connectionId}: ${c.equity} (${c.source})`).join('\n');
  return (
    <header className="top-bar" data-testid="top-bar">
      <div className="brand">Venueboard</div>
      <TotalFigure label="Equity" value={totals.equity} testId="total-equity" source={sources || 'no data yet'} />
      <TotalFigure label="Unrealized" value={totals.unrealizedPnl} testId="total-unrealized" pnl source="open positions' unrealized PnL" />
      <TotalFigure label="Realized" value={totals.realizedPnl} testId="total-realized" pnl source="realized PnL reported by the venues this session" />
      <UnconvertedChip unconverted={totals.unconverted} />
      <div className="top-bar-end">
        <ConnectionCount />
        <ExportSnapshotButton />
        <SettingsButton />
      </div>
    </header>
  );
}
