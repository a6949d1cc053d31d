import {
  ROXOM_ERROR_CODES,
  ROXOM_MARKET_CHANNELS,
  ROXOM_PRIVATE_CHANNELS,
  type RoxomErrorCode,
} from '../../src/venues/roxom/wire';

/** One channel of a (un)subscription: a private channel, or a market channel with its symbol. */
export interface ChannelArg {
  channel: string;
  symbol?: string;
}

export type ClientRequest =
  { ok: true; op: 'subscribe' | 'unsubscribe'; args: ChannelArg[] } | { ok: false; code: RoxomErrorCode; msg: string };

const PRIVATE: readonly string[] = ROXOM_PRIVATE_CHANNELS;
const MARKET: readonly string[] = ROXOM_MARKET_CHANNELS;

export const isPrivateChannel = (channel: string): boolean => PRIVATE.includes(channel);
export const isMarketChannel = (channel: string): boolean => MARKET.includes(channel);

const invalid = (msg: string): ClientRequest => ({ ok: false, code: ROXOM_ERROR_CODES.badJson, msg });

/**
 * A client text frame: `{"op":"subscribe"|"unsubscribe","args":[{"channel":…,"symbol"?:…},…]}`, or
 * the market form `{"channel":"level1","symbol":"US500-BTC"}` (a subscription). Errors carry the
 * documented codes: 60014 unknown channel, 60015 unknown symbol (checked by the caller), 60017 bad
 * JSON or a request that is not one of these [guess: 60017 for a well-formed but unknown request].
 */
export function parseClientFrame(text: string, isSymbol: (symbol: string) => boolean): ClientRequest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return invalid('Invalid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return invalid('Invalid request');
  const v = value as Record<string, unknown>;
  if (v.op === undefined && typeof v.channel === 'string') return checked('subscribe', [v], isSymbol);
  if (v.op !== 'subscribe' && v.op !== 'unsubscribe') return invalid(`Unknown op: ${String(v.op)}`);
  if (!Array.isArray(v.args) || v.args.length === 0) return invalid('args must be a non-empty array');
  return checked(v.op, v.args as unknown[], isSymbol);
}

function checked(
  op: 'subscribe' | 'unsubscribe',
  raw: unknown[],
  isSymbol: (symbol: string) => boolean,
): ClientRequest {
  const args: ChannelArg[] = [];
  for (const item of raw) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return invalid('Invalid args');
    const { channel, symbol } = item as Record<string, unknown>;
    if (typeof channel !== 'string') return invalid('Invalid args');
    if (isPrivateChannel(channel)) {
      args.push({ channel });
      continue;
    }
    if (!isMarketChannel(channel))
      return { ok: false, code: ROXOM_ERROR_CODES.unknownChannel, msg: `Invalid channel: ${channel}` };
    if (typeof symbol !== 'string' || !isSymbol(symbol))
      return { ok: false, code: ROXOM_ERROR_CODES.unknownSymbol, msg: `Invalid symbol: ${String(symbol)}` };
    args.push({ channel, symbol });
  }
  return { ok: true, op, args };
}
