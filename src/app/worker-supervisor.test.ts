import { describe, expect, it } from 'vitest';
import { FakeClock } from '../venues/shared/testing/fake-clock';
import { WorkerSupervisor, type SupervisedWorker } from './worker-supervisor';

/** A worker the test plays: it can talk, fail, or go silent. */
class FakeWorker implements SupervisedWorker {
  readonly received: unknown[] = [];
  terminated = false;
  private readonly listeners: {
    message: ((e: { data: unknown }) => void)[];
    error: ((e: { message?: string }) => void)[];
  } = {
    message: [],
    error: [],
  };
  postMessage(message: unknown): void {
    this.received.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  addEventListener(type: 'message' | 'error', listener: never): void {
    (this.listeners[type] as unknown[]).push(listener);
  }
  say(data: unknown): void {
    for (const l of this.listeners.message) l({ data });
  }
  fail(message: string): void {
    for (const l of this.listeners.error) l({ message });
  }
}

function setUp() {
  const clock = new FakeClock();
  const workers: FakeWorker[] = [];
  const messages: unknown[] = [];
  const restarts: string[] = [];
  const gaveUp: string[] = [];
  const supervisor = new WorkerSupervisor({
    create: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    timers: clock,
    onMessage: (data) => messages.push(data),
    onRestart: (reason) => restarts.push(reason),
    onGiveUp: (reason) => gaveUp.push(reason),
  });
  return { clock, workers, messages, restarts, gaveUp, supervisor };
}

describe('the ingest worker supervisor', () => {
  it('keeps a worker that says it is alive', () => {
    const h = setUp();
    for (let i = 0; i < 60; i++) {
      h.clock.advance(1_000);
      h.workers[0]?.say({ type: 'alive' });
    }
    expect(h.workers).toHaveLength(1);
    expect(h.restarts).toEqual([]);
    expect(h.messages).toHaveLength(60);
  });

  it('replaces a worker that goes silent, and commands go to the new one', () => {
    const h = setUp();
    h.clock.advance(12_000);
    expect(h.workers).toHaveLength(2);
    expect(h.workers[0]?.terminated).toBe(true);
    expect(h.restarts).toEqual([expect.stringMatching(/stopped answering for 1\d s; restarted it/)]);
    h.supervisor.post({ type: 'connect' });
    expect(h.workers[1]?.received).toEqual([{ type: 'connect' }]);
    expect(h.workers[0]?.received).toEqual([]);
  });

  it('replaces a worker that failed, and fences off anything the old one still says', () => {
    const h = setUp();
    h.workers[0]?.fail('boom');
    expect(h.restarts).toEqual(['the ingest worker failed (boom); restarted it']);
    h.workers[0]?.say({ type: 'batch', late: true });
    expect(h.messages).toEqual([]);
    h.workers[1]?.say({ type: 'alive' });
    expect(h.messages).toEqual([{ type: 'alive' }]);
  });

  it('gives up after three restarts within a minute, and says so', () => {
    const h = setUp();
    for (let i = 0; i < 4; i++) h.workers.at(-1)?.fail(`failure ${i}`);
    expect(h.restarts).toHaveLength(3);
    expect(h.gaveUp).toEqual([expect.stringMatching(/failure 3\), again: reload the page/)]);
    h.clock.advance(60_000);
    expect(h.workers).toHaveLength(4);
  });
});
