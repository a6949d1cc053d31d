/**
 * Replay speed (docs/record-replay.md): a ZDEX simulator session recorded for a few seconds through the
 * ingest core's tap, then replayed as fast as possible through the venue's session, the ingest core
 * and the store's reducer (`npm run replay`'s code). The figure is ms per 1,000 normalized events
 * (the median of five replays); the details give events and frames per second.
 */
import { replayRecording } from '../scripts/replay-recording';
import { startTestSimulator } from '../sim/testing/sim-for-tests';
import { IngestCore } from '../src/ingest/ingest-core';
import { getAdapter } from '../src/venues/registry';
import { realClock } from '../src/venues/shared/clock';
import { nodeSocketFactory } from '../src/venues/shared/testing/node-socket-factory';
import type { BenchResult } from './measure';

const RECORD_MS = 6_000;
const ROUNDS = 5;

async function recordZdexSession(): Promise<string> {
  const sim = await startTestSimulator({ seed: 5, activityMs: 20 });
  const core = new IngestCore({ getAdapter, socketFactory: nodeSocketFactory, clock: realClock });
  const lines: string[] = [];
  const drain = setInterval(() => core.flush(), 16);
  try {
    core.handle({
      type: 'connect',
      config: {
        id: 'zdex-bench',
        label: 'ZDEX',
        venue: 'zdex',
        url: sim.urls.zdex,
        auth: { token: sim.tokens('zdex').token },
        options: { symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] },
      },
    });
    core.startRecording('zdex-bench', (line) => lines.push(line));
    await new Promise((resolve) => setTimeout(resolve, RECORD_MS));
    core.stopRecording('zdex-bench');
  } finally {
    clearInterval(drain);
    core.dispose();
    await sim.stop();
  }
  return lines.join('\n');
}

export async function benchReplay(): Promise<BenchResult> {
  const recording = await recordZdexSession();
  const runs = [];
  for (let i = 0; i < ROUNDS; i++) runs.push(await replayRecording(recording, 'max'));
  const median = [...runs].sort((a, b) => a.elapsedMs - b.elapsedMs)[Math.floor(ROUNDS / 2)]!;
  const perSecond = median.events / (median.elapsedMs / 1000);
  return {
    name: 'replay speed',
    what: 'a recorded ZDEX session replayed at max speed through session, ingest core and store (figure: ms per 1,000 events)',
    figure: 1_000_000 / perSecond,
    unit: 'ms',
    // At least 1,000 events/s on this shared 2-core machine: an hour of one account replays in about a minute.
    max: 1_000,
    details: {
      events: median.events,
      frames: median.frames,
      fills: median.snapshot.fills.length,
      perSecond: Math.round(perSecond),
      framesPerSecond: Math.round(median.frames / (median.elapsedMs / 1000)),
    },
  };
}
