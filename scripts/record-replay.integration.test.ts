/**
 * Record and replay end to end in Node: a ZDEX simulator session on a real socket is recorded through
 * the ingest core's tap, then replayed through the same venue session and reducers; the replay shows
 * the ledger's fills, and the recording holds no secret.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diffAgainstLedger } from '../e2e/support/compare';
import { startSimulator, type Simulator } from '../sim/index';
import { Pipeline, settle, sleep, until } from '../src/app/testing/pipeline';
import { buildSnapshot } from '../src/store/snapshot';
import { REPLAY_CONNECTION_ID, replayRecording } from './replay-recording';

let sim: Simulator;
let pipeline: Pipeline;
beforeEach(async () => {
  sim = await startSimulator({ seed: 23, freePorts: true, activityMs: 120 });
  sim.pause();
  pipeline = new Pipeline();
});
afterEach(async () => {
  pipeline.stop();
  await sim.stop();
});

const fillKey = (f: { symbol?: string; side?: string; quantity?: string; price?: string; time?: number }) =>
  `${f.symbol} ${f.side} ${f.quantity} @ ${f.price} t${f.time}`;

describe('record and replay (ZDEX simulator)', () => {
  it('a recorded session replays to the ledger fills, with no token in the file', async () => {
    const token = sim.tokens('zdex').token;
    const lines: string[] = [];
    const since = Date.now();
    pipeline.connect({
      id: 'zdex-main',
      label: 'ZDEX',
      venue: 'zdex',
      url: sim.urls.zdex,
      auth: { token },
      options: { symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] },
    });
    expect(pipeline.core.startRecording('zdex-main', (line) => lines.push(line))).toBe(true);
    await until('live', () => pipeline.status('zdex-main') === 'live');
    sim.resume();
    await sleep(3_000);
    sim.pause();
    const live = await settle(() =>
      diffAgainstLedger(buildSnapshot(pipeline.state, Date.now()), sim.ledger('zdex'), 'zdex-main', since, {
        fillOrderLinks: false,
      }),
    );
    expect(live).toEqual([]);
    pipeline.core.stopRecording('zdex-main');
    const recording = lines.join('\n') + '\n';

    // The attack: look for the credential anywhere in the file (the auth frame was sent with it).
    expect(token.length).toBeGreaterThan(6);
    expect(recording.includes(token)).toBe(false);
    // It was there to find: the auth frame went out, and is in the file with its token replaced.
    const sent = lines.map((line) => JSON.parse(line) as { k?: string; text?: string }).filter((f) => f.k === 'out');
    const auth = sent.find((f) => f.text?.includes('"action":"auth"'));
    expect(auth?.text).toContain('"token":"[redacted]"');

    const result = await replayRecording(recording, 'max');
    expect(result.malformed).toBe(0);
    expect(sim.ledger('zdex').fills.filter((f) => f.time >= since).length).toBeGreaterThan(5);
    expect(
      diffAgainstLedger(result.snapshot, sim.ledger('zdex'), REPLAY_CONNECTION_ID, since, { fillOrderLinks: false }),
    ).toEqual([]);
    const liveFills = buildSnapshot(pipeline.state, Date.now()).fills.filter((f) => f.connectionId === 'zdex-main');
    expect(result.snapshot.fills.map(fillKey).sort()).toEqual(liveFills.map(fillKey).sort());
  }, 40_000);
});
