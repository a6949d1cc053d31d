import type { ComponentType } from 'react';
import { BalancesPanel } from '../features/balances/balances-panel';
import { AllocationPanel } from '../features/pnl-views/allocation-panel';
import { DailyPnlPanel } from '../features/pnl-views/daily-pnl-panel';
import { PnlBreakdownPanel } from '../features/pnl-views/pnl-breakdown-panel';
import { ConnectionsPanel } from '../features/connections/connections-panel';
import { ExposurePanel } from '../features/exposure/exposure-panel';
import { FillsPanel } from '../features/fills/fills-panel';
import { MarketPanel } from '../features/market/market-panel';
import { NotificationsPanel } from '../features/notifications/notifications-panel';
import { OrdersPanel } from '../features/orders/orders-panel';
import { ChartPanel } from '../features/pnl/chart-panel';
import { PnlSummaryPanel } from '../features/pnl-summary/pnl-summary-panel';
import { PositionsPanel } from '../features/positions/positions-panel';
import { PANEL_SPECS, type PanelId, type PanelSpec } from './panel-specs';

/** The component behind each panel id of panel-specs.ts (a panel without one does not compile). */
const COMPONENTS: Record<PanelId, ComponentType> = {
  connections: ConnectionsPanel,
  chart: ChartPanel,
  positions: PositionsPanel,
  market: MarketPanel,
  orders: OrdersPanel,
  balances: BalancesPanel,
  fills: FillsPanel,
  notifications: NotificationsPanel,
  'pnl-summary': PnlSummaryPanel,
  exposure: ExposurePanel,
  'pnl-daily': DailyPnlPanel,
  'pnl-breakdown': PnlBreakdownPanel,
  allocation: AllocationPanel,
};

export interface PanelEntry extends PanelSpec {
  component: ComponentType;
}

/** The panel registry: every panel of the board with its title, area and component. */
export const PANELS: readonly PanelEntry[] = PANEL_SPECS.map((spec) => ({ ...spec, component: COMPONENTS[spec.id] }));
