import { describe, expect, it } from 'vitest';
import { getAdapter, supportedVenues } from '../venues/registry';
import { FakeClock } from '../venues/shared/testing/fake-clock';
import { FakeSocketFactory } from '../venues/shared/testing/fake-socket';
import { coinswitchAdapter } from '../venues/coinswitch/adapter';
import { railsAdapter } from '../venues/rails/adapter';
import { roxomAdapter } from '../venues/roxom/adapter';
import { scaletradeAdapter } from '../venues/scaletrade/adapter';
import { zdexAdapter } from '../venues/zdex/adapter';
import { IngestCore } from './ingest-core';

/** The worker's real wiring: the registry's adapters behind IngestCore (sockets stay fake). */
function setUp() {
  const sockets = new FakeSocketFactory();
  const core = new IngestCore({ getAdapter, socketFactory: sockets.create, clock: new FakeClock() });
  return { core, sockets };
}

const base = { label: 'test', url: 'wss://api.zdex.world/ws', auth: {}, options: {} };
const zdexOptions = { symbols: ['BTCUSDT'] };

describe('venue registry', () => {
  it('maps each supported venue id to its adapter', () => {
    expect(getAdapter('zdex')).toBe(zdexAdapter);
    expect(getAdapter('rails')).toBe(railsAdapter);
    expect(getAdapter('scaletrade')).toBe(scaletradeAdapter);
    expect(getAdapter('roxom')).toBe(roxomAdapter);
    expect(getAdapter('coinswitch')).toBe(coinswitchAdapter);
    expect(supportedVenues().sort()).toEqual(['coinswitch', 'desk', 'rails', 'roxom', 'scaletrade', 'zdex']);
    for (const venue of supportedVenues()) expect(getAdapter(venue)?.venue).toBe(venue);
  });

  it('shows a venue without an adapter as not supported, on the connection', () => {
    const sockets = new FakeSocketFactory();
    const core = new IngestCore({ getAdapter: () => undefined, socketFactory: sockets.create, clock: new FakeClock() });
    core.handle({ type: 'connect', config: { ...base, id: 'cs', venue: 'coinswitch' } });
    expect(core.diagnostics('cs')).toMatchObject({ status: 'error', reason: 'venue coinswitch is not supported yet' });
    expect(sockets.sockets).toHaveLength(0);
  });

  it('refuses an address outside the allowed list before any socket opens, with the reason on the row', () => {
    const { core, sockets } = setUp();
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl';
    core.handle({
      type: 'connect',
      config: {
        ...base,
        id: 'evil',
        venue: 'zdex',
        url: 'wss://evil.example/ws',
        auth: { token },
        options: zdexOptions,
      },
    });
    // A pasted token's REST (Rails recovery) is checked too: its restUrl would receive the token.
    core.handle({
      type: 'connect',
      config: {
        ...base,
        id: 'rails-rest',
        venue: 'rails',
        url: 'wss://ws.trade.rails.xyz',
        auth: { token },
        options: { market: 'BTC-USDT', restUrl: 'https://collector.evil.example' },
      },
    });
    expect(sockets.sockets).toHaveLength(0);
    expect(core.diagnostics('evil')).toMatchObject({ status: 'error' });
    expect(core.diagnostics('evil')?.reason).toMatch(
      /^url: this address \(wss:\/\/evil\.example\) is not in the board's allowed list.*wss:\/\/api\.zdex\.world.*src\/venues\/zdex\/endpoints\.ts/,
    );
    expect(core.diagnostics('rails-rest')?.reason).toMatch(
      /^REST address: this address \(https:\/\/collector\.evil\.example\) is not in the board's allowed list/,
    );
    expect(JSON.stringify([core.diagnostics('evil'), core.diagnostics('rails-rest')])).not.toContain(token);
    // The venue's documented address is allowed: the control.
    core.handle({
      type: 'connect',
      config: { ...base, id: 'z', venue: 'zdex', auth: { token }, options: zdexOptions },
    });
    expect(sockets.sockets.map((s) => s.url)).toEqual(['wss://api.zdex.world/ws']);
  });

  it('drives the ZDEX session: stays connecting after open, authenticating once the venue says hello', () => {
    const { core, sockets } = setUp();
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl';
    core.handle({
      type: 'connect',
      config: { ...base, id: 'z', venue: 'zdex', auth: { token }, options: { symbols: ['BTCUSDT'] } },
    });
    sockets.latest.accept();
    expect(core.diagnostics('z')?.status).toBe('connecting');
    sockets.latest.push(
      JSON.stringify({ event: 'connected', channels: ['ticker'], symbols: ['BTCUSDT'], pollIntervalMs: 1000 }),
    );
    expect(core.diagnostics('z')?.status).toBe('authenticating');
    expect(sockets.latest.sent.some((frame) => frame.includes('"auth"'))).toBe(true);
    expect(JSON.stringify(core.diagnostics('z'))).not.toContain(token);
  });

  it('reports ZDEX option problems as the error reason', () => {
    const { core } = setUp();
    core.handle({ type: 'connect', config: { ...base, id: 'z', venue: 'zdex', options: { symbols: ['BTCUSDT'] } } });
    const diagnostics = core.diagnostics('z');
    expect(diagnostics?.status).toBe('error');
    expect(diagnostics?.reason).toContain('auth.token is required');
  });
});
