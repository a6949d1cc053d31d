import { readFileSync } from 'node:fs';
import ccxt from 'ccxt';
import {
  decodeOrderMessage,
  decodeTradeMessage,
  parseOrderMessage,
  parseTradeMessage,
} from '../src/venues/coinswitch/codec';
import { normalizeFill, normalizeOrder } from '../src/venues/coinswitch/normalize';
import { medianTimesPerOp, type BenchResult } from './measure';

/**
 * The peer a developer would otherwise use: CCXT Pro's Bybit handlers. CoinSwitch PRO HFT sends Bybit
 * V5 order and execution records (docs/venues/coinswitch.md) in its own envelope; CCXT reads the same
 * records in Bybit's own envelope (`{topic, data: [...]}`). Each side gets the frame as the socket's
 * text, so both pay for JSON.parse, and turns it into its own unified order or trade.
 */
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../src/venues/coinswitch/fixtures/${name}`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

const FRAMES = 512;

interface Frames {
  ours: string[];
  peer: string[];
}

/** Distinct ids per frame, so neither side can answer from a cache of the previous one. */
export function coinswitchFrames(count = FRAMES): Frames {
  const order = fixture('order-filled.documented.json');
  const trade = fixture('trade.documented.json');
  const orderRecord = order.o as Record<string, unknown>;
  const execRecord = (trade.o as Record<string, unknown>[])[0]!;
  const ours: string[] = [];
  const peer: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      const o = {
        ...orderRecord,
        orderId: `${String(orderRecord.orderId)}-${i}`,
        updatedTime: String(1756478182110 + i),
      };
      ours.push(JSON.stringify({ ...order, o }));
      peer.push(JSON.stringify({ id: `m${i}`, topic: 'order', creationTime: 1756478182146 + i, data: [o] }));
    } else {
      const e = { ...execRecord, execId: `${String(execRecord.execId)}-${i}`, execTime: String(1756478116611 + i) };
      ours.push(JSON.stringify({ ...trade, o: [e] }));
      peer.push(JSON.stringify({ id: `m${i}`, topic: 'execution', creationTime: 1756478116649 + i, data: [e] }));
    }
  }
  return { ours, peer };
}

/** Our codec + normalize on one CoinSwitch frame; returns how many domain records it produced. */
export function normalizeOurs(frame: string): number {
  if (frame.includes('"order.')) {
    const decoded = decodeOrderMessage(frame);
    if (!decoded.ok) throw new Error(decoded.error.message);
    return normalizeOrder('cs', decoded.value.o).order.orderId ? 1 : 0;
  }
  const decoded = decodeTradeMessage(frame);
  if (!decoded.ok) throw new Error(decoded.error.message);
  let n = 0;
  for (const e of decoded.value.o) if (normalizeFill('cs', e)) n++;
  return n;
}

interface BybitHandlers {
  handleOrder(client: unknown, message: unknown): void;
  handleMyTrades(client: unknown, message: unknown): void;
  setMarkets(markets: unknown[]): void;
}

/** A `ccxt.pro.bybit` with the two linear markets set by hand (no network), as after loadMarkets. */
export function ccxtBybit(): BybitHandlers {
  const exchange = new ccxt.pro.bybit({}) as unknown as BybitHandlers;
  const linear = (base: string) => ({
    id: `${base}USDT`,
    symbol: `${base}/USDT:USDT`,
    base,
    quote: 'USDT',
    settle: 'USDT',
    baseId: base,
    quoteId: 'USDT',
    settleId: 'USDT',
    type: 'swap',
    spot: false,
    margin: false,
    swap: true,
    future: false,
    option: false,
    contract: true,
    linear: true,
    inverse: false,
    contractSize: 1,
    active: true,
    precision: { amount: 0.001, price: 0.01 },
    limits: {},
    info: { category: 'linear' },
  });
  exchange.setMarkets([linear('BTC'), linear('SOL')]);
  return exchange;
}

/** CCXT Pro's handler on one Bybit frame (resolving its futures on a client that nobody awaits). */
export function normalizeCcxt(exchange: BybitHandlers, frame: string): void {
  const client = { resolve: () => undefined, reject: () => undefined };
  const message = JSON.parse(frame) as { topic: string };
  if (message.topic === 'order') exchange.handleOrder(client, message);
  else exchange.handleMyTrades(client, message);
}

/**
 * Both sides on the frame's text (JSON.parse included: that is the throughput a socket sees), and,
 * as a detail, on the already-parsed JSON (the normalizing work alone). Interleaved rounds, medians.
 */
export function benchNormalizeVsCcxt(rounds = 9, iterations = 4_000): BenchResult {
  const { ours, peer } = coinswitchFrames();
  const exchange = ccxtBybit();
  const client = { resolve: () => undefined, reject: () => undefined };
  const oursParsed = ours.map((f) => JSON.parse(f) as unknown);
  const peerParsed = peer.map((f) => JSON.parse(f) as { topic: string });
  let i = 0;
  let j = 0;
  const [oursNs, ccxtNs] = medianTimesPerOp(
    rounds,
    iterations,
    () => {
      normalizeOurs(ours[i++ % FRAMES]!);
    },
    () => {
      normalizeCcxt(exchange, peer[j++ % FRAMES]!);
    },
  );
  const [oursAfterParseNs, ccxtAfterParseNs] = medianTimesPerOp(
    rounds,
    iterations,
    () => {
      const k = i++ % FRAMES;
      if (k % 2 === 0) normalizeOrder('cs', parseOrderMessage(oursParsed[k]).o);
      else for (const e of parseTradeMessage(oursParsed[k]).o) normalizeFill('cs', e);
    },
    () => {
      const message = peerParsed[j++ % FRAMES]!;
      if (message.topic === 'order') exchange.handleOrder(client, message);
      else exchange.handleMyTrades(client, message);
    },
  );
  return {
    name: 'normalize-vs-ccxt',
    what: 'CCXT Pro bybit handler time per frame text / ours (codec + normalize), same Bybit V5 records',
    figure: ccxtNs / oursNs,
    unit: 'x',
    min: 3,
    details: {
      oursNsPerFrame: Math.round(oursNs),
      ccxtNsPerFrame: Math.round(ccxtNs),
      afterParseRatio: +(ccxtAfterParseNs / oursAfterParseNs).toFixed(2),
      oursNsAfterParse: Math.round(oursAfterParseNs),
      ccxtNsAfterParse: Math.round(ccxtAfterParseNs),
    },
  };
}
