import { IngestCore } from '../src/ingest/ingest-core';
import type { ReplaySpeed } from '../src/ingest/recording/player';
import { applyBatches } from '../src/store/apply-batch';
import { buildSnapshot, type Snapshot } from '../src/store/snapshot';
import { emptyPortfolio, type PortfolioState } from '../src/store/state';
import { getAdapter } from '../src/venues/registry';
import { realClock } from '../src/venues/shared/clock';
import type { SocketFactory } from '../src/venues/shared/socket';

/**
 * A recording replayed in Node through the dashboard's own pipeline (IngestCore: the venue's session
 * and the shared lifecycle; the store's reducers), as `npm run replay` and the bench use it.
 */

export const REPLAY_CONNECTION_ID = 'replay';

export interface ReplayResult {
  state: PortfolioState;
  snapshot: Snapshot;
  /** Frame lines in the recording (malformed ones not included). */
  frames: number;
  /** Lines counted as malformed and skipped (the connection's malformed count). */
  malformed: number;
  /** Normalized events the pipeline produced. */
  events: number;
  elapsedMs: number;
  /** Why the replay could not start (a bad header), if it could not. */
  error?: string;
}

/** A replay opens no socket: anything that asks for one is a bug. */
const noSockets: SocketFactory = () => {
  throw new Error('a replay opens no socket');
};

export async function replayRecording(text: string, speed: ReplaySpeed = 'max'): Promise<ReplayResult> {
  const core = new IngestCore({ getAdapter, socketFactory: noSockets, clock: realClock });
  let state = emptyPortfolio();
  let events = 0;
  const pump = () => {
    const batch = core.flush();
    if (!batch) return false;
    events += batch.events.length;
    state = applyBatches(state, [batch], Date.now());
    return true;
  };
  const started = performance.now();
  core.handle({ type: 'replay', connectionId: REPLAY_CONNECTION_ID, label: 'replay', recording: text, speed });
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, speed === 'max' ? 0 : 16));
    const moved = pump();
    const progress = core.replayProgress(REPLAY_CONNECTION_ID);
    if ((!progress || progress.done) && !moved) break;
  }
  const elapsedMs = performance.now() - started;
  const progress = core.replayProgress(REPLAY_CONNECTION_ID);
  const diagnostics = state.connections.get(REPLAY_CONNECTION_ID);
  core.dispose();
  return {
    state,
    snapshot: buildSnapshot(state, Date.now()),
    frames: progress?.frames ?? 0,
    malformed: diagnostics?.malformedTotal ?? 0,
    events,
    elapsedMs,
    ...(progress ? {} : { error: diagnostics?.reason ?? 'the recording could not be replayed' }),
  };
}
