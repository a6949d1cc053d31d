import type { ConnectionProfile } from '../src/domain/connection-config';
import type { Simulator } from '../sim/index';

/**
 * The demo profile: all five venues on their simulators. Roxom goes through the relay's bridge (a
 * keyring reference: the pairing token travels as a WebSocket subprotocol, never in the URL), Rails and
 * CoinSwitch take short-lived credentials from the relay (keyring references, renewed before they
 * expire); ScaleTrade and ZDEX take their session JWTs directly.
 */
export function demoProfile(sim: Simulator, relayUrl: string, pairingToken: string): ConnectionProfile {
  const keyring = (id: string) => ({ keyring: { url: relayUrl, id, token: pairingToken } });
  const relayWs = relayUrl.replace(/^http/, 'ws');
  return {
    format: 'venueboard.connections/v1',
    connections: [
      {
        id: 'roxom-main',
        label: 'Roxom (via relay)',
        venue: 'roxom',
        url: `${relayWs}/ws/roxom-main`,
        auth: keyring('roxom-main'),
        options: { channels: ['orders', 'positions', 'balance', 'account'] },
      },
      {
        id: 'coinswitch-main',
        label: 'CoinSwitch PRO HFT',
        venue: 'coinswitch',
        url: sim.urls.coinswitch,
        auth: keyring('coinswitch-main'),
        options: {
          subAccountId: sim.tokens('coinswitch').subAccountId,
          authMode: 'request',
          authSubject: 'v1.f.ex1.private.auth',
          tickerSymbols: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'],
        },
      },
      {
        id: 'rails-btc',
        label: 'Rails BTC-USDT',
        venue: 'rails',
        url: sim.urls.rails,
        auth: keyring('rails-btc'),
        options: { market: 'BTC-USDT', subscriptions: ['orders', 'trades', 'publicTrades', 'publicOrderBook'] },
      },
      {
        id: 'scaletrade-cfd',
        label: 'ScaleTrade CFDs',
        venue: 'scaletrade',
        url: sim.urls.scaletrade,
        auth: { token: sim.tokens('scaletrade').token },
        options: {
          login: sim.tokens('scaletrade').login,
          symbols: ['btcusd', 'ethusd', 'solusd'],
          currency: 'USD',
          // The trade history recovers what a gap hid (src/venues/scaletrade/README.md).
          restUrl: sim.urls.scaletradeRest,
        },
      },
      {
        id: 'zdex-main',
        label: 'ZDEX perps',
        venue: 'zdex',
        url: sim.urls.zdex,
        auth: { token: sim.tokens('zdex').token },
        options: { symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] },
      },
    ],
  };
}
