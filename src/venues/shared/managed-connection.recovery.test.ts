import { describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../../domain/connection-config';
import type { DomainEvent } from '../../domain/events';
import type { GapRecord } from '../../domain/types';
import type { GapWindow, RestRequest, RestResult, SessionOutput, VenueAdapter, VenueSession } from '../types';
import { DEFAULT_BACKOFF } from './backoff';
import type { FetchFn } from './keyring';
import { ManagedConnection, PAGE_CLOSED } from './managed-connection';
import { FakeClock } from './testing/fake-clock';
import { FakeSocketFactory } from './testing/fake-socket';
import { lineAdapter, lineConfig, type LineOptions } from './testing/line-adapter';

/**
 * Gap records and recovery through the lifecycle: a gap opens when a live connection stops being live,
 * closes when it is live again, the session is asked to recover the window, its REST reads are run
 * (and fenced to the socket that asked), and its report settles every pending gap.
 */

interface Script {
  recovers: GapWindow[];
  responses: { id: string; result: RestResult }[];
  /** What `recover` answers (default: nothing, the report comes later). */
  onRecover?: (gap: GapWindow) => SessionOutput;
  onResponse?: (id: string, result: RestResult) => SessionOutput;
}

/** The line venue with recovery hooks the test scripts. */
function recoveringAdapter(
  script: Script,
  extra: Partial<VenueAdapter<LineOptions>> = {},
): VenueAdapter<LineOptions> & ReturnType<typeof lineAdapter> {
  const base = lineAdapter({ heartbeatIntervalMs: 0, silenceTimeoutMs: 10_000 });
  return {
    ...base,
    ...extra,
    createSession(config, options) {
      const inner = base.createSession(config, options);
      const session: VenueSession = {
        open: (now) => inner.open(now),
        message: (text, now) => inner.message(text, now),
        heartbeat: (now) => inner.heartbeat(now),
        closed: (code, reason, now) => inner.closed(code, reason, now),
        recover(gap) {
          script.recovers.push(gap);
          return script.onRecover?.(gap) ?? { events: [], send: [] };
        },
        response(id, result) {
          script.responses.push({ id, result });
          return script.onResponse?.(id, result) ?? { events: [], send: [] };
        },
      };
      return session;
    },
  };
}

function setUp(
  adapter: VenueAdapter<LineOptions>,
  config: ConnectionConfig = lineConfig(),
  extra: { liveUntil?: number; fetch?: FetchFn } = {},
) {
  const clock = new FakeClock();
  const sockets = new FakeSocketFactory();
  const events: DomainEvent[] = [];
  const parsed = adapter.parseOptions(config);
  if (!parsed.ok) throw new Error('bad config');
  const connection = new ManagedConnection(
    { config, adapter, options: parsed.options, liveUntil: extra.liveUntil },
    {
      socketFactory: sockets.create,
      clock,
      random: () => 0.5,
      settings: { backoff: { ...DEFAULT_BACKOFF, jitter: 'none' } },
      fetch: extra.fetch,
    },
    { events: (_id, batch) => events.push(...batch), changed: () => undefined },
  );
  const gaps = () => events.flatMap((e) => (e.kind === 'gap' ? [e.gap] : []));
  /** The newest record per gap (keyed by `from`), as the store keeps them. */
  const latest = () => [...new Map(gaps().map((g) => [g.from, g])).values()];
  return { clock, sockets, events, connection, gaps, latest };
}

/** Opens the current socket and makes it live (the line venue is live on its first frame). */
function goLive(h: ReturnType<typeof setUp>, frame = 'MARK BTC 1'): void {
  h.sockets.latest.accept();
  h.sockets.latest.push(frame);
}

describe('gap records', () => {
  it('a first connect is no gap; a drop opens one at the last frame, live again closes it and asks the session to recover it', () => {
    const script: Script = { recovers: [], responses: [] };
    const h = setUp(recoveringAdapter(script));
    h.connection.connect();
    goLive(h);
    expect(h.gaps()).toEqual([]);
    h.clock.advance(2_000);
    h.sockets.latest.push('MARK BTC 2');
    const lastFrame = h.clock.now();
    h.clock.advance(500);
    h.sockets.latest.drop(1006);
    expect(h.latest()).toEqual([
      {
        connectionId: 'line-1',
        from: lastFrame,
        to: null,
        recovered: 'pending',
        cause: expect.stringMatching(/socket closed \(1006\)/),
      },
    ]);
    h.clock.advance(1_000); // backoff
    goLive(h, 'MARK BTC 3');
    const liveAgain = h.clock.now();
    expect(h.latest()).toEqual([expect.objectContaining({ from: lastFrame, to: liveAgain, recovered: 'pending' })]);
    expect(script.recovers).toEqual([{ from: lastFrame, to: liveAgain }]);
  });

  it("the session's report settles the gap, with its detail", () => {
    const script: Script = {
      recovers: [],
      responses: [],
      onRecover: () => ({
        events: [],
        send: [],
        recovery: { recovered: 'partial', detail: 'two fills may be missing' },
      }),
    };
    const h = setUp(recoveringAdapter(script));
    h.connection.connect();
    goLive(h);
    h.sockets.latest.drop(1006);
    h.clock.advance(1_000);
    goLive(h);
    expect(h.latest()).toEqual([expect.objectContaining({ recovered: 'partial', detail: 'two fills may be missing' })]);
  });

  it('a venue that cannot recover leaves the gap `none`, saying so', () => {
    const adapter = lineAdapter({ heartbeatIntervalMs: 0 });
    const h = setUp(adapter);
    h.connection.connect();
    goLive(h);
    h.sockets.latest.drop(1006);
    h.clock.advance(1_000);
    goLive(h);
    expect(h.latest()).toEqual([
      expect.objectContaining({ recovered: 'none', detail: expect.stringMatching(/offers no way to recover/) }),
    ]);
  });

  it('a stall is a gap too: stale opens it at the last frame, the next frame closes it on the same socket', () => {
    const script: Script = { recovers: [], responses: [] };
    const h = setUp(recoveringAdapter(script));
    h.connection.connect();
    goLive(h);
    const lastFrame = h.clock.now();
    h.clock.advance(10_000);
    expect(h.connection.status).toBe('stale');
    expect(h.latest()).toEqual([expect.objectContaining({ from: lastFrame, to: null, cause: 'no message for 10 s' })]);
    h.clock.advance(3_000);
    h.sockets.latest.push('MARK BTC 2');
    expect(h.connection.status).toBe('live');
    expect(script.recovers).toEqual([{ from: lastFrame, to: h.clock.now() }]);
    expect(h.sockets.sockets).toHaveLength(1);
  });

  it('a drop while a recovery runs: the new window starts at the first pending gap, and one report settles both', () => {
    const script: Script = { recovers: [], responses: [] };
    const h = setUp(recoveringAdapter(script));
    h.connection.connect();
    goLive(h);
    const first = h.clock.now();
    h.sockets.latest.drop(1006);
    h.clock.advance(1_000);
    goLive(h);
    h.clock.advance(100);
    h.sockets.latest.drop(1006);
    h.clock.advance(2_000);
    goLive(h);
    expect(script.recovers).toHaveLength(2);
    expect(script.recovers[1]?.from).toBe(first);
    expect(h.latest().map((g) => g.recovered)).toEqual(['pending', 'pending']);
    // The next recovery reports, and settles every gap still pending.
    script.onRecover = (): SessionOutput => ({ events: [], send: [], recovery: { recovered: 'full' } });
    h.sockets.latest.drop(1006);
    h.clock.advance(5_000);
    goLive(h);
    expect(h.latest().map((g) => g.recovered)).toEqual(['full', 'full', 'full']);
  });

  it('a reload starts with the gap since the last live moment, recovered at the first live', () => {
    const script: Script = { recovers: [], responses: [] };
    const liveUntil = 1_699_999_000_000;
    const h = setUp(recoveringAdapter(script), lineConfig(), { liveUntil });
    expect(h.latest()).toEqual([expect.objectContaining({ from: liveUntil, to: null, cause: PAGE_CLOSED })]);
    h.connection.connect();
    goLive(h);
    expect(script.recovers).toEqual([{ from: liveUntil, to: h.clock.now() }]);
  });

  it('events lost downstream are a gap recovered at once while live', () => {
    const script: Script = { recovers: [], responses: [] };
    const h = setUp(recoveringAdapter(script));
    h.connection.connect();
    goLive(h);
    h.connection.noteLost(h.clock.now() - 500, h.clock.now(), 'the ingest buffer was full');
    expect(script.recovers).toHaveLength(1);
    expect(h.latest()).toEqual([
      expect.objectContaining({ cause: 'the ingest buffer was full', recovered: 'pending' }),
    ]);
  });

  it('every record is conformant: one connection, `to` after `from`, a known recovery', () => {
    const script: Script = {
      recovers: [],
      responses: [],
      onRecover: () => ({ events: [], send: [], recovery: { recovered: 'full' } }),
    };
    const h = setUp(recoveringAdapter(script));
    h.connection.connect();
    goLive(h);
    for (let i = 0; i < 3; i++) {
      h.clock.advance(1_000);
      h.sockets.latest.drop(1006);
      h.clock.advance(5_000);
      goLive(h);
    }
    const records: GapRecord[] = h.latest();
    expect(records).toHaveLength(3);
    for (const g of records) {
      expect(g.connectionId).toBe('line-1');
      expect(g.to).not.toBeNull();
      expect(g.to!).toBeGreaterThanOrEqual(g.from);
      expect(g.recovered).toBe('full');
    }
  });
});

describe('REST reads for recovery', () => {
  /** A fetch the test answers by hand. */
  function fakeFetch() {
    const calls: { url: string; init: RequestInit; resolve(r: Response): void; reject(e: unknown): void }[] = [];
    const fetch: FetchFn = (url, init) =>
      new Promise<Response>((resolve, reject) => {
        calls.push({ url, init, resolve, reject });
      });
    return { calls, fetch };
  }
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  };
  const request: RestRequest = { id: 'r1', path: '/api/v1/completed-orders', query: { startDate: '1', endDate: '2' } };

  it("a keyring connection's request goes through the relay with the pairing token; the answer reaches the session", async () => {
    const script: Script = {
      recovers: [],
      responses: [],
      onRecover: () => ({ events: [], send: [], requests: [request] }),
    };
    const f = fakeFetch();
    const config = lineConfig({
      auth: { keyring: { url: 'http://127.0.0.1:8787', id: 'rails-btc', token: 'pairing-secret-123' } },
    });
    const h = setUp(recoveringAdapter(script, { keyringCredential: false }), config, { fetch: f.fetch });
    h.connection.connect();
    goLive(h);
    h.sockets.latest.drop(1006);
    h.clock.advance(1_000);
    goLive(h);
    expect(f.calls).toHaveLength(1);
    expect(f.calls[0]?.url).toBe('http://127.0.0.1:8787/rest/rails-btc/api/v1/completed-orders?startDate=1&endDate=2');
    expect(f.calls[0]?.init.headers).toEqual({ Authorization: 'Bearer pairing-secret-123' });
    expect(f.calls[0]?.init.redirect).toBe('error');
    f.calls[0]?.resolve(new Response('{"completedOrders":[]}', { status: 200 }));
    await settle();
    expect(script.responses).toEqual([{ id: 'r1', result: { ok: true, status: 200, body: '{"completedOrders":[]}' } }]);
  });

  it("without a keyring, the adapter's REST target is used; with neither, the session hears there is no REST", async () => {
    const script: Script = {
      recovers: [],
      responses: [],
      onRecover: () => ({ events: [], send: [], requests: [request] }),
    };
    const f = fakeFetch();
    const withTarget = setUp(
      recoveringAdapter(script, {
        rest: () => ({ baseUrl: 'https://rest.venue.test/', headers: { Authorization: 'Bearer jwt-abc' } }),
      }),
      lineConfig(),
      { fetch: f.fetch },
    );
    withTarget.connection.connect();
    goLive(withTarget);
    withTarget.sockets.latest.drop(1006);
    withTarget.clock.advance(1_000);
    goLive(withTarget);
    expect(f.calls[0]?.url).toBe('https://rest.venue.test/api/v1/completed-orders?startDate=1&endDate=2');
    expect(f.calls[0]?.init.headers).toEqual({ Authorization: 'Bearer jwt-abc' });

    const none: Script = {
      recovers: [],
      responses: [],
      onRecover: () => ({ events: [], send: [], requests: [request] }),
    };
    const h = setUp(recoveringAdapter(none), lineConfig(), { fetch: f.fetch });
    h.connection.connect();
    goLive(h);
    h.sockets.latest.drop(1006);
    h.clock.advance(1_000);
    goLive(h);
    await settle();
    expect(none.responses).toEqual([
      { id: 'r1', result: { ok: false, error: expect.stringMatching(/no REST access/) } },
    ]);
  });

  it('an answer that arrives after its socket closed is fenced off (the next socket asks again)', async () => {
    const script: Script = {
      recovers: [],
      responses: [],
      onRecover: () => ({ events: [], send: [], requests: [request] }),
    };
    const f = fakeFetch();
    const h = setUp(
      recoveringAdapter(script, { rest: () => ({ baseUrl: 'https://rest.venue.test', headers: {} }) }),
      lineConfig(),
      { fetch: f.fetch },
    );
    h.connection.connect();
    goLive(h);
    h.sockets.latest.drop(1006);
    h.clock.advance(1_000);
    goLive(h);
    h.sockets.latest.drop(1006);
    f.calls[0]?.resolve(new Response('late', { status: 200 }));
    await settle();
    expect(script.responses).toEqual([]);
  });

  it('a network failure or a timeout is an answer too, never holding a secret', async () => {
    const script: Script = {
      recovers: [],
      responses: [],
      onRecover: () => ({ events: [], send: [], requests: [request, { ...request, id: 'r2' }] }),
    };
    const f = fakeFetch();
    const h = setUp(
      recoveringAdapter(script, {
        rest: () => ({ baseUrl: 'https://rest.venue.test', headers: { Authorization: 'Bearer jwt-secret-9' } }),
      }),
      lineConfig(),
      { fetch: f.fetch },
    );
    h.connection.connect();
    goLive(h);
    h.sockets.latest.drop(1006);
    h.clock.advance(1_000);
    goLive(h);
    f.calls[0]?.reject(new TypeError('fetch failed'));
    await settle();
    h.clock.advance(15_000);
    if (f.calls[1]?.init.signal?.aborted) f.calls[1].reject(new DOMException('aborted', 'AbortError'));
    await settle();
    expect(script.responses.map((r) => r.result)).toEqual([
      { ok: false, error: expect.stringMatching(/rest\.venue\.test\/api\/v1\/completed-orders is not reachable/) },
      { ok: false, error: expect.stringMatching(/did not answer within 15 s/) },
    ]);
    expect(JSON.stringify(script.responses)).not.toContain('jwt-secret-9');
  });

  it('a path that is not a plain path is refused before any request', async () => {
    const bad: RestRequest = { id: 'x', path: '/api/../../etc' };
    const script: Script = {
      recovers: [],
      responses: [],
      onRecover: () => ({ events: [], send: [], requests: [bad] }),
    };
    const f = fakeFetch();
    const h = setUp(
      recoveringAdapter(script, { rest: () => ({ baseUrl: 'https://rest.venue.test', headers: {} }) }),
      lineConfig(),
      { fetch: f.fetch },
    );
    h.connection.connect();
    goLive(h);
    h.sockets.latest.drop(1006);
    h.clock.advance(1_000);
    goLive(h);
    await settle();
    expect(f.calls).toEqual([]);
    expect(script.responses[0]?.result).toEqual({ ok: false, error: expect.stringMatching(/not a plain path/) });
  });
});

describe('frame cap', () => {
  it('a frame over the venue cap is counted malformed and skipped; the stream goes on', () => {
    const h = setUp(recoveringAdapter({ recovers: [], responses: [] }, { maxFrameLength: 64 }));
    h.connection.connect();
    goLive(h);
    h.sockets.latest.push(`MARK BTC ${'9'.repeat(100)}`);
    h.sockets.latest.push('MARK BTC 5');
    const d = h.connection.diagnostics();
    expect(d.malformedTotal).toBe(1);
    expect(d.errors.at(-1)?.message).toMatch(/over this venue's cap of 64; skipped/);
    const marks = h.events.flatMap((e) => (e.kind === 'mark' ? [e.mark.price] : []));
    expect(marks).toEqual(['1', '5']);
  });
});
