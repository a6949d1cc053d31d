import { Panel } from '../../components/panel';
import { usePortfolio } from '../../store/portfolio-store';
import { EquityChart } from './equity-chart';
import './chart.css';

/** The equity and PnL history of this session (the store keeps it bounded and downsampled). */
export function ChartPanel() {
  const history = usePortfolio((s) => s.equityHistory);
  return (
    <Panel id="chart" title="Equity & PnL" meta={history.length > 0 ? `${history.length} samples · USD` : 'USD'}>
      {history.length < 2 ? <div className="chart-empty">Collecting equity samples…</div> : <EquityChart history={history} />}
    </Panel>
  );
}
