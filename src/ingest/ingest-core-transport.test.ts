import { describe, expect, it } from 'vitest';
import type { VenueId } from '../domain/types';
import { coinswitchAdapter } from '../venues/coinswitch/adapter';
import { railsAdapter } from '../venues/rails/adapter';
import { config as railsConfig } from '../venues/rails/test-support';
import { AUTH_TEXT, config as coinswitchConfig } from '../venues/coinswitch/test-support';
import type { NatsSocketFactory, NatsSocketOptions } from '../venues/shared/nats-socket';
import { FakeClock } from '../venues/shared/testing/fake-clock';
import { FakeNatsSocket, FakeSocketFactory } from '../venues/shared/testing/fake-socket';
import { lineAdapter, lineConfig } from '../venues/shared/testing/line-adapter';
import { IngestCore } from './ingest-core';

/** IngestCore picks the socket factory by the adapter's `transport`; the NATS one is injectable. */
function setUp() {
  const clock = new FakeClock();
  const websockets = new FakeSocketFactory();
  const nats: { socket: FakeNatsSocket; options: NatsSocketOptions | undefined }[] = [];
  const natsSocketFactory: NatsSocketFactory = (url, protocols, options) => {
    const socket = new FakeNatsSocket(url, protocols);
    nats.push({ socket, options });
    return socket;
  };
  const line = lineAdapter({ heartbeatIntervalMs: 0, silenceTimeoutMs: 0 });
  const core = new IngestCore({
    getAdapter: (venue: VenueId) => (venue === 'coinswitch' ? coinswitchAdapter : venue === 'zdex' ? line : undefined),
    socketFactory: websockets.create,
    natsSocketFactory,
    clock,
    random: () => 0.5,
  });
  return { core, clock, websockets, nats };
}

describe('IngestCore transports', () => {
  it('a websocket adapter gets the WebSocket factory; a nats adapter the NATS one', () => {
    const { core, websockets, nats } = setUp();
    core.handle({ type: 'connect', config: lineConfig() });
    core.handle({ type: 'connect', config: coinswitchConfig() });
    expect(websockets.sockets).toHaveLength(1);
    expect(nats).toHaveLength(1);
    expect(nats[0]!.socket.url).toBe('wss://pc-nats-prod.coinswitch.co');
    // authMode "request": no CONNECT token.
    expect(nats[0]!.options).toEqual({});
  });

  it('authMode "connect": the endpoint natsToken reaches the NATS factory as the CONNECT token', () => {
    const { core, nats } = setUp();
    core.handle({ type: 'connect', config: coinswitchConfig({}, { authMode: 'connect' }) });
    expect(nats[0]!.options).toEqual({ token: AUTH_TEXT });
  });

  it('the session drives the NATS socket with typed commands and frames: auth request at open, private subscriptions after the reply', () => {
    const { core, nats } = setUp();
    core.handle({ type: 'connect', config: coinswitchConfig({}, { tickerSymbols: [] }) });
    const socket = nats[0]!.socket;
    socket.accept();
    expect(socket.commands.map((c) => c.op)).toEqual(['request']);
    expect(socket.sent).toEqual([]);
    expect(core.diagnostics('cs-main')?.status).toBe('authenticating');
    socket.pushNats({ op: 'reply', id: 'auth-1', data: '{"success":true}' });
    expect(socket.commands.slice(1)).toEqual([
      expect.objectContaining({ op: 'sub', subject: 'v1.f.ex1.private.subAccountId.491363048.order' }),
      expect.objectContaining({ op: 'sub', subject: 'v1.f.ex1.private.subAccountId.491363048.trade' }),
      { op: 'ping' },
    ]);
    // Live once the server has answered the PING sent after the SUBs.
    expect(core.diagnostics('cs-main')?.status).toBe('authenticating');
    socket.pushNats({ op: 'status', type: 'pong', rttMs: 1 });
    expect(core.diagnostics('cs-main')?.status).toBe('live');
  });
});

describe('typed NATS frames through the lifecycle', () => {
  it('a payload over the frame cap is counted as malformed and skipped; the next frame is handled', () => {
    const { core, nats } = setUp();
    core.handle({ type: 'connect', config: coinswitchConfig({}, { tickerSymbols: [] }) });
    const socket = nats[0]!.socket;
    socket.accept();
    const before = core.diagnostics('cs-main')!.malformedTotal;
    // The cap (1 MiB by default) counts the payload's characters, as it counts a text frame's.
    socket.pushNats({ op: 'reply', id: 'auth-1', data: ' '.repeat(1024 * 1024 + 1) });
    const after = core.diagnostics('cs-main')!;
    expect(after.malformedTotal).toBe(before + 1);
    expect(after.errors.at(-1)?.message).toMatch(/over this venue's cap/);
    expect(after.status).toBe('authenticating');
    // The skipped frame was the auth reply: the real one still gets the session subscribing.
    socket.pushNats({ op: 'reply', id: 'auth-1', data: '{"success":true}' });
    expect(socket.commands.map((c) => c.op)).toEqual(['request', 'sub', 'sub', 'ping']);
  });

  it('a text frame on a NATS socket is counted as malformed, never parsed as a command', () => {
    const { core, nats } = setUp();
    core.handle({ type: 'connect', config: coinswitchConfig({}, { tickerSymbols: [] }) });
    const socket = nats[0]!.socket;
    socket.accept();
    const before = core.diagnostics('cs-main')!.malformedTotal;
    socket.push('{"op":"reply","id":"auth-1","data":"{\\"success\\":true}"}');
    expect(core.diagnostics('cs-main')!.malformedTotal).toBe(before + 1);
    expect(socket.commands.map((c) => c.op)).toEqual(['request']);
  });
});

describe('IngestCore standby', () => {
  it('opens two sockets for a hot-standby venue, one when the connection declines the standby', () => {
    const sockets = new FakeSocketFactory();
    const core = new IngestCore({
      getAdapter: (venue: VenueId) => (venue === 'rails' ? railsAdapter : undefined),
      socketFactory: sockets.create,
      clock: new FakeClock(),
      random: () => 0.5,
    });
    const base = railsConfig();
    core.handle({ type: 'connect', config: { ...base, id: 'pair' } });
    expect(sockets.sockets).toHaveLength(2);
    core.handle({ type: 'connect', config: { ...base, id: 'single', options: { ...base.options, standby: false } } });
    expect(sockets.sockets).toHaveLength(3);
    core.dispose();
  });
});
