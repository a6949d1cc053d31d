import type { ConnectionConfig } from '../../domain/connection-config';
import { IngestCore } from '../../ingest/ingest-core';
import { applyBatches } from '../../store/apply-batch';
import { emptyPortfolio, type PortfolioState } from '../../store/state';
import { getAdapter } from '../../venues/registry';
import { realClock } from '../../venues/shared/clock';
import { nodeSocketFactory } from '../../venues/shared/testing/node-socket-factory';

/**
 * The whole pipeline in Node, as the browser runs it minus React and the Worker boundary: the
 * registry's adapters inside IngestCore on real sockets, batches through the store's reducer.
 */
export class Pipeline {
  state: PortfolioState = emptyPortfolio();
  readonly core = new IngestCore({ getAdapter, socketFactory: nodeSocketFactory, clock: realClock });
  private readonly timer = setInterval(() => this.pump(), 16);

  connect(config: ConnectionConfig): void {
    this.core.handle({ type: 'connect', config });
  }
  pump(): void {
    const batch = this.core.flush();
    if (batch) this.state = applyBatches(this.state, [batch], Date.now());
  }
  diagnostics(id: string) {
    return this.state.connections.get(id);
  }
  status(id: string) {
    return this.diagnostics(id)?.status;
  }
  stop(): void {
    clearInterval(this.timer);
    this.core.dispose();
  }
}

export async function until(what: string, predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `diff` until it is empty (or time runs out) and returns the last result, for a readable failure. */
export async function settle(diff: () => string[], timeoutMs = 15_000): Promise<string[]> {
  let problems = diff();
  await until('the pipeline to settle', () => (problems = diff()).length === 0, timeoutMs).catch(() => undefined);
  return problems;
}
