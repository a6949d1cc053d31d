import { describe, expect, it } from 'vitest';
import type { VenueAdapter, VenueSession } from '../types';
import { DEFAULT_BACKOFF } from './backoff';
import { ManagedConnection } from './managed-connection';
import { FakeClock } from './testing/fake-clock';
import { FakeSocketFactory } from './testing/fake-socket';
import { lineAdapter, lineConfig } from './testing/line-adapter';

/** A browser hides why a handshake was refused; a session may explain it from what it knows. */
function setUp(handshakeFailed: VenueSession['handshakeFailed']) {
  const base = lineAdapter();
  const adapter: VenueAdapter<{ symbols: string[] }> = {
    ...base,
    createSession: (config, options) => Object.assign(base.createSession(config, options), { handshakeFailed }),
  };
  const config = lineConfig();
  const parsed = adapter.parseOptions(config);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const clock = new FakeClock();
  const sockets = new FakeSocketFactory();
  const connection = new ManagedConnection(
    { config, adapter, options: parsed.options },
    {
      socketFactory: sockets.create,
      clock,
      random: () => 0.999_999,
      settings: { backoff: { ...DEFAULT_BACKOFF, jitter: 'none' } },
    },
    { events: () => undefined, changed: () => undefined },
  );
  return { connection, sockets, clock };
}

describe('handshakeFailed', () => {
  it('appends the session hint to the retry reason and keeps retrying', () => {
    let calls = 0;
    const { connection, sockets } = setUp(() => {
      calls++;
      return { events: [], send: [], hint: 'at most 2 connections per market' };
    });
    connection.connect();
    sockets.latest.drop(1006);
    expect(calls).toBe(1);
    expect(connection.status).toBe('reconnecting');
    expect(connection.diagnostics().reason).toBe(
      'could not connect (1006): at most 2 connections per market; retrying in 1.0 s',
    );
  });

  it('stops retrying with a clear reason when the session says the failure is permanent', () => {
    const { connection, sockets, clock } = setUp(() => ({
      events: [],
      send: [],
      fatal: 'token expired at 10:00:00 UTC',
    }));
    connection.connect();
    sockets.latest.drop(1006);
    expect(connection.status).toBe('error');
    expect(connection.diagnostics().reason).toBe('token expired at 10:00:00 UTC');
    const opened = sockets.sockets.length;
    clock.advance(60_000);
    expect(sockets.sockets.length).toBe(opened);
  });

  it('is not called for a socket that opened', () => {
    let calls = 0;
    const { connection, sockets } = setUp(() => {
      calls++;
      return { events: [], send: [] };
    });
    connection.connect();
    sockets.latest.accept();
    sockets.latest.drop(1006);
    expect(calls).toBe(0);
  });
});
