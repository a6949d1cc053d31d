/**
 * Keeps the ingest worker alive: a worker that stops talking (it died, or hangs) is noticed, replaced,
 * and the page told, so every connection can be marked and connected again on the new worker. The
 * worker says `alive` every second even when nothing happens (src/ingest/worker-host.ts); any message
 * counts. Pure of browser globals: the worker factory and the timers are injected (tested in Node).
 */

export interface SupervisedWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
}

export interface SupervisorTimers {
  now(): number;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface WorkerSupervisorDeps {
  create(): SupervisedWorker;
  timers: SupervisorTimers;
  /** Every message of the current worker (older workers are fenced off). */
  onMessage(data: unknown): void;
  /** A new worker replaced a failed one: re-send every command it needs. `reason` is for the user. */
  onRestart(reason: string): void;
  /** The worker failed too often: nothing more is tried until the page reloads. */
  onGiveUp(reason: string): void;
  /** Silence after which the worker counts as gone. */
  silenceMs?: number;
  checkEveryMs?: number;
  /** At most this many restarts within `restartWindowMs`, then give up. */
  maxRestarts?: number;
  restartWindowMs?: number;
}

export const WORKER_SILENCE_MS = 10_000;

export class WorkerSupervisor {
  private worker: SupervisedWorker;
  private generation = 0;
  private lastHeard: number;
  private readonly restarts: number[] = [];
  private readonly check: unknown;
  private stopped = false;

  constructor(private readonly deps: WorkerSupervisorDeps) {
    this.lastHeard = deps.timers.now();
    this.worker = this.spawn();
    this.check = deps.timers.setInterval(() => this.checkSilence(), deps.checkEveryMs ?? 2_000);
  }

  post(message: unknown): void {
    if (!this.stopped) this.worker.postMessage(message);
  }

  stop(): void {
    this.stopped = true;
    this.deps.timers.clearInterval(this.check);
    this.worker.terminate();
  }

  private spawn(): SupervisedWorker {
    const generation = ++this.generation;
    const worker = this.deps.create();
    this.lastHeard = this.deps.timers.now();
    worker.addEventListener('message', (event) => {
      if (generation !== this.generation || this.stopped) return;
      this.lastHeard = this.deps.timers.now();
      this.deps.onMessage(event.data);
    });
    worker.addEventListener('error', (event) => {
      if (generation !== this.generation || this.stopped) return;
      // An error the worker did not catch: its state can no longer be trusted.
      this.restart(`the ingest worker failed (${(event.message ?? 'no message').slice(0, 120)})`);
    });
    return worker;
  }

  private checkSilence(): void {
    if (this.stopped) return;
    const silent = this.deps.timers.now() - this.lastHeard;
    if (silent >= (this.deps.silenceMs ?? WORKER_SILENCE_MS))
      this.restart(`the ingest worker stopped answering for ${Math.round(silent / 1000)} s`);
  }

  private restart(reason: string): void {
    const now = this.deps.timers.now();
    const window = this.deps.restartWindowMs ?? 60_000;
    while (this.restarts.length > 0 && now - this.restarts[0]! > window) this.restarts.shift();
    this.worker.terminate();
    if (this.restarts.length >= (this.deps.maxRestarts ?? 3)) {
      this.stopped = true;
      this.deps.timers.clearInterval(this.check);
      this.deps.onGiveUp(`${reason}, again: reload the page (the connections stay saved)`);
      return;
    }
    this.restarts.push(now);
    this.worker = this.spawn();
    this.deps.onRestart(`${reason}; restarted it`);
  }
}
