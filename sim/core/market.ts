import type { Instrument } from './instruments';
import type { Prng } from './prng';
import { Num, ZERO, num } from './num';

const CANDLE_MS = 60_000;
const FUNDING_RATE_MIN = num('-0.0003');
const FUNDING_RATE_MAX = num('0.0005');
const FUNDING_RATE_STEP = num('0.00001');

interface Candle {
  openTime: number;
  open: Num;
  high: Num;
  low: Num;
  close: Num;
  volume: Num;
  quoteVolume: Num;
  trades: number;
  takerBuyBase: Num;
  takerBuyQuote: Num;
}

/** Live market state of one symbol. Mutated only by Market. */
export interface SymbolState {
  readonly instrument: Instrument;
  last: Num;
  mark: Num;
  index: Num;
  fundingRate: Num;
  /** Reference price of the ticker's change figures (the start price: a simulated "24 h ago"). */
  open24: Num;
  high24: Num;
  low24: Num;
  volume24: Num;
  quoteVolume24: Num;
  candle: Candle;
  nextTradeId: number;
  nextBookUpdateId: number;
}

function newCandle(openTime: number, price: Num): Candle {
  return {
    openTime,
    open: price,
    high: price,
    low: price,
    close: price,
    volume: ZERO,
    quoteVolume: ZERO,
    trades: 0,
    takerBuyBase: ZERO,
    takerBuyQuote: ZERO,
  };
}

/**
 * Random-walk prices on each symbol's tick grid, with a mild pull back to the start price so a long
 * run stays plausible. The mark price stays within two ticks of the last price.
 */
export class Market {
  private readonly states = new Map<string, SymbolState>();

  constructor(
    instruments: readonly Instrument[],
    private readonly rng: Prng,
    now: number,
  ) {
    for (const instrument of instruments) {
      const price = instrument.startPrice;
      this.states.set(instrument.symbol, {
        instrument,
        last: price,
        mark: price,
        index: price,
        fundingRate: num('0.0001'),
        open24: price,
        high24: price,
        low24: price,
        volume24: ZERO,
        quoteVolume24: ZERO,
        candle: newCandle(candleStart(now), price),
        nextTradeId: 1_000_000 + rng.int(0, 8_999_999),
        nextBookUpdateId: 100_000_000 + rng.int(0, 899_999_999),
      });
    }
  }

  get(symbol: string): SymbolState {
    const state = this.states.get(symbol);
    if (!state) throw new Error(`unknown symbol ${symbol}`);
    return state;
  }

  all(): IterableIterator<SymbolState> {
    return this.states.values();
  }

  /** One random-walk step for every symbol (computed in whole ticks: one Decimal product per price). */
  step(now: number): void {
    for (const s of this.states.values()) {
      const { tick } = s.instrument;
      const volatility = s.instrument.traded ? 0.0002 : 0.0003;
      const drift = Math.log(s.last.toNumber() / s.instrument.startPrice.toNumber()) * -0.002;
      const relative = volatility * this.rng.gaussian() + drift;
      const ticks = Math.max(10, Math.round((s.last.toNumber() / tick.toNumber()) * (1 + relative)));
      const markTicks = Math.max(1, ticks + this.rng.int(-2, 2));
      s.last = tick.mul(ticks);
      s.mark = tick.mul(markTicks);
      s.index = tick.mul(Math.max(1, markTicks + this.rng.int(-1, 1)));
      if (this.rng.chance(0.05)) {
        const rate = s.fundingRate.plus(FUNDING_RATE_STEP.mul(this.rng.int(-1, 1)));
        s.fundingRate = Num.min(FUNDING_RATE_MAX, Num.max(FUNDING_RATE_MIN, rate));
      }
      this.touch(s, s.last, now);
    }
  }

  /** A public trade happened at `price`: update volumes and the candle. */
  recordTrade(symbol: string, price: Num, qty: Num, takerBuys: boolean, now: number): void {
    const s = this.get(symbol);
    const quote = price.mul(qty);
    s.volume24 = s.volume24.plus(qty);
    s.quoteVolume24 = s.quoteVolume24.plus(quote);
    this.touch(s, price, now);
    const c = s.candle;
    c.volume = c.volume.plus(qty);
    c.quoteVolume = c.quoteVolume.plus(quote);
    c.trades += 1;
    if (takerBuys) {
      c.takerBuyBase = c.takerBuyBase.plus(qty);
      c.takerBuyQuote = c.takerBuyQuote.plus(quote);
    }
  }

  private touch(s: SymbolState, price: Num, now: number): void {
    if (price.gt(s.high24)) s.high24 = price;
    if (price.lt(s.low24)) s.low24 = price;
    const start = candleStart(now);
    if (start !== s.candle.openTime) s.candle = newCandle(start, s.candle.close);
    const c = s.candle;
    if (price.gt(c.high)) c.high = price;
    if (price.lt(c.low)) c.low = price;
    c.close = price;
  }
}

export function candleStart(now: number): number {
  return Math.floor(now / CANDLE_MS) * CANDLE_MS;
}

export const CANDLE_DURATION_MS = CANDLE_MS;
