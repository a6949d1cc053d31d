/**
 * The simulator's only source of time. Production uses real timers; tests use ManualScheduler and
 * advance time themselves, so nothing depends on wall-clock speed.
 */
export interface Scheduler {
  now(): number;
  /** Run `task` once after `delayMs`. Returns a function that cancels it. */
  after(delayMs: number, task: () => void): () => void;
  /** Run `task` every `intervalMs`. Returns a function that cancels it. */
  every(intervalMs: number, task: () => void): () => void;
}

export const realScheduler: Scheduler = {
  now: () => Date.now(),
  after(delayMs, task) {
    const handle = setTimeout(task, delayMs);
    return () => clearTimeout(handle);
  },
  every(intervalMs, task) {
    const handle = setInterval(task, intervalMs);
    return () => clearInterval(handle);
  },
};

interface ManualTask {
  id: number;
  due: number;
  intervalMs: number | null;
  task: () => void;
}

/** Deterministic virtual time: tasks run in due order (ties in creation order) during advance(). */
export class ManualScheduler implements Scheduler {
  private time: number;
  private nextId = 0;
  private tasks = new Map<number, ManualTask>();

  constructor(startTime = 1_767_225_600_000) {
    this.time = startTime;
  }

  now(): number {
    return this.time;
  }

  after(delayMs: number, task: () => void): () => void {
    return this.add(delayMs, null, task);
  }

  every(intervalMs: number, task: () => void): () => void {
    return this.add(intervalMs, intervalMs, task);
  }

  /** Move time forward by `ms`, running every task that falls due on the way. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = this.earliestDue(end);
      if (!next) break;
      this.time = next.due;
      if (next.intervalMs === null) this.tasks.delete(next.id);
      else next.due += Math.max(1, Math.round(next.intervalMs));
      next.task();
    }
    this.time = end;
  }

  private add(delayMs: number, intervalMs: number | null, task: () => void): () => void {
    const id = this.nextId++;
    // Whole milliseconds, like Date.now(): fractional delays would leak into timestamps.
    this.tasks.set(id, { id, due: this.time + Math.max(0, Math.round(delayMs)), intervalMs, task });
    return () => {
      this.tasks.delete(id);
    };
  }

  private earliestDue(limit: number): ManualTask | undefined {
    let best: ManualTask | undefined;
    for (const t of this.tasks.values()) {
      if (t.due > limit) continue;
      if (!best || t.due < best.due || (t.due === best.due && t.id < best.id)) best = t;
    }
    return best;
  }
}
