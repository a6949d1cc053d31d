import { BalancesPanel } from '../features/balances/balances-panel';
import { ConnectionsPanel } from '../features/connections/connections-panel';
import { FillsPanel } from '../features/fills/fills-panel';
import { TopBar } from '../features/header/top-bar';
import { OrdersPanel } from '../features/orders/orders-panel';
import { ChartPanel } from '../features/pnl/chart-panel';
import { PositionsPanel } from '../features/positions/positions-panel';
import './theme.css';
import './layout.css';

/**
 * The dashboard: totals on top, then a dense grid sized for one 1600×1000 screen —
 * connections and the equity chart, positions and balances, open orders and fills.
 */
export function App() {
  return (
    <div className="app">
      <TopBar />
      <main className="board">
        <div className="area area--connections">
          <ConnectionsPanel />
        </div>
        <div className="area area--chart">
          <ChartPanel />
        </div>
        <div className="area area--positions">
          <PositionsPanel />
        </div>
        <div className="area area--balances">
          <BalancesPanel />
        </div>
        <div className="area area--orders">
          <OrdersPanel />
        </div>
        <div className="area area--fills">
          <FillsPanel />
        </div>
      </main>
    </div>
  );
}

export default App;
