import { describe, expect, it } from 'vitest';
import { noChanges, type JournalChanges } from './changes';
import {
  JournalWriter,
  retryDelay,
  RETRY_DELAYS_MS,
  rewriteMayMiss,
  WRITE_DELAY_MS,
  type JournalWriteStatus,
} from './journal-writer';
import { C, fill, order, sample, T0 } from './test-support';
import { JournalBuffer } from './write-buffer';
import { LIMITS } from '../state';

const changes = (over: Partial<JournalChanges>): JournalChanges => ({ ...noChanges(), ...over });

/**
 * The writer's surroundings: a virtual clock with timers, and a journal that keeps what a committed
 * write holds (by key, as IndexedDB would) and refuses writes while `failing`.
 */
function harness(options: { whole?: () => JournalChanges; buffer?: JournalBuffer } = {}) {
  let now = T0;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const committed: JournalChanges[] = [];
  const attempts: JournalChanges[] = [];
  const statuses: JournalWriteStatus[] = [];
  const journal = { fills: new Map<string, unknown>(), orders: new Map<string, unknown>(), liveness: [] as number[] };
  const h = {
    failing: false,
    committed,
    attempts,
    statuses,
    journal,
    get now() {
      return now;
    },
    /** Run every timer due up to `ms` from now, in order, letting each write settle. */
    async advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
        await settle();
      }
      now = end;
      await settle();
    },
    writer: new JournalWriter(
      {
        async write(c) {
          attempts.push(c);
          await Promise.resolve();
          if (h.failing) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          committed.push(c);
          for (const f of c.fills) journal.fills.set(f.fillId, f);
          for (const o of c.orders) journal.orders.set(o.orderId, o);
          if (c.liveness.length > 0) journal.liveness.push(now);
        },
        wholeState: options.whole ?? noChanges,
        now: () => now,
        setTimer(fn, ms) {
          const id = nextId++;
          timers.set(id, { at: now + ms, fn });
          return id;
        },
        clearTimer(id) {
          timers.delete(id as number);
        },
        status: (s) => statuses.push(s),
      },
      options.buffer,
    ),
  };
  return h;
}
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('JournalWriter: when it writes', () => {
  it('fills at once, the rest after WRITE_DELAY_MS in one write', async () => {
    const h = harness();
    h.writer.add(changes({ fills: [fill('a', T0)] }));
    await settle();
    expect(h.committed.map((c) => c.fills.length)).toEqual([1]);
    h.writer.add(changes({ orders: [order('o1', 'open', T0)] }));
    h.writer.add(changes({ samples: [sample(T0)] }));
    await h.advance(WRITE_DELAY_MS - 1);
    expect(h.committed).toHaveLength(1);
    await h.advance(1);
    expect(h.committed).toHaveLength(2);
    expect(h.committed[1]).toMatchObject({ orders: [{ orderId: 'o1' }], samples: [sample(T0)] });
  });

  it("a connection's liveUntil goes with the timed writes only, never more often than WRITE_DELAY_MS", async () => {
    const h = harness();
    // A live connection: a new lastMessageAt and a fill every 100 ms, for 3 s.
    for (let t = 0; t < 3_000; t += 100) {
      h.writer.add(changes({ fills: [fill(`f${t}`, T0 + t)], liveness: [{ connectionId: C, liveUntil: T0 + t }] }));
      await h.advance(100);
    }
    await h.advance(WRITE_DELAY_MS);
    expect(h.journal.fills.size).toBe(30);
    const times = h.journal.liveness;
    expect(times.length).toBeGreaterThan(2);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(WRITE_DELAY_MS);
    // The last liveUntil is written.
    const last = h.committed.filter((c) => c.liveness.length > 0).at(-1)!;
    expect(last.liveness).toEqual([{ connectionId: C, liveUntil: T0 + 2_900 }]);
  });
});

describe('JournalWriter: a failed write', () => {
  it('is kept, retried with backoff together with what came since, and the status says so until a write succeeds', async () => {
    const h = harness();
    h.failing = true;
    h.writer.add(changes({ fills: [fill('a', T0)], orders: [order('o1', 'open', T0)] }));
    await settle();
    expect(h.attempts).toHaveLength(1);
    expect(h.statuses.at(-1)?.failure).toMatchObject({
      since: T0,
      failures: 1,
      error: 'QuotaExceededError: The quota has been exceeded.',
      nextRetryAt: T0 + RETRY_DELAYS_MS[0],
      pending: 2,
      overflowed: false,
    });
    // While failing no write is tried per update: the retry timer is the only writer.
    h.writer.add(changes({ fills: [fill('b', T0 + 10)], orders: [order('o1', 'filled', T0 + 10)] }));
    await h.advance(RETRY_DELAYS_MS[0] - 1);
    expect(h.attempts).toHaveLength(1);
    await h.advance(1);
    expect(h.attempts).toHaveLength(2);
    expect(h.statuses.at(-1)?.failure).toMatchObject({ failures: 2, nextRetryAt: h.now + RETRY_DELAYS_MS[1] });
    // The retry held both fills and only the newest state of o1.
    expect(h.attempts[1]!.fills.map((f) => f.fillId).sort()).toEqual(['a', 'b']);
    expect(h.attempts[1]!.orders.map((o) => o.status)).toEqual(['filled']);

    h.failing = false;
    await h.advance(RETRY_DELAYS_MS[1]);
    expect(h.attempts).toHaveLength(3);
    expect([...h.journal.fills.keys()].sort()).toEqual(['a', 'b']);
    expect((h.journal.orders.get('o1') as { status: string }).status).toBe('filled');
    expect(h.statuses.at(-1)).toEqual({});
    expect(h.writer.pending).toBe(0);
    // Back to normal: a fill goes out at once again.
    h.writer.add(changes({ fills: [fill('c', T0 + 20)] }));
    await settle();
    expect(h.journal.fills.has('c')).toBe(true);
  });

  it('writes queued before the first failure wait for the retry: one attempt per backoff step', async () => {
    const h = harness();
    h.failing = true;
    // A fill per frame while the first write is still in flight: each queues a write.
    for (let i = 0; i < 10; i++) h.writer.add(changes({ fills: [fill(`f${i}`, T0 + i)] }));
    await settle();
    await settle();
    expect(h.attempts).toHaveLength(1);
    await h.advance(RETRY_DELAYS_MS[0]);
    expect(h.attempts).toHaveLength(2);
    expect(h.attempts[1]!.fills).toHaveLength(10);
    await h.advance(RETRY_DELAYS_MS[1] - 1);
    expect(h.attempts).toHaveLength(2);
  });

  it('retryNow tries at once; the backoff grows to its cap', async () => {
    const h = harness();
    h.failing = true;
    h.writer.add(changes({ fills: [fill('a', T0)] }));
    await settle();
    await h.writer.retryNow();
    expect(h.attempts).toHaveLength(2);
    expect([1, 2, 3, 4, 5, 6, 7, 50].map(retryDelay)).toEqual([
      1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 30_000, 30_000,
    ]);
    h.failing = false;
    await h.writer.retryNow();
    expect(h.journal.fills.has('a')).toBe(true);
    expect(h.statuses.at(-1)).toEqual({});
  });

  it('past the bound, the next successful write rewrites the whole state and says what may be missing', async () => {
    const held = Array.from({ length: LIMITS.fills }, (_, i) => fill(`h${i}`, T0 + 1_000 + i));
    const h = harness({ buffer: new JournalBuffer(5), whole: () => changes({ fills: held }) });
    h.failing = true;
    h.writer.add(changes({ fills: Array.from({ length: 6 }, (_, i) => fill(`x${i}`, T0 + i)) }));
    await settle();
    expect(h.statuses.at(-1)?.failure).toMatchObject({ overflowed: true, pending: 0 });
    h.failing = false;
    await h.advance(RETRY_DELAYS_MS[0]);
    expect(h.journal.fills.size).toBe(LIMITS.fills);
    // The page held as many fills as it keeps: older ones may have left it unwritten.
    expect(h.statuses.at(-1)).toEqual({ rewrite: { at: h.now, fillsMayMissBefore: T0 + 1_000 } });
  });

  it('rewriteMayMiss: nothing when the page held fewer fills than it keeps', () => {
    expect(rewriteMayMiss(changes({ fills: [fill('a', T0)] }), T0 + 5)).toEqual({ at: T0 + 5 });
  });

  it('clear forgets what waits', async () => {
    const h = harness();
    h.writer.add(changes({ orders: [order('o1', 'open', T0)] }));
    h.writer.clear();
    await h.advance(WRITE_DELAY_MS * 2);
    expect(h.attempts).toEqual([]);
  });
});
