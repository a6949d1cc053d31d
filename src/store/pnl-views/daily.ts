import { dec, decText, type Decimal } from '../../domain/decimal';
import { instrumentKey, type Instrument } from '../../domain/instrument';
import type { Fill, GapRecord } from '../../domain/types';
import { unseenItems } from '../../domain/prepended';
import { AverageCostGroup, byTime, groupKey, realizedByFill } from '../../domain/valuation/fill-summary';
import { convert, type PriceBook, type ValuationCurrency } from '../../domain/valuation/price-book';
import type { EquitySample } from '../state';
import { usdIn } from '../valuation-selectors-history';

/** Where days begin: local midnight by default; tests inject a fixed offset. */
export interface Calendar {
  /** The start (Unix ms) of the day holding `time`. */
  dayStart(time: number): number;
  /** The day's name, `YYYY-MM-DD`, from its start. */
  label(dayStart: number): string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The browser's own time zone (daylight saving included: a day may last 23 or 25 hours). */
export const LOCAL_CALENDAR: Calendar = {
  dayStart: (time) => new Date(time).setHours(0, 0, 0, 0),
  label: (start) => {
    const d = new Date(start);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  },
};

/** A time zone at a fixed offset from UTC (minutes east), e.g. for tests. */
export function fixedOffsetCalendar(offsetMinutes: number): Calendar {
  const shift = offsetMinutes * 60_000;
  return {
    dayStart: (time) => {
      const d = new Date(time + shift);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - shift;
    },
    label: (start) => {
      const d = new Date(start + shift);
      return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    },
  };
}

/** The start of the day after the one starting at `start` (26 h on lands in it whatever daylight saving does). */
const nextDayStart = (calendar: Calendar, start: number) => calendar.dayStart(start + 26 * 3_600_000);

/** The most days listed (older ones are left out; the journal keeps fills for its retention). */
export const DAILY_PNL_MAX_DAYS = 90;

export interface DailyPnl {
  /** `YYYY-MM-DD`, local. */
  day: string;
  start: number;
  /** The next day's start (exclusive). */
  end: number;
  /** PnL realized by the day's fills (average cost per connection and symbol), before fees. */
  realized: string;
  fees: string;
  /** realized - fees. */
  net: string;
  fills: number;
  /** Amounts no price converts (left out of the figures), e.g. "0.5 XYZ". */
  unconverted: string[];
  /** Equity at the day's last sample minus the day before's last (or the day's first), when the history has both. */
  equityChange?: string;
  /** Gaps overlapping the day whose fills may be missing (not recovered in full): the day may be incomplete. */
  gaps: GapRecord[];
}

/** One day's fills summed per asset, before any conversion (depends on the fills only). */
export interface DayFills {
  start: number;
  fills: number;
  /** Realized PnL per quote asset ("" when the symbol's instrument is not known). */
  realized: ReadonlyMap<string, string>;
  /** Fees per fee asset ("" when the venue names none). */
  fees: ReadonlyMap<string, string>;
}

/**
 * The fills per local day, oldest first: PnL realized by each fill by average cost (the method the PnL
 * summary uses for venues without a position stream; a fill closing a position opened before the
 * oldest kept fill realizes nothing), summed per quote asset, and fees per fee asset.
 */
export function fillsByDay(
  fills: Iterable<Fill>,
  instruments: ReadonlyMap<string, Instrument>,
  calendar: Calendar = LOCAL_CALENDAR,
): DayFills[] {
  const days = new Map<number, { fills: number; realized: Map<string, Decimal>; fees: Map<string, Decimal> }>();
  const addTo = (map: Map<string, Decimal>, asset: string, amount: string) =>
    map.set(asset, (map.get(asset) ?? dec(0)).plus(amount));
  for (const { fill, realized } of realizedByFill(fills)) {
    const start = calendar.dayStart(fill.time);
    let day = days.get(start);
    if (!day) days.set(start, (day = { fills: 0, realized: new Map(), fees: new Map() }));
    day.fills += 1;
    if (!dec(realized).isZero())
      addTo(day.realized, instruments.get(instrumentKey(fill.connectionId, fill.symbol))?.quoteAsset ?? '', realized);
    if (fill.fee !== undefined) addTo(day.fees, fill.feeAsset ?? '', fill.fee);
  }
  const text = (map: Map<string, Decimal>) => new Map([...map].map(([asset, amount]) => [asset, decText(amount)]));
  return [...days]
    .sort(([a], [b]) => a - b)
    .map(([start, d]) => ({ start, fills: d.fills, realized: text(d.realized), fees: text(d.fees) }));
}

/** One connection and symbol: its average-cost position and the PnL its fills realized per day. */
interface DayGroup {
  cost: AverageCostGroup;
  realized: Map<number, Decimal>;
}

/**
 * `fillsByDay`, kept up to date as the fill list grows: only fills not seen before are applied (20,000
 * fills from scratch take a few hundred ms, too long for every new fill). Fills are immutable objects
 * shared between states, so "seen" is object identity (as in FillSummarizer). A fill older than the last
 * one applied to its symbol replays that symbol; a list with no fill seen before (cleared history,
 * another state) starts over; fills evicted from the bounded list stay counted; `forget` drops a removed
 * connection.
 */
export class FillsByDayAccumulator {
  private groups = new Map<string, DayGroup>();
  private counts = new Map<number, { fills: number; fees: Map<string, Decimal>; connections: Map<string, number> }>();
  private applied = new WeakSet<Fill>();
  private appliedAny = false;
  private list: readonly Fill[] | undefined;

  constructor(private readonly calendar: Calendar = LOCAL_CALENDAR) {}

  update(fills: readonly Fill[], instruments: ReadonlyMap<string, Instrument>): DayFills[] {
    if (fills !== this.list) this.apply(fills);
    return this.publish(instruments);
  }

  /** Connection ids with fills counted. */
  connectionIds(): Set<string> {
    const ids = new Set<string>();
    for (const day of this.counts.values()) for (const id of day.connections.keys()) ids.add(id);
    return ids;
  }

  /** Drop everything of a connection that was removed (its fees and counts too). */
  forget(connectionId: string): void {
    for (const key of [...this.groups.keys()]) if (key.startsWith(`${connectionId}|`)) this.groups.delete(key);
    for (const day of this.counts.values()) {
      day.fills -= day.connections.get(connectionId) ?? 0;
      day.connections.delete(connectionId);
      for (const key of [...day.fees.keys()]) if (key.startsWith(`${connectionId}|`)) day.fees.delete(key);
    }
    this.list = undefined;
  }

  private apply(fills: readonly Fill[]): void {
    let fresh = unseenItems(this.list, fills, this.applied);
    if (this.appliedAny && fresh.length === fills.length) {
      this.groups = new Map();
      this.counts = new Map();
      this.applied = new WeakSet();
      fresh = [...fills];
    }
    const byGroup = new Map<string, Fill[]>();
    for (const f of fresh) {
      const start = this.calendar.dayStart(f.time);
      let day = this.counts.get(start);
      if (!day) this.counts.set(start, (day = { fills: 0, fees: new Map(), connections: new Map() }));
      day.fills += 1;
      day.connections.set(f.connectionId, (day.connections.get(f.connectionId) ?? 0) + 1);
      // Fees per connection and asset, so a removed connection's can be taken out.
      if (f.fee !== undefined) {
        const key = `${f.connectionId}|${f.feeAsset ?? ''}`;
        day.fees.set(key, (day.fees.get(key) ?? dec(0)).plus(f.fee));
      }
      const list = byGroup.get(groupKey(f));
      if (list) list.push(f);
      else byGroup.set(groupKey(f), [f]);
    }
    for (const [key, list] of byGroup) {
      list.sort(byTime);
      let group = this.groups.get(key);
      if (group?.cost.last && byTime(list[0]!, group.cost.last) < 0) {
        // A late fill, older than what was applied: replay the symbol in time order.
        group = undefined;
        list.splice(0, list.length, ...fills.filter((f) => groupKey(f) === key).sort(byTime));
      }
      if (!group) {
        group = { cost: new AverageCostGroup(list[0]!.connectionId, list[0]!.symbol), realized: new Map() };
        this.groups.set(key, group);
      }
      for (const f of list) {
        const realized = group.cost.add(f);
        if (realized.isZero()) continue;
        const start = this.calendar.dayStart(f.time);
        group.realized.set(start, (group.realized.get(start) ?? dec(0)).plus(realized));
      }
    }
    for (const f of fresh) this.applied.add(f);
    this.appliedAny ||= fresh.length > 0;
    this.list = fills;
  }

  private publish(instruments: ReadonlyMap<string, Instrument>): DayFills[] {
    const realized = new Map<number, Map<string, Decimal>>();
    for (const [key, group] of this.groups) {
      const bar = key.indexOf('|');
      const quote = instruments.get(instrumentKey(key.slice(0, bar), key.slice(bar + 1)))?.quoteAsset ?? '';
      for (const [start, amount] of group.realized) {
        const day = realized.get(start) ?? new Map<string, Decimal>();
        realized.set(start, day.set(quote, (day.get(quote) ?? dec(0)).plus(amount)));
      }
    }
    const text = (map: ReadonlyMap<string, Decimal>) =>
      new Map([...map].map(([asset, amount]) => [asset, decText(amount)]));
    return [...this.counts]
      .filter(([, d]) => d.fills > 0)
      .sort(([a], [b]) => a - b)
      .map(([start, d]) => {
        const fees = new Map<string, Decimal>();
        for (const [key, amount] of d.fees) {
          const asset = key.slice(key.indexOf('|') + 1);
          fees.set(asset, (fees.get(asset) ?? dec(0)).plus(amount));
        }
        return { start, fills: d.fills, realized: text(realized.get(start) ?? new Map()), fees: text(fees) };
      });
  }
}

export interface DailyPnlInput {
  days: readonly DayFills[];
  book: PriceBook;
  target: ValuationCurrency;
  history: readonly EquitySample[];
  gaps: Iterable<GapRecord>;
  now: number;
  calendar?: Calendar;
}

/**
 * PnL per local day, oldest first, today and every day of the equity history included: the day's
 * realized PnL and fees (fillsByDay), converted at today's prices (the journal keeps no price per fill),
 * and the day's change of equity from the equity history, at each sample's own BTC price. A day a gap
 * overlaps whose fills may be missing carries that gap.
 */
export function dailyPnl(input: DailyPnlInput): DailyPnl[] {
  const calendar = input.calendar ?? LOCAL_CALENDAR;
  const byStart = new Map(input.days.map((d) => [d.start, d]));
  const starts = new Set(byStart.keys());
  for (const sample of input.history) starts.add(calendar.dayStart(sample.time));
  starts.add(calendar.dayStart(input.now));
  const gaps = [...input.gaps].filter((g) => g.recovered !== 'full');
  return [...starts]
    .sort((a, b) => a - b)
    .slice(-DAILY_PNL_MAX_DAYS)
    .map((start): DailyPnl => {
      const day = byStart.get(start);
      const unconverted: string[] = [];
      const total = (amounts: ReadonlyMap<string, string> | undefined) => {
        let sum = dec(0);
        for (const [asset, amount] of amounts ?? []) {
          const value = asset ? convert(input.book, amount, asset, input.target) : undefined;
          if (value) sum = sum.plus(value.value);
          else if (!dec(amount).isZero()) unconverted.push(`${amount} ${asset || 'of an unknown asset'}`);
        }
        return sum;
      };
      const realized = total(day?.realized);
      const fees = total(day?.fees);
      const end = nextDayStart(calendar, start);
      const change = equityChange(input.history, start, end, input.target);
      return {
        day: calendar.label(start),
        start,
        end,
        realized: decText(realized),
        fees: decText(fees),
        net: decText(realized.minus(fees)),
        fills: day?.fills ?? 0,
        unconverted,
        ...(change !== undefined ? { equityChange: change } : {}),
        gaps: gaps.filter((g) => g.from < end && (g.to ?? input.now) > start),
      };
    });
}

/**
 * Equity at the day's last sample minus the last sample before the day (the day before's close), or the
 * day's first sample when the history starts that day; each in the target at its own BTC price.
 */
function equityChange(
  history: readonly EquitySample[],
  start: number,
  end: number,
  target: ValuationCurrency,
): string | undefined {
  let before: EquitySample | undefined;
  let first: EquitySample | undefined;
  let last: EquitySample | undefined;
  for (const s of history) {
    if (s.time < start) before = s;
    else if (s.time < end) {
      first ??= s;
      last = s;
    }
  }
  const from = before ?? first;
  if (!from || !last || from === last) return undefined;
  const a = usdIn(last.equity, target, last.btcUsd);
  const b = usdIn(from.equity, target, from.btcUsd);
  return a === undefined || b === undefined ? undefined : decText(dec(a).minus(b));
}
