import { describe, expect, it, vi } from 'vitest';
import type { ConnectionConfig } from '../../domain/connection-config';
import type { DomainEvent } from '../../domain/events';
import { DEFAULT_BACKOFF } from '../shared/backoff';
import { ManagedConnection } from '../shared/managed-connection';
import { FakeClock } from '../shared/testing/fake-clock';
import { FakeSocketFactory } from '../shared/testing/fake-socket';
import type { VenueAdapter } from '../types';
import { railsAdapter } from './adapter';
import type { RailsOptions } from './options';
import { T0, TOKEN, config, fixtureText, makeJwt } from './test-support';

/**
 * The adapter under the real shared lifecycle (src/venues/shared/managed-connection.ts) with a fake
 * socket and clock: what a browser tab would do, minus the network.
 */
function setUp(cfg: ConnectionConfig = config()) {
  const clock = new FakeClock(T0);
  const sockets = new FakeSocketFactory();
  const closed = vi.fn();
  // The real adapter, with the session's closed() observed.
  const adapter: VenueAdapter<RailsOptions> = {
    ...railsAdapter,
    createSession: (c, o) => {
      const session = railsAdapter.createSession(c, o);
      const original = session.closed.bind(session);
      session.closed = (code, reason, now) => {
        closed(code, reason);
        return original(code, reason, now);
      };
      return session;
    },
  };
  const parsed = adapter.parseOptions(cfg);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const events: DomainEvent[] = [];
  const connection = new ManagedConnection(
    { config: cfg, adapter, options: parsed.options },
    {
      socketFactory: sockets.create,
      clock,
      random: () => 0.999_999,
      settings: { backoff: { ...DEFAULT_BACKOFF, jitter: 'none' } },
    },
    { events: (_id, e) => events.push(...e), changed: () => undefined },
  );
  return { clock, sockets, connection, events, closed };
}

const messages = (texts: readonly string[]) => texts.map((t) => (JSON.parse(t) as { message: string }).message);

describe('Rails under the shared lifecycle', () => {
  it('opens the URL with the subprotocol, sends ping + snapshots, and is live on the first frame', () => {
    const { sockets, connection, events } = setUp();
    connection.connect();
    const socket = sockets.latest;
    expect(socket.url).toBe(
      'wss://ws.trade.rails.xyz?market=BTC-USDT&subscriptions=orders,trades,publicTrades,publicOrderBook',
    );
    expect(socket.protocols).toEqual([`authorization#${TOKEN}`]);
    socket.accept();
    expect(messages(socket.sent)).toEqual(['ping', 'emitPublicOrderBook', 'emitPublicCompletedOrders']);
    expect(connection.status).toBe('connecting');
    socket.push(fixtureText('pong.constructed'));
    expect(connection.status).toBe('live');
    socket.push(fixtureText('public-order-book.constructed'));
    expect(events.map((e) => e.kind)).toEqual(['mark']);
    expect(connection.diagnostics().credentialExpiresAt).toBe(1911756800000);
  });

  it('pings every 5 s; a quiet account answered only by pongs never goes stale', () => {
    const { clock, sockets, connection } = setUp(
      config({ options: { market: 'BTC-USDT', subscriptions: ['orders', 'trades'] } }),
    );
    connection.connect();
    const socket = sockets.latest;
    socket.accept();
    // The server echoes each ping's clientRequestId in its pong.
    const pong = () => {
      const pings = socket.sent.map((t) => JSON.parse(t) as { message: string; content: { clientRequestId: string } });
      const id = pings.filter((f) => f.message === 'ping').at(-1)!.content.clientRequestId;
      socket.push(JSON.stringify({ resultType: 'pong', data: { clientRequestId: id, statusCode: 200 } }));
    };
    pong();
    for (let i = 1; i <= 8; i++) {
      clock.advance(5_000);
      expect(messages(socket.sent).filter((m) => m === 'ping')).toHaveLength(1 + i);
      pong();
      expect(connection.status).toBe('live');
    }
    expect(connection.diagnostics().errors).toEqual([]);
  });

  it('refused handshakes (1006 before open): retried, and from the second one the reason explains the likely 403', () => {
    const { sockets, connection, closed, clock } = setUp();
    connection.connect();
    sockets.latest.drop(1006);
    expect(closed).not.toHaveBeenCalled();
    expect(connection.status).toBe('reconnecting');
    expect(connection.diagnostics().reason).toMatch(/^could not connect \(1006\); retrying in/);
    clock.advance(1_000);
    sockets.latest.drop(1006);
    expect(connection.status).toBe('reconnecting');
    expect(connection.diagnostics().reason).toMatch(
      /^could not connect \(1006\): Rails refused the connection .* at most 2 connections per market \(HTTP 403 beyond\) — close another connection to BTC-USDT, or check the token; retrying in/,
    );
  });

  it('a refused handshake after the token expired stops retrying with the expiry reason', () => {
    const token = makeJwt({ exp: (T0 + 5_000) / 1000 });
    const { clock, sockets, connection } = setUp(config({ auth: { token } }));
    connection.connect();
    clock.advance(6_000);
    sockets.latest.drop(1006);
    expect(connection.status).toBe('error');
    expect(connection.diagnostics().reason).toMatch(/^Rails token expired at/);
  });

  it('a token that expires while open ends the connection with the expiry reason', () => {
    const token = makeJwt({ exp: (T0 + 20_000) / 1000 });
    const { clock, sockets, connection } = setUp(config({ auth: { token } }));
    connection.connect();
    sockets.latest.accept();
    sockets.latest.push(fixtureText('pong.constructed'));
    clock.advance(30_000);
    expect(connection.status).toBe('error');
    expect(connection.diagnostics().reason).toBe(
      'Rails token expired at 14:36:40 UTC — fetch a fresh one (POST /api/v1/token) and edit the connection',
    );
    expect(sockets.sockets).toHaveLength(1);
  });

  it('a server close 4001 "token expired" is fatal: no reconnect', () => {
    const { clock, sockets, connection, closed } = setUp();
    connection.connect();
    sockets.latest.accept();
    sockets.latest.drop(4001, 'token expired');
    expect(closed).toHaveBeenCalledWith(4001, 'token expired');
    expect(connection.status).toBe('error');
    clock.advance(120_000);
    expect(sockets.sockets).toHaveLength(1);
  });
});
