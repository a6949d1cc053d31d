import { Prng } from './prng';
import { type Grid, type Num, decimalsOf, gridOf, num, roundToStep } from './num';

/** A perpetual contract quoted in USDT. Prices stay on the tick grid, quantities on the step grid. */
export interface Instrument {
  symbol: string;
  tick: Num;
  tickDecimals: number;
  tickGrid: Grid;
  qtyStep: Num;
  qtyGrid: Grid;
  qtyDecimals: number;
  startPrice: Num;
  leverage: number;
  /** True for the symbols the simulated accounts trade; the others are public noise only. */
  traded: boolean;
}

function instrument(
  symbol: string,
  tick: string,
  qtyStep: string,
  startPrice: string,
  leverage: number,
  traded: boolean,
): Instrument {
  const tickNum = num(tick);
  const stepNum = num(qtyStep);
  return {
    symbol,
    tick: tickNum,
    tickDecimals: decimalsOf(tickNum),
    tickGrid: gridOf(tickNum),
    qtyStep: stepNum,
    qtyGrid: gridOf(stepNum),
    qtyDecimals: decimalsOf(stepNum),
    startPrice: roundToStep(num(startPrice), tickNum),
    leverage,
    traded,
  };
}

export const TRADED_INSTRUMENTS: readonly Instrument[] = [
  instrument('BTCUSDT', '0.1', '0.001', '71000', 20, true),
  instrument('ETHUSDT', '0.01', '0.01', '3500', 20, true),
  instrument('SOLUSDT', '0.01', '0.1', '180', 10, true),
];

/** Base assets of the public-noise symbols (ZDEX lists about 144 symbols in all). */
const NOISE_BASES = `XRP DOGE ADA AVAX LINK DOT TRX TON SHIB LTC BCH NEAR UNI APT ICP ETC FIL ATOM ARB OP XLM HBAR
INJ IMX VET MKR GRT RNDR SUI SEI TIA STX ALGO AAVE EGLD FTM SAND MANA AXS THETA FLOW XTZ EOS KAVA NEO CHZ CRV
LDO RUNE SNX GALA APE DYDX COMP ZEC DASH ENJ BAT ZIL ONE IOTA QTUM WAVES KSM 1INCH SUSHI YFI CELO ANKR ROSE
GMX BLUR PEPE WIF BONK FLOKI ORDI JUP PYTH STRK WLD ENA ETHFI JTO MEME AEVO ALT MANTA PIXEL PORTAL XAI ACE NFP
AI TNSR SAGA REZ BB NOT IO ZK LISTA ZRO BANANA TAO ONDO PENDLE ARKM CYBER ID MAV EDU LQTY RDNT SSV HOOK MAGIC
HIGH FET CFX ACH KAS TRB BAND LPT UMA API3 MASK OGN PEOPLE JASMY GMT WOO CELR SKL STORJ ZRX RSR BAL NMR AR`
  .split(/\s+/)
  .filter((s) => s.length > 0);

export const NOISE_SYMBOL_COUNT = 141;

/** Deterministic prices for the noise symbols: from 0.001 to 1000, with 4-5 significant tick digits. */
function noiseInstruments(): Instrument[] {
  const rng = Prng.derive(0, 'noise-instruments');
  return NOISE_BASES.slice(0, NOISE_SYMBOL_COUNT).map((base) => {
    const exponent = rng.int(-3, 2);
    const mantissa = 1 + rng.int(0, 8999) / 1000;
    const tickExponent = Math.min(0, exponent - 4);
    const tick = `1e${tickExponent}`;
    const price = num(mantissa).mul(num(10).pow(exponent));
    const qtyStep = exponent >= 1 ? '0.01' : exponent >= -1 ? '1' : '100';
    return instrument(`${base}USDT`, num(tick).toFixed(), qtyStep, price.toFixed(), 10, false);
  });
}

export const ALL_INSTRUMENTS: readonly Instrument[] = [...TRADED_INSTRUMENTS, ...noiseInstruments()];

export function instrumentMap(instruments: readonly Instrument[]): ReadonlyMap<string, Instrument> {
  return new Map(instruments.map((i) => [i.symbol, i]));
}
