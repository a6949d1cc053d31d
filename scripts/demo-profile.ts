import type { ConnectionProfile } from '../src/domain/connection-config';
import type { Simulator } from '../sim/index';

/** The demo profile: every simulated venue on its simulator, with the simulator's demo credentials. */
export function demoProfile(sim: Simulator): ConnectionProfile {
  return {
    format: 'venueboard.connections/v1',
    connections: [
      {
        id: 'rails-btc',
        label: 'Rails BTC-USDT',
        venue: 'rails',
        url: sim.urls.rails,
        auth: { token: sim.tokens('rails').token },
        options: { market: 'BTC-USDT', subscriptions: ['orders', 'trades', 'publicTrades', 'publicOrderBook'] },
      },
      {
        id: 'scaletrade-cfd',
        label: 'ScaleTrade CFDs',
        venue: 'scaletrade',
        url: sim.urls.scaletrade,
        auth: { token: sim.tokens('scaletrade').token },
        options: { login: sim.tokens('scaletrade').login, symbols: ['btcusd', 'ethusd', 'solusd'], currency: 'USD' },
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
