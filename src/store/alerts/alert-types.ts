import type { ConnectionStatus, NotificationLevel } from '../../domain/types';

/**
 * The alert engine's vocabulary. The engine is pure and knows nothing of stores, prices or
 * currencies: it takes numbers already valued in the user's base currency (decimal text) and the
 * connections' statuses with the time each status began.
 */
export type AlertRule = 'drawdown' | 'unrealized-loss' | 'position-notional' | 'stale' | 'disconnect';

export interface ConnectionInput {
  connectionId: string;
  status: ConnectionStatus;
  /** When the connection entered `status` (Unix ms). */
  since: number;
  /** Times it dropped (was up, went to reconnecting or error) since the page started: see connection-tracker.ts. */
  drops: number;
  /** The latest drop. */
  lastDrop?: { status: ConnectionStatus; reason?: string; time: number };
  /** Why it is not live, as the lifecycle says it (venue text, never a secret). */
  reason?: string;
}

export interface PositionInput {
  connectionId: string;
  symbol: string;
  /** |quantity| x price in the base currency; absent when it cannot be valued (the rule holds its state). */
  notional?: string;
}

/** What the portfolio looks like now. Amounts in the base currency, absent when they cannot be valued. */
export interface AlertInputs {
  now: number;
  /** Label of the base currency the amounts are in (USD, BTC). */
  currency: string;
  connections: readonly ConnectionInput[];
  equity?: string;
  /** The highest equity seen (the equity history and now). */
  peakEquity?: string;
  unrealizedPnl?: string;
  positions: readonly PositionInput[];
}

/** Thresholds the engine checks; an absent threshold turns its rule off. */
export interface AlertThresholds {
  /** Percent drawdown of equity from its peak, decimal text. */
  drawdownPct?: string;
  /** Fires when total unrealized PnL <= -this (positive decimal text). */
  unrealizedLoss?: string;
  /** Fires when one position's notional >= this. */
  positionNotional?: string;
  /** Fires when a connection has been `stale` for at least this many ms. */
  staleAfterMs?: number;
  disconnect: boolean;
  /** Hysteresis band, percent of the threshold, decimal text ("10"). */
  rearmPct: string;
}

export interface Alert {
  /** Unique per firing (the notification id). */
  id: string;
  /** The condition that fired (`rule` plus its subject); stable across firings of the same condition. */
  key: string;
  rule: AlertRule;
  level: NotificationLevel;
  /** The connection concerned; absent for portfolio-wide alerts. */
  connectionId?: string;
  symbol?: string;
  title: string;
  message: string;
  /** The value that crossed (decimal text, or a status for connection rules). */
  value: string;
  threshold: string;
  time: number;
}

export interface LinkState {
  /** Drops already alerted (or passed over while the rule was off). */
  drops: number;
}

export interface AlertEngineState {
  /** Condition keys firing now: they do not fire again until they clear (re-arm). */
  active: ReadonlySet<string>;
  links: ReadonlyMap<string, LinkState>;
  /** Firings so far (part of each alert id). */
  seq: number;
}

export const initialAlertState = (): AlertEngineState => ({ active: new Set(), links: new Map(), seq: 0 });
