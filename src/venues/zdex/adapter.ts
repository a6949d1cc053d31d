import { venueCapabilities } from '../shared/capabilities';
import type { VenueAdapter } from '../types';
import { parseZdexConfig, type ZdexOptions } from './options';
import { describeZdexSymbol } from './instruments';
import { createZdexSession } from './session';
import { ENDPOINTS } from './endpoints';

/**
 * ZDEX (zdex.world, Zetarium perp DEX). Browser-direct: the web session JWT goes in the first message.
 * See README.md in this folder for capabilities, quirks and doc links.
 */
export const zdexAdapter: VenueAdapter<ZdexOptions> = {
  venue: 'zdex',
  displayName: 'ZDEX',
  // No fill payload exists: fills are inferred from position changes (maker fills have no order event).
  capabilities: venueCapabilities('inferred', 'orders', 'positions', 'balances', 'marks', 'notifications'),
  endpoints: ENDPOINTS,
  parseOptions: parseZdexConfig,
  // wss://api.zdex.world/ws as given by the profile; ZDEX defines no query parameters or subprotocols.
  endpoint: (config) => ({ url: config.url }),
  createSession: createZdexSession,
  // Linear USDT perpetuals (instruments.ts).
  describeSymbol: (symbol) => describeZdexSymbol(symbol),
  // The docs ask for a ping at least every 25 s; 15 s leaves room for a late timer.
  heartbeatIntervalMs: 15_000,
  // Public data never pauses (ticker/orderbook auto-pushed ~4/s per symbol, markprice ~1/s, pong every
  // 15 s), so 10 s of nothing means a dead socket, even though the account channel itself can be quiet
  // for a minute (its fallback full state comes every ~60 s).
  silenceTimeoutMs: 10_000,
};
