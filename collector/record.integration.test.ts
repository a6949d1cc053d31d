/**
 * The collector's record option: one recording per connection, written from the first socket on,
 * with no secret of the relay config in any file, and each replaying (`npm run replay`'s code) to the
 * simulator's ledger.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { diffAgainstLedger } from '../e2e/support/compare';
import { writeDemoKeyring } from '../scripts/demo-keyring';
import { demoProfile } from '../scripts/demo-profile';
import { REPLAY_CONNECTION_ID, replayRecording } from '../scripts/replay-recording';
import { startSimulator } from '../sim/index';
import { sleep, until } from '../src/app/testing/pipeline';
import { parseCollectorConfig } from './config';
import { startCollector } from './collector';
import { JetStreamServer } from './jetstream-server';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('collector --record', () => {
  it('writes a file per connection that holds no secret and replays to the ledger', async () => {
    const js = await JetStreamServer.start();
    cleanups.push(() => js.stop());
    const sim = await startSimulator({ seed: 31, freePorts: true, activityMs: 100 });
    cleanups.push(() => sim.stop());
    sim.pause();
    const keyring = writeDemoKeyring(sim, '127.0.0.1:8787', ['http://127.0.0.1:5173']);
    const profile = demoProfile(sim, 'http://127.0.0.1:8787', keyring.pairingToken);
    const ids = ['zdex-main', 'coinswitch-main'];
    const dir = mkdtempSync(join(tmpdir(), 'venueboard-recordings-'));
    const since = Date.now();
    const collector = await startCollector(
      parseCollectorConfig(
        {
          nats: js.natsUrl,
          stream: 'VENUEBOARD',
          relay: keyring.configPath,
          name: 'rec',
          record: dir,
          connections: profile.connections.filter((c) => ids.includes(c.id)),
        },
        tmpdir(),
      ),
    );
    let stopped = false;
    cleanups.push(() => (stopped ? undefined : collector.stop()));
    expect(collector.recordings).toHaveLength(2);
    await until('live', () => collector.diagnostics().every((d) => d.status === 'live'), 30_000);
    sim.resume();
    await sleep(3_000);
    sim.pause();
    await sleep(500);
    await collector.stop();
    stopped = true;

    const secrets = [
      keyring.pairingToken,
      sim.tokens('zdex').token,
      sim.tokens('coinswitch').apiKey,
      sim.tokens('coinswitch').secretKeyHex,
    ];
    for (const file of collector.recordings) {
      const text = readFileSync(file, 'utf8');
      for (const secret of secrets) expect(text.includes(secret), `${file} holds a secret`).toBe(false);
      // The relay's short-lived credentials are JWTs: none in the file either.
      expect(/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\./.test(text), `${file} holds a JWT`).toBe(false);
    }
    const recordingOf = (id: string) =>
      readFileSync(
        collector.recordings.find((f) => f.includes(id))!,
        'utf8',
      );
    // CoinSwitch streams no positions and no balances (src/venues/coinswitch/README.md).
    for (const [id, venue, checks] of [
      ['zdex-main', 'zdex', { fillOrderLinks: false }],
      ['coinswitch-main', 'coinswitch', { positions: false, balances: false }],
    ] as const) {
      const result = await replayRecording(recordingOf(id), 'max');
      expect(result.malformed).toBe(0);
      expect(sim.ledger(venue).fills.filter((f) => f.time >= since).length, venue).toBeGreaterThan(0);
      expect(diffAgainstLedger(result.snapshot, sim.ledger(venue), REPLAY_CONNECTION_ID, since, checks), venue).toEqual(
        [],
      );
    }
  }, 90_000);
});
