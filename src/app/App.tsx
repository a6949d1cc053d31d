import { BalancesPanel } from '../features/balances/balances-panel';
import { ConnectionsPanel } from '../features/connections/connections-panel';
import { FillsPanel } from '../features/fills/fills-panel';
import { TopBar } from '../features/header/top-bar';
import { MarketPanel } from '../features/market/market-panel';
import { NotificationsPanel } from '../features/notifications/notifications-panel';
import { OrdersPanel } from '../features/orders/orders-panel';
import { ChartPanel } from '../features/pnl/chart-panel';
import { PositionsPanel } from '../features/positions/positions-panel';
import './theme.css';
import './layout.css';

/**
 * The dashboard: totals on top, then a dense grid sized for one 1600×1000 screen. Two columns: the
 * wide left one holds the account tables (connections, positions, orders, fills), the right one what
 * explains them (equity chart, market prices, balances, notifications). Rows line up across both, so
 * positions sit beside the prices they are marked at. See layout.css for the sizes.
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
        <div className="area area--market">
          <MarketPanel />
        </div>
        <div className="area area--orders">
          <OrdersPanel />
        </div>
        <div className="area area--balances">
          <BalancesPanel />
        </div>
        <div className="area area--fills">
          <FillsPanel />
        </div>
        <div className="area area--notifications">
          <NotificationsPanel />
        </div>
      </main>
    </div>
  );
}

export default App;
