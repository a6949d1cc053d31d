import { type Num, num, text } from '../core/num';

/**
 * Roxom is Bitcoin-denominated: every instrument is quoted in BTC and the wallet is in BTC. The core
 * trades USDT perpetuals, so this front end shows them under Roxom names at a FIXED conversion rate,
 * 1 BTC = 100 000 USDT [choice]. Dividing by a power of ten is exact in decimal, so every BTC amount
 * is the core's USDT amount with the point moved, and the core's exact identities (wallet = initial +
 * realized - fees + funding, fee = rate x notional) hold unchanged in BTC.
 *
 * Each market also scales quantities by a power of ten (`qtyScale`) so its BTC price sits near the
 * real asset's level; notional (price x quantity) is unchanged by that scaling:
 *
 * | core     | Roxom     | qtyScale | core price (USDT) | Roxom price (BTC) | core step -> Roxom step |
 * | BTCUSDT  | US500-BTC | 10       | ~71000            | ~0.071            | 0.001 -> 0.01           |
 * | ETHUSDT  | GOLD-BTC  | 1        | ~3500             | ~0.035            | 0.01 -> 0.01            |
 * | SOLUSDT  | OIL-BTC   | 1        | ~180              | ~0.0018           | 0.1 -> 0.1              |
 *
 * The core's 141 public-noise symbols have no Roxom market. Ticks (core 0.1 / 0.01 / 0.01 USDT)
 * become 0.0000001 BTC (10 sats) on all three.
 */
export const USDT_PER_BTC = num(100_000);

export interface RoxomMarket {
  coreSymbol: string;
  symbol: string;
  /** Roxom quantity = core quantity x qtyScale; Roxom price = core price / (USDT_PER_BTC x qtyScale). */
  qtyScale: Num;
}

export const ROXOM_MARKETS: readonly RoxomMarket[] = [
  { coreSymbol: 'BTCUSDT', symbol: 'US500-BTC', qtyScale: num(10) },
  { coreSymbol: 'ETHUSDT', symbol: 'GOLD-BTC', qtyScale: num(1) },
  { coreSymbol: 'SOLUSDT', symbol: 'OIL-BTC', qtyScale: num(1) },
];

const BY_CORE = new Map(ROXOM_MARKETS.map((m) => [m.coreSymbol, m]));
const BY_ROXOM = new Map(ROXOM_MARKETS.map((m) => [m.symbol, m]));

export function marketOf(coreSymbol: string): RoxomMarket | undefined {
  return BY_CORE.get(coreSymbol);
}

export function isRoxomSymbol(symbol: string): boolean {
  return BY_ROXOM.has(symbol);
}

function market(coreSymbol: string): RoxomMarket {
  const m = BY_CORE.get(coreSymbol);
  if (!m) throw new Error(`no Roxom market for ${coreSymbol}`);
  return m;
}

/** The Roxom name of a core symbol (unchanged when it has none). */
export function roxomSymbol(coreSymbol: string): string {
  return BY_CORE.get(coreSymbol)?.symbol ?? coreSymbol;
}

/** A USDT amount (PnL, fee, margin, wallet) in BTC. */
export function btc(usdt: string | Num): Num {
  return num(usdt).div(USDT_PER_BTC);
}

export function btcText(usdt: string | Num): string {
  return text(btc(usdt));
}

/** A core price (USDT per core unit) as a Roxom price (BTC per Roxom unit). */
export function priceText(coreSymbol: string, usdtPrice: string | Num): string {
  return text(num(usdtPrice).div(USDT_PER_BTC.mul(market(coreSymbol).qtyScale)));
}

/** A core quantity (may be signed) as a Roxom quantity. */
export function qty(coreSymbol: string, coreQuantity: string | Num): Num {
  return num(coreQuantity).mul(market(coreSymbol).qtyScale);
}

export function qtyText(coreSymbol: string, coreQuantity: string | Num): string {
  return text(qty(coreSymbol, coreQuantity));
}
