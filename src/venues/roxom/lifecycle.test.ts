import { describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../../domain/connection-config';
import type { DomainEvent } from '../../domain/events';
import { DEFAULT_BACKOFF } from '../shared/backoff';
import { ManagedConnection } from '../shared/managed-connection';
import { FakeClock } from '../shared/testing/fake-clock';
import { FakeSocketFactory } from '../shared/testing/fake-socket';
import { roxomAdapter } from './adapter';
import { PAIRING_TOKEN, RELAY_URL, T0, config, fixtureText } from './test-support';

/**
 * The adapter under the real shared lifecycle (src/venues/shared/managed-connection.ts) with a fake
 * socket (playing the keyring relay) and a fake clock: what a browser tab would do, minus the network.
 */
function setUp(cfg: ConnectionConfig = config()) {
  const clock = new FakeClock(T0);
  const sockets = new FakeSocketFactory();
  const parsed = roxomAdapter.parseOptions(cfg);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const events: DomainEvent[] = [];
  const connection = new ManagedConnection(
    { config: cfg, adapter: roxomAdapter, options: parsed.options },
    {
      socketFactory: sockets.create,
      clock,
      random: () => 0.999_999,
      settings: { backoff: { ...DEFAULT_BACKOFF, jitter: 'none' } },
    },
    { events: (_id, e) => events.push(...e), changed: () => undefined },
  );
  return { clock, sockets, connection, events };
}

const SUBSCRIBE =
  '{"op":"subscribe","args":[{"channel":"orders"},{"channel":"positions"},{"channel":"balance"},{"channel":"account"}]}';

describe('Roxom under the shared lifecycle', () => {
  it('opens the relay URL as given with the pairing subprotocol, subscribes, is authenticating until the ack, then live', () => {
    const { sockets, connection } = setUp();
    connection.connect();
    const socket = sockets.latest;
    expect(socket.url).toBe(RELAY_URL);
    expect(socket.protocols).toEqual([`venueboard.pairing.${PAIRING_TOKEN}`]);
    socket.accept();
    expect(socket.sent).toEqual([SUBSCRIBE]);
    expect(connection.status).toBe('authenticating');
    socket.push(fixtureText('subscribe-ack.constructed'));
    expect(connection.status).toBe('live');
  });

  it('a quiet account stays live for hours: each probe (the subscription again) is acknowledged, nothing else is sent', () => {
    const { clock, sockets, connection } = setUp();
    connection.connect();
    const socket = sockets.latest;
    socket.accept();
    socket.push(fixtureText('subscribe-ack.constructed'));
    const ack = fixtureText('subscribe-ack.constructed');
    let answered = 1;
    for (let t = 0; t < 3 * 60 * 60; t++) {
      clock.advance(1_000);
      // The relay (playing Roxom) acknowledges every subscription it receives.
      for (; answered < socket.sent.length; answered++) socket.push(ack);
      if (connection.status !== 'live') break;
    }
    expect(connection.status).toBe('live');
    expect(new Set(socket.sent)).toEqual(new Set([SUBSCRIBE]));
    // A probe at most every heartbeat (5 s), only when nothing arrived for 2.5 s.
    expect(socket.sent.length).toBeLessThanOrEqual((3 * 60 * 60) / 5 + 1);
    expect(sockets.sockets).toHaveLength(1);
  });

  it('a stalled stream (probes unanswered) is stale after 10 s and replaced after 30 s', () => {
    const { clock, sockets, connection } = setUp();
    connection.connect();
    sockets.latest.accept();
    sockets.latest.push(fixtureText('subscribe-ack.constructed'));
    clock.advance(9_999);
    expect(connection.status).toBe('live');
    expect(sockets.latest.sent.length).toBeGreaterThan(1); // probed
    clock.advance(1);
    expect(connection.status).toBe('stale');
    clock.advance(20_000);
    expect(connection.status).toBe('reconnecting');
    expect(connection.diagnostics().reason).toMatch(/no message for 30 s/);
    clock.advance(1_000);
    expect(sockets.sockets).toHaveLength(2);
  });

  it('without a recognisable ack, the stream is live 10 s after open', () => {
    const { clock, sockets, connection } = setUp();
    connection.connect();
    sockets.latest.accept();
    // Something Roxom-like but not an acknowledgement the session knows: a frame, nothing more.
    clock.advance(1_000);
    sockets.latest.push('{"event":"subscription-confirmed"}');
    clock.advance(8_000);
    expect(connection.status).toBe('authenticating');
    clock.advance(1_000);
    expect(connection.status).toBe('live');
  });

  it('600010 ends the connection with the relay-config reason, no retry, and no token anywhere', () => {
    const { clock, sockets, connection } = setUp();
    connection.connect();
    sockets.latest.accept();
    sockets.latest.push(fixtureText('error-auth.constructed'));
    expect(connection.status).toBe('error');
    expect(connection.diagnostics().reason).toBe(
      "Roxom rejected the relay's API signature (600010 Authentication failed): check the key in the relay config",
    );
    clock.advance(120_000);
    expect(sockets.sockets).toHaveLength(1);
    expect(JSON.stringify(connection.diagnostics())).not.toContain(PAIRING_TOKEN);
  });

  it('the relay closing (upstream dropped) reconnects and re-subscribes; the replayed history derives nothing twice', () => {
    const { clock, sockets, connection, events } = setUp();
    connection.connect();
    sockets.latest.accept();
    sockets.latest.push(fixtureText('subscribe-ack.constructed'));
    const history = ['order-submitted', 'order-partially-filled', 'order-filled'].map((n) =>
      fixtureText(`${n}.constructed`),
    );
    for (const text of history) sockets.latest.push(text);
    expect(events.filter((e) => e.kind === 'fill')).toHaveLength(2);
    sockets.latest.drop(1011, 'upstream closed');
    expect(connection.status).toBe('reconnecting');
    expect(connection.diagnostics().reason ?? '').not.toContain(PAIRING_TOKEN);
    clock.advance(1_000); // first backoff step, no jitter
    expect(sockets.sockets).toHaveLength(2);
    sockets.latest.accept();
    expect(sockets.latest.sent).toEqual([SUBSCRIBE]);
    sockets.latest.push(fixtureText('subscribe-ack.constructed'));
    for (const text of history) sockets.latest.push(text);
    expect(events.filter((e) => e.kind === 'fill')).toHaveLength(2);
    expect(connection.diagnostics().duplicatesDropped).toBe(3);
    expect(connection.status).toBe('live');
  });

  it('a refused handshake (relay down or wrong token) retries with an explanation, never the token', () => {
    const { sockets, connection } = setUp();
    connection.connect();
    sockets.latest.drop(1006);
    expect(connection.status).toBe('reconnecting');
    const reason = connection.diagnostics().reason ?? '';
    expect(reason).toMatch(/the keyring relay did not accept the connection/);
    expect(reason).not.toContain(PAIRING_TOKEN);
  });
});
