/**
 * Keyring references in the lifecycle, with a fake relay (fetch), a fake clock and fake sockets:
 * the credential is fetched before the first socket, reused, renewed before expiry (the Rails
 * session gets the new token in its subprotocol and keeps its dedupe state), and every relay failure
 * becomes a clear reason that holds no secret.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../../domain/connection-config';
import type { DomainEvent } from '../../domain/events';
import type { ConnectionStatus } from '../../domain/types';
import { railsAdapter } from './adapter';
import { fixtureText, makeJwt } from './test-support';
import type { VenueAdapter } from '../types';
import { DEFAULT_BACKOFF } from '../shared/backoff';
import type { FetchFn } from '../shared/keyring';
import { ManagedConnection, RENEWING_CREDENTIAL, type ConnectionListener } from '../shared/managed-connection';
import { FakeClock } from '../shared/testing/fake-clock';
import { FakeSocketFactory, type FakeSocket } from '../shared/testing/fake-socket';
import { lineAdapter } from '../shared/testing/line-adapter';
import { StandbyPair } from '../shared/standby-pair';

const PAIRING = 'pairing-token-0123456789abcdef';
const KEYRING = { url: 'http://127.0.0.1:8787', id: 'rails-btc', token: PAIRING };
const MINUTE = 60_000;

/** A relay the test answers by hand; each call waits until answered. */
class FakeRelay {
  readonly calls: { url: string; init: RequestInit }[] = [];
  private readonly pending: { resolve(response: Response): void; reject(error: unknown): void }[] = [];
  /** REST reads through the relay (Rails reads its open orders when first live): never answered here. */
  readonly restCalls: string[] = [];
  readonly fetch: FetchFn = (url, init) => {
    if (new URL(url).pathname.startsWith('/rest/')) {
      this.restCalls.push(url);
      return new Promise<Response>((_resolve, reject) =>
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
    }
    this.calls.push({ url, init });
    return new Promise<Response>((resolve, reject) => {
      const entry = { resolve, reject };
      this.pending.push(entry);
      init.signal?.addEventListener('abort', () => {
        this.pending.splice(this.pending.indexOf(entry), 1);
        reject(new DOMException('aborted', 'AbortError'));
      });
    });
  };
  get waiting(): number {
    return this.pending.length;
  }
  /** The WebSocket endpoint the relay pins the credential to (its answer's `url`). */
  endpoint = 'wss://ws.trade.rails.xyz';
  answer(status: number, body: unknown): void {
    const pinned =
      status === 200 && typeof body === 'object' && body !== null && !('url' in body)
        ? { ...body, url: this.endpoint }
        : body;
    this.answerRaw(status, pinned);
  }
  /** Answers exactly `body` (no `url` added). */
  answerRaw(status: number, body: unknown): void {
    const next = this.pending.shift();
    if (!next) throw new Error('no fetch is waiting');
    next.resolve(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }));
  }
  unreachable(): void {
    const next = this.pending.shift();
    if (!next) throw new Error('no fetch is waiting');
    next.reject(new TypeError('fetch failed'));
  }
}

class Recorder implements ConnectionListener {
  readonly received: DomainEvent[] = [];
  readonly statuses: ConnectionStatus[] = [];
  constructor(private readonly status: () => ConnectionStatus) {}
  events(_id: string, events: DomainEvent[]): void {
    this.received.push(...events);
  }
  changed(): void {
    const status = this.status();
    if (this.statuses.at(-1) !== status) this.statuses.push(status);
  }
}

/** Lets the fake relay's promises (and Response.json()) settle. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Advances `ms` in 10 s steps, the venue answering each step with `frame` (no silence restart). */
function advanceAlive(clock: FakeClock, socket: FakeSocket, ms: number, frame = fixtureText('pong.constructed')): void {
  let left = ms;
  while (left > 0) {
    const step = Math.min(10_000, left);
    clock.advance(step);
    left -= step;
    socket.push(frame);
  }
}

function railsConfig(auth: Record<string, unknown> = { keyring: KEYRING }): ConnectionConfig {
  return {
    id: 'rails-btc',
    label: 'Rails',
    venue: 'rails',
    url: 'wss://ws.trade.rails.xyz',
    auth,
    options: { market: 'BTC-USDT', subscriptions: ['orders', 'trades'] },
  };
}

function setUp<O>(adapter: VenueAdapter<O>, config: ConnectionConfig) {
  const clock = new FakeClock();
  const sockets = new FakeSocketFactory();
  const relay = new FakeRelay();
  const parsed = adapter.parseOptions(config);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const ref: { connection?: ManagedConnection<O> } = {};
  const recorder = new Recorder(() => ref.connection?.status ?? 'connecting');
  const connection = new ManagedConnection(
    { config, adapter, options: parsed.options },
    {
      socketFactory: sockets.create,
      clock,
      random: () => 0.999_999,
      settings: { backoff: { ...DEFAULT_BACKOFF, jitter: 'none' } },
      fetch: relay.fetch,
    },
    recorder,
  );
  ref.connection = connection;
  /** Every reason and error shown so far, for secret checks. */
  const shown = () => {
    const d = connection.diagnostics();
    return [d.reason ?? '', ...d.errors.map((e) => e.message)].join('\n');
  };
  return { clock, sockets, relay, recorder, connection, shown };
}

/** A Rails-like JWT expiring `lifeMs` from `now`. */
function token(now: number, lifeMs: number, tag: string): { token: string; expiresAt: number } {
  const expiresAt = Math.floor((now + lifeMs) / 1000) * 1000;
  return { token: makeJwt({ iss: 'staging.fungible.xyz', sub: tag, exp: expiresAt / 1000 }), expiresAt };
}

describe('ManagedConnection with a keyring reference (Rails)', () => {
  let h: ReturnType<typeof setUp<unknown>>;
  beforeEach(() => {
    h = setUp(railsAdapter as VenueAdapter<unknown>, railsConfig());
  });

  it('fetches the credential before the first socket, then opens it with the token as subprotocol', async () => {
    h.connection.connect();
    expect(h.connection.status).toBe('connecting');
    expect(h.sockets.sockets).toHaveLength(0);
    expect(h.relay.calls).toHaveLength(1);
    expect(h.relay.calls[0]?.url).toBe('http://127.0.0.1:8787/credentials/rails-btc');
    expect(h.relay.calls[0]?.init.headers).toEqual({ Authorization: `Bearer ${PAIRING}` });

    const first = token(h.clock.now(), 30 * MINUTE, 'one');
    h.relay.answer(200, first);
    await settle();
    expect(h.sockets.sockets).toHaveLength(1);
    expect(h.sockets.latest.url).toBe('wss://ws.trade.rails.xyz?market=BTC-USDT&subscriptions=orders,trades');
    expect(h.sockets.latest.protocols).toEqual([`authorization#${first.token}`]);
    h.sockets.latest.accept();
    h.sockets.latest.push(fixtureText('pong.constructed'));
    expect(h.connection.status).toBe('live');
    expect(h.connection.diagnostics().credentialExpiresAt).toBe(first.expiresAt);
    // The page shows it renews by itself instead of warning about the expiry.
    expect(h.connection.diagnostics().credentialRenews).toBe(true);
    expect(h.shown()).not.toContain(first.token);
  });

  it('reuses the credential for a reconnect while more than the margin is left', async () => {
    h.connection.connect();
    const first = token(h.clock.now(), 30 * MINUTE, 'one');
    h.relay.answer(200, first);
    await settle();
    h.sockets.latest.accept();
    h.sockets.latest.push(fixtureText('pong.constructed'));
    advanceAlive(h.clock, h.sockets.latest, 5 * MINUTE);
    h.sockets.latest.drop(1006);
    expect(h.connection.status).toBe('reconnecting');
    h.clock.advance(1_000);
    expect(h.relay.calls).toHaveLength(1);
    expect(h.sockets.sockets).toHaveLength(2);
    expect(h.sockets.latest.protocols).toEqual([`authorization#${first.token}`]);
  });

  it('renews before expiry: fetches while still live, then replaces the socket; the session keeps its dedupe state', async () => {
    h.connection.connect();
    const start = h.clock.now();
    const first = token(start, 30 * MINUTE, 'one');
    h.relay.answer(200, first);
    await settle();
    const socket1 = h.sockets.latest;
    socket1.accept();
    socket1.push(fixtureText('completed-orders-delta.constructed'));
    expect(h.recorder.received.filter((e) => e.kind === 'fill')).toHaveLength(2);

    // The margin is 60 s: nothing happens until then.
    advanceAlive(h.clock, socket1, first.expiresAt - 60_000 - start - 1);
    expect(h.relay.calls).toHaveLength(1);
    h.clock.advance(1);
    expect(h.relay.calls).toHaveLength(2);
    expect(h.connection.status).toBe('live');
    expect(socket1.closeRequest).toBeUndefined();

    const second = token(h.clock.now(), 30 * MINUTE, 'two');
    h.relay.answer(200, second);
    await settle();
    expect(socket1.closeRequest).toEqual({ code: 1000, reason: RENEWING_CREDENTIAL });
    expect(h.connection.status).toBe('reconnecting');
    expect(h.connection.diagnostics().reason).toBe(RENEWING_CREDENTIAL);
    // The next socket waits until the venue has let the old one go (it counts it until then).
    expect(h.sockets.latest).toBe(socket1);
    socket1.deliverClose();
    const socket2 = h.sockets.latest;
    expect(socket2).not.toBe(socket1);
    expect(socket2.protocols).toEqual([`authorization#${second.token}`]);
    socket2.accept();
    socket2.push(fixtureText('completed-orders-delta.constructed'));
    expect(h.connection.status).toBe('live');
    // Same session (updateAuth, not a new one): the replayed fills are known duplicates.
    expect(h.recorder.received.filter((e) => e.kind === 'fill')).toHaveLength(2);
    expect(h.connection.diagnostics().duplicatesDropped).toBe(2);
    expect(h.connection.diagnostics().credentialExpiresAt).toBe(second.expiresAt);
    // A late frame from the replaced socket is fenced off.
    socket1.push(fixtureText('completed-orders-delta.constructed'));
    expect(h.connection.diagnostics().duplicatesDropped).toBe(2);
    expect(h.recorder.statuses).toEqual(['connecting', 'live', 'reconnecting', 'live']);
  });

  it('a renewal the relay cannot serve keeps the socket live and tries again before expiry', async () => {
    h.connection.connect();
    const start = h.clock.now();
    const first = token(start, 30 * MINUTE, 'one');
    h.relay.answer(200, first);
    await settle();
    h.sockets.latest.accept();
    h.sockets.latest.push(fixtureText('pong.constructed'));
    advanceAlive(h.clock, h.sockets.latest, first.expiresAt - 60_000 - start);
    expect(h.relay.calls).toHaveLength(2);
    h.relay.unreachable();
    await settle();
    expect(h.connection.status).toBe('live');
    expect(h.connection.diagnostics().errors.at(-1)?.message).toMatch(
      /^could not renew the credential: keyring relay at http:\/\/127\.0\.0\.1:8787 is not reachable/,
    );
    // Retried after a third of the time left (20 s).
    advanceAlive(h.clock, h.sockets.latest, 20_000);
    expect(h.relay.calls).toHaveLength(3);
    h.relay.answer(200, token(h.clock.now(), 30 * MINUTE, 'two'));
    await settle();
    // No close acknowledged by the venue: the next socket opens after a second anyway.
    expect(h.sockets.sockets).toHaveLength(1);
    h.clock.advance(999);
    expect(h.sockets.sockets).toHaveLength(1);
    h.clock.advance(1);
    expect(h.sockets.sockets).toHaveLength(2);
  });

  it('a relay that cannot be reached: reconnecting with the reason, retried with backoff', async () => {
    h.connection.connect();
    h.relay.unreachable();
    await settle();
    expect(h.connection.status).toBe('reconnecting');
    expect(h.connection.diagnostics().reason).toMatch(
      /^keyring relay at http:\/\/127\.0\.0\.1:8787 is not reachable: is `npm run relay` running\?.*; retrying in 1\.0 s$/,
    );
    expect(h.sockets.sockets).toHaveLength(0);
    h.clock.advance(1_000);
    expect(h.relay.calls).toHaveLength(2);
    h.relay.answer(200, token(h.clock.now(), 30 * MINUTE, 'one'));
    await settle();
    expect(h.sockets.sockets).toHaveLength(1);
  });

  it('a relay that does not answer in 10 s is a retry; the request is aborted', async () => {
    h.connection.connect();
    h.clock.advance(10_000);
    await settle();
    expect(h.connection.status).toBe('reconnecting');
    expect(h.connection.diagnostics().reason).toMatch(
      /^keyring relay at http:\/\/127\.0\.0\.1:8787 did not answer within 10 s; retrying/,
    );
    expect(h.relay.waiting).toBe(0);
  });

  it.each([
    [401, 'the relay refused the pairing token'],
    [403, "the relay does not allow this page's origin"],
    [404, 'the keyring relay at http://127.0.0.1:8787 has no credential venue "rails-btc"'],
  ])('a relay %i is an error (no retry) whose reason says what to fix', async (status, reason) => {
    h.connection.connect();
    h.relay.answer(status, { error: 'refused' });
    await settle();
    expect(h.connection.status).toBe('error');
    expect(h.connection.diagnostics().reason).toContain(reason);
    h.clock.advance(10 * MINUTE);
    expect(h.relay.calls).toHaveLength(1);
    expect(h.shown()).not.toContain(PAIRING);
    // The user reconnects: a fresh attempt.
    h.connection.connect();
    expect(h.relay.calls).toHaveLength(2);
  });

  it("a venue failure behind the relay (502) is retried, with the relay's explanation", async () => {
    h.connection.connect();
    h.relay.answer(502, { error: 'Rails token endpoint answered HTTP 429 (rate limited)' });
    await settle();
    expect(h.connection.status).toBe('reconnecting');
    expect(h.connection.diagnostics().reason).toMatch(
      /could not get a credential from the venue: Rails token endpoint answered HTTP 429 \(rate limited\); retrying in/,
    );
  });

  it('a refused handshake drops the credential: the next attempt fetches a fresh one', async () => {
    h.connection.connect();
    h.relay.answer(200, token(h.clock.now(), 30 * MINUTE, 'one'));
    await settle();
    h.sockets.latest.drop(1006);
    h.clock.advance(1_000);
    expect(h.relay.calls).toHaveLength(2);
  });

  it('a credential that ran out while waiting to reconnect is fetched again', async () => {
    h.connection.connect();
    const first = token(h.clock.now(), 5 * MINUTE, 'one');
    h.relay.answer(200, first);
    await settle();
    h.sockets.latest.accept();
    h.sockets.latest.push(fixtureText('pong.constructed'));
    h.connection.disconnect();
    h.clock.advance(10 * MINUTE);
    h.connection.connect();
    expect(h.relay.calls).toHaveLength(2);
    expect(h.sockets.sockets).toHaveLength(1);
  });

  it('a disconnect while fetching cancels the fetch; its late answer opens nothing', async () => {
    h.connection.connect();
    h.connection.disconnect();
    expect(h.connection.status).toBe('disconnected');
    expect(h.relay.waiting).toBe(0); // aborted
    await settle();
    expect(h.sockets.sockets).toHaveLength(0);
  });

  it('no reason or error ever holds the pairing token or a credential', async () => {
    h.connection.connect();
    const first = token(h.clock.now(), 30 * MINUTE, 'one');
    h.relay.answer(200, first);
    await settle();
    h.sockets.latest.accept();
    h.sockets.latest.push(
      `{"resultType":"createOrder","data":{"statusCode":401,"body":"bad token ${first.token} pairing ${PAIRING}"}}`,
    );
    h.sockets.latest.drop(4001, `token expired ${first.token}`);
    await settle();
    const shown = h.shown();
    expect(shown).not.toContain(first.token);
    expect(shown).not.toContain(PAIRING);
    // With a keyring, an expired Rails token is not fatal: the lifecycle fetches a new one.
    expect(h.connection.status).toBe('reconnecting');
  });
});

describe('ManagedConnection with a keyring reference, a session without updateAuth', () => {
  it('is created once the first credential is in, and created again with each renewed one', async () => {
    const adapter = lineAdapter();
    const config: ConnectionConfig = {
      id: 'line',
      label: 'Line',
      venue: 'zdex',
      url: 'ws://venue.test/ws',
      auth: { keyring: { ...KEYRING, id: 'line' } },
      options: { symbols: ['BTC'] },
    };
    const h = setUp(adapter, config);
    h.relay.endpoint = config.url;
    h.connection.connect();
    const start = h.clock.now();
    h.relay.answer(200, { token: 'line-token-one', expiresAt: start + 10 * MINUTE });
    await settle();
    h.sockets.latest.accept();
    expect(h.sockets.latest.sent).toEqual(['AUTH line-token-one', 'SUB BTC']);
    h.sockets.latest.push('OK');
    advanceAlive(h.clock, h.sockets.latest, 9 * MINUTE, 'MARK BTC 1');
    h.relay.answer(200, { token: 'line-token-two', expiresAt: h.clock.now() + 10 * MINUTE });
    await settle();
    h.sockets.latest.deliverClose();
    h.sockets.latest.accept();
    expect(h.sockets.latest.sent).toEqual(['AUTH line-token-two', 'SUB BTC']);
    expect(adapter.log.opens).toHaveLength(2);
  });
});

describe('a keyring credential goes only to the endpoint the relay minted it for', () => {
  const attempts: [string, (relay: FakeRelay, body: Record<string, unknown>) => void][] = [
    ['for another endpoint', (relay, body) => relay.answer(200, { ...body, url: 'wss://attacker.example/ws' })],
    [
      'for another path on the same host',
      (relay, body) => relay.answer(200, { ...body, url: 'wss://ws.trade.rails.xyz/other' }),
    ],
    ['without saying for which endpoint', (relay, body) => relay.answerRaw(200, body)],
  ];
  for (const [what, answer] of attempts) {
    it(`a credential ${what} is never sent: error, no socket`, async () => {
      const h = setUp(railsAdapter, railsConfig());
      h.connection.connect();
      const first = token(h.clock.now(), 30 * MINUTE, 'one');
      answer(h.relay, first);
      await settle();
      expect(h.sockets.sockets).toHaveLength(0);
      expect(h.connection.status).toBe('error');
      expect(h.connection.diagnostics().reason).toMatch(/refusing to send it/);
      expect(h.shown()).not.toContain(first.token);
      expect(h.shown()).not.toContain(PAIRING);
    });
  }

  it('the same endpoint with the venue parameters the adapter appends is accepted', async () => {
    const h = setUp(railsAdapter, railsConfig());
    h.connection.connect();
    h.relay.answer(200, { ...token(h.clock.now(), 30 * MINUTE, 'one'), url: 'wss://ws.trade.rails.xyz/' });
    await settle();
    expect(h.sockets.sockets).toHaveLength(1);
    expect(h.sockets.latest.url).toMatch(/^wss:\/\/ws\.trade\.rails\.xyz\/?\?market=BTC-USDT/);
  });
});

describe('a standby pair renews one socket at a time', () => {
  it('the second member waits until the first is live again, so the pair never stops being live', async () => {
    const clock = new FakeClock();
    const sockets = new FakeSocketFactory();
    const relay = new FakeRelay();
    const config = railsConfig();
    const parsed = railsAdapter.parseOptions(config);
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    const statuses: ConnectionStatus[] = [];
    const ref: { pair?: StandbyPair<unknown> } = {};
    const pair = new StandbyPair(
      { config, adapter: railsAdapter as VenueAdapter<unknown>, options: parsed.options },
      {
        socketFactory: sockets.create,
        clock,
        random: () => 0.999_999,
        settings: { backoff: { ...DEFAULT_BACKOFF, jitter: 'none' } },
        fetch: relay.fetch,
      },
      {
        events: () => undefined,
        changed: () => {
          const status = ref.pair?.status;
          if (status && statuses.at(-1) !== status) statuses.push(status);
        },
      },
    );
    ref.pair = pair;
    pair.connect();
    const start = clock.now();
    relay.answer(200, token(start, 30 * MINUTE, 'a1'));
    relay.answer(200, token(start, 30 * MINUTE, 'b1'));
    await settle();
    const [a1, b1] = sockets.sockets;
    if (!a1 || !b1) throw new Error('two sockets expected');
    for (const socket of [a1, b1]) {
      socket.accept();
      socket.push(fixtureText('pong.constructed'));
    }
    expect(pair.status).toBe('live');
    const liveFrom = statuses.length;

    // Both credentials reach their renewal margin together; both members fetch.
    let left = 30 * MINUTE - 60_000;
    while (left > 0) {
      const step = Math.min(10_000, left);
      clock.advance(step);
      left -= step;
      a1.push(fixtureText('pong.constructed'));
      b1.push(fixtureText('pong.constructed'));
    }
    expect(relay.calls).toHaveLength(4);
    relay.answer(200, token(clock.now(), 30 * MINUTE, 'a2'));
    relay.answer(200, token(clock.now(), 30 * MINUTE, 'b2'));
    await settle();
    // One member replaces its socket; the other keeps its socket while its partner is not live.
    const closing = [a1, b1].filter((socket) => socket.closeRequest !== undefined);
    expect(closing).toHaveLength(1);
    const [first] = closing;
    const other = first === a1 ? b1 : a1;
    clock.advance(2_000);
    other.push(fixtureText('pong.constructed'));
    expect(other.closeRequest).toBeUndefined();
    expect(pair.status).toBe('live');

    // The replacement comes up; then the other member takes its turn.
    const replacement = sockets.latest;
    expect(replacement).not.toBe(a1);
    expect(replacement).not.toBe(b1);
    replacement.accept();
    replacement.push(fixtureText('pong.constructed'));
    clock.advance(250);
    expect(other.closeRequest).toEqual({ code: 1000, reason: RENEWING_CREDENTIAL });
    expect(statuses.slice(liveFrom)).toEqual([]);
    pair.dispose();
  });
});
