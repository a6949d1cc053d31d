import { dec, Decimal } from '../../domain/decimal';
import type { Alert, AlertEngineState, AlertInputs, AlertThresholds, LinkState } from './alert-types';

/**
 * The alert rules: (previous state, inputs now, thresholds) -> (new alerts, next state). Pure.
 *
 * Each condition fires once when it starts and stays quiet while it holds. A threshold condition
 * re-arms only once its value is back past the threshold by the re-arm band (`rearmPct` of the
 * threshold): a value hovering at the threshold does not fire every frame. A value that cannot be
 * computed right now (no price) neither fires nor clears: the condition keeps its state.
 */
export function evaluateAlerts(
  prev: AlertEngineState,
  inputs: AlertInputs,
  thresholds: AlertThresholds,
): { alerts: Alert[]; state: AlertEngineState } {
  const run = new Evaluation(prev, inputs, thresholds);
  run.drawdown();
  run.unrealizedLoss();
  run.positionNotional();
  run.connections();
  return { alerts: run.alerts, state: run.finish() };
}

/** An alert before it is stamped with its id and time. */
type Firing = Omit<Alert, 'id' | 'time'>;

class Evaluation {
  readonly alerts: Alert[] = [];
  private readonly active: Set<string>;
  private readonly links = new Map<string, LinkState>();
  private seq: number;
  private readonly keep: Decimal;

  constructor(
    private readonly prev: AlertEngineState,
    private readonly inputs: AlertInputs,
    private readonly thresholds: AlertThresholds,
  ) {
    this.active = new Set(prev.active);
    this.seq = prev.seq;
    // A fired threshold condition clears below threshold x (1 - rearmPct / 100).
    const band = Decimal.min(Decimal.max(dec(safeDecimal(thresholds.rearmPct) ?? '0'), 0), 100);
    this.keep = dec(1).minus(band.div(100));
  }

  drawdown(): void {
    const { equity, peakEquity, currency } = this.inputs;
    const threshold = positive(this.thresholds.drawdownPct);
    const value =
      equity !== undefined && peakEquity !== undefined && dec(peakEquity).gt(0)
        ? dec(peakEquity).minus(equity).div(peakEquity).times(100)
        : undefined;
    this.threshold('drawdown', threshold, value, (pct, limit) => ({
      rule: 'drawdown',
      level: 'error',
      title: `Drawdown ${round(pct, 2)}% from peak`,
      message: `Equity ${money(equity!, currency)} is ${round(pct, 2)}% below its peak ${money(peakEquity!, currency)} (threshold ${limit}%)`,
      value: round(pct, 4),
      threshold: limit,
    }));
  }

  unrealizedLoss(): void {
    const { unrealizedPnl, currency } = this.inputs;
    const threshold = positive(this.thresholds.unrealizedLoss);
    const loss = unrealizedPnl === undefined ? undefined : dec(unrealizedPnl).neg();
    this.threshold('unrealized-loss', threshold, loss, (_loss, limit) => ({
      rule: 'unrealized-loss',
      level: 'warning',
      title: `Unrealized PnL ${money(unrealizedPnl!, currency)}`,
      message: `Total unrealized PnL ${money(unrealizedPnl!, currency)} is at or below -${limit} ${currency} (threshold)`,
      value: unrealizedPnl!,
      threshold: `-${limit}`,
    }));
  }

  positionNotional(): void {
    const { currency } = this.inputs;
    const threshold = positive(this.thresholds.positionNotional);
    const present = new Set<string>();
    for (const p of this.inputs.positions) {
      const key = `position-notional|${p.connectionId}|${p.symbol}`;
      present.add(key);
      this.threshold(key, threshold, p.notional === undefined ? undefined : dec(p.notional), (_v, limit) => ({
        rule: 'position-notional',
        level: 'warning',
        connectionId: p.connectionId,
        symbol: p.symbol,
        title: `Position ${p.symbol} notional ${money(p.notional!, currency)}`,
        message: `${p.symbol} on ${p.connectionId}: notional ${money(p.notional!, currency)} is at or above ${limit} ${currency} (threshold)`,
        value: p.notional!,
        threshold: limit,
      }));
    }
    // A position that closed re-arms its condition.
    for (const key of [...this.active])
      if (key.startsWith('position-notional|') && !present.has(key)) this.active.delete(key);
  }

  connections(): void {
    const { now } = this.inputs;
    const present = new Set<string>();
    for (const c of this.inputs.connections) {
      present.add(c.connectionId);
      // Stale: fires once the stream has been stale for staleAfterMs; clears when it is not stale.
      const staleKey = `stale|${c.connectionId}`;
      const staleFor = now - c.since;
      if (c.status !== 'stale' || this.thresholds.staleAfterMs === undefined) this.active.delete(staleKey);
      else if (!this.active.has(staleKey) && staleFor >= this.thresholds.staleAfterMs) {
        this.fire({
          key: staleKey,
          rule: 'stale',
          level: 'warning',
          connectionId: c.connectionId,
          title: `Stale stream: ${c.connectionId}`,
          message: `${c.connectionId} stale for ${seconds(staleFor)} (threshold ${seconds(this.thresholds.staleAfterMs)})${c.reason ? `: ${c.reason}` : ''}`,
          value: String(staleFor),
          threshold: String(this.thresholds.staleAfterMs),
        });
      }

      // Disconnect: once per new drop (counted by the connection tracker on every frame, so one
      // that is back before this evaluation still counts). Several drops between two evaluations: one alert.
      const seen = this.prev.links.get(c.connectionId)?.drops ?? 0;
      if (c.drops > seen && this.thresholds.disconnect) {
        const drop = c.lastDrop ?? { status: c.status, reason: c.reason };
        const back = c.status === 'live' ? ', back live now' : '';
        const times = c.drops - seen > 1 ? ` (${c.drops - seen} times)` : '';
        this.fire({
          key: `disconnect|${c.connectionId}`,
          rule: 'disconnect',
          level: 'error',
          connectionId: c.connectionId,
          title: `Disconnected: ${c.connectionId}`,
          message: `${c.connectionId} was live and went ${drop.status}${times}${drop.reason ? `: ${drop.reason}` : ''}${back}`,
          value: drop.status,
          threshold: 'live',
        });
      }
      this.links.set(c.connectionId, { drops: c.drops });
    }
    for (const key of [...this.active]) {
      if (!key.startsWith('stale|')) continue;
      if (!present.has(key.slice('stale|'.length))) this.active.delete(key);
    }
  }

  finish(): AlertEngineState {
    return { active: this.active, links: this.links, seq: this.seq };
  }

  /**
   * A "value at or above threshold" condition with hysteresis. Off (no threshold): clears.
   * Unknown value: keeps its state.
   */
  private threshold(
    key: string,
    threshold: string | undefined,
    value: Decimal | undefined,
    describe: (value: Decimal, threshold: string) => Omit<Firing, 'key'>,
  ): void {
    if (threshold === undefined) {
      this.active.delete(key);
      return;
    }
    if (value === undefined) return;
    if (this.active.has(key)) {
      if (value.lt(dec(threshold).times(this.keep))) this.active.delete(key);
      return;
    }
    if (value.gte(threshold)) this.fire({ key, ...describe(value, threshold) });
  }

  private fire(f: Firing): void {
    this.active.add(f.key);
    this.seq++;
    const time = this.inputs.now;
    this.alerts.push({ ...f, id: `@alert:${time}-${this.seq}`, time });
  }
}

/** Decimal text of a positive threshold, else undefined (off). */
function positive(text: string | undefined): string | undefined {
  const value = safeDecimal(text);
  return value !== undefined && dec(value).gt(0) ? value : undefined;
}

function safeDecimal(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  return /^-?\d+(\.\d+)?$/.test(t) ? t : undefined;
}

const round = (value: Decimal, places: number): string => value.toDecimalPlaces(places).toFixed();
const money = (amount: string, currency: string): string =>
  `${dec(amount).toFixed(currency === 'BTC' ? 8 : 2)} ${currency}`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
