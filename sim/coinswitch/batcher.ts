import type { CoinswitchExecution } from '../../src/venues/coinswitch/wire';

export interface ExecutionBatch {
  symbol: string;
  time: number;
  executions: CoinswitchExecution[];
}

/**
 * Executions of one symbol at one instant (one price step crossing several resting orders) go out
 * in one trade message, so `o` really is an array of several (seed 001: "a single matching event can
 * produce multiple executions"). A batch closes when an execution of another symbol or instant
 * arrives, or at the end of the current synchronous core step (a microtask).
 */
export class ExecutionBatcher {
  private pending: ExecutionBatch | null = null;
  private queued = false;

  constructor(
    private readonly publish: (batch: ExecutionBatch) => void,
    private readonly enabled: boolean,
  ) {}

  add(symbol: string, time: number, execution: CoinswitchExecution): void {
    if (!this.enabled) return this.publish({ symbol, time, executions: [execution] });
    if (this.pending && (this.pending.symbol !== symbol || this.pending.time !== time)) this.flush();
    this.pending ??= { symbol, time, executions: [] };
    this.pending.executions.push(execution);
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      this.flush();
    });
  }

  flush(): void {
    const batch = this.pending;
    this.pending = null;
    if (batch) this.publish(batch);
  }

  clear(): void {
    this.pending = null;
  }
}
