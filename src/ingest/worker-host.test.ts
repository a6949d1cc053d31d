import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VenueId } from '../domain/types';
import { FakeClock } from '../venues/shared/testing/fake-clock';
import { FakeSocketFactory } from '../venues/shared/testing/fake-socket';
import { lineAdapter, lineConfig } from '../venues/shared/testing/line-adapter';
import type { IngestBatch, IngestMessage } from './protocol';
import { createIngestWorkerHost } from './worker-host';

function setUp() {
  const clock = new FakeClock();
  const sockets = new FakeSocketFactory();
  const adapter = lineAdapter({ heartbeatIntervalMs: 0, silenceTimeoutMs: 0 });
  /** The batches posted (the `alive` messages are counted apart). */
  const posted: IngestBatch[] = [];
  const alive: IngestMessage[] = [];
  const host = createIngestWorkerHost({
    getAdapter: (venue: VenueId) => (venue === 'zdex' ? adapter : undefined),
    socketFactory: sockets.create,
    clock,
    post: (message) => (message.type === 'batch' ? posted.push(message) : alive.push(message)),
  });
  return { host, clock, sockets, posted, alive };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ingest worker host', () => {
  it('turns commands into batches, at most one per flush interval, and only when something changed', () => {
    const { host, clock, sockets, posted } = setUp();
    // Only the once-a-second `alive` timer.
    expect(clock.pendingTimers()).toBe(1);
    host.receive({ type: 'connect', config: lineConfig() });
    expect(posted).toHaveLength(0);
    clock.advance(16);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.connections[0]?.status).toBe('connecting');

    sockets.latest.accept();
    sockets.latest.push('MARK BTC 1');
    sockets.latest.push('MARK BTC 2');
    clock.advance(16);
    expect(posted).toHaveLength(2);
    expect(posted[1]?.events).toHaveLength(1);

    // While open, the message rate is re-reported as it changes (here: decaying to 0).
    clock.advance(10_000);
    const afterDecay = posted.length;
    expect(posted.at(-1)?.connections[0]?.messagesPerSecond).toBe(0);

    // Idle (disconnected): one batch for the change, then nothing, and no timer left behind.
    host.receive({ type: 'disconnect', connectionId: 'line-1' });
    clock.advance(16);
    expect(posted).toHaveLength(afterDecay + 1);
    clock.advance(60_000);
    expect(posted).toHaveLength(afterDecay + 1);
    // No flush timer left behind: only the `alive` one.
    expect(clock.pendingTimers()).toBe(1);
  });

  it('says it is alive every second, even when nothing happens, and stops when stopped', () => {
    const { host, clock, alive } = setUp();
    clock.advance(5_000);
    expect(alive).toEqual(Array.from({ length: 5 }, () => ({ type: 'alive' })));
    host.stop();
    clock.advance(5_000);
    expect(alive).toHaveLength(5);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('flushes a change that follows a quiet spell without waiting a full interval', () => {
    const { host, clock, sockets, posted } = setUp();
    host.receive({ type: 'connect', config: lineConfig() });
    clock.advance(16);
    clock.advance(500);
    sockets.latest.accept();
    clock.advance(0);
    expect(posted).toHaveLength(2);
  });

  it('ignores malformed messages without logging their content', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { host, clock, posted } = setUp();
    host.receive({ type: 'connect', config: { id: 'x', auth: { token: 'secret-jwt' } } });
    host.receive('hello');
    host.receive(null);
    clock.advance(100);
    expect(posted).toHaveLength(0);
    expect(warn).toHaveBeenCalledTimes(3);
    expect(JSON.stringify(warn.mock.calls)).not.toContain('secret-jwt');
  });

  it('stop() closes the sockets and posts nothing more', () => {
    const { host, clock, sockets, posted } = setUp();
    host.receive({ type: 'connect', config: lineConfig() });
    sockets.latest.accept();
    host.stop();
    expect(sockets.latest.closeRequest).toBeDefined();
    sockets.latest.push('MARK BTC 1');
    clock.advance(1_000);
    expect(posted).toHaveLength(0);
  });
});
