/**
 * The bridge against the real Roxom simulator (sim/roxom): the relay signs `GET:/ws` with the
 * account's key, and account frames reach the browser side byte for byte, the same text a client
 * connected straight to the venue receives (nanosecond integers included).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startSimulator, type Simulator } from '../sim/index';
import { signedHeaders } from '../sim/roxom/test-support';
import { startRelay, type RunningRelay } from './index';
import { ORIGIN, captureLog, closed, makeTestKeys, testConfig, tryUpgrade } from './test-support';

const keys = makeTestKeys();
const log = captureLog();
let sim: Simulator;
let relay: RunningRelay;
let pairing: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 11, freePorts: true, rateScale: 0, activityMs: 150 });
  sim.pause();
  const valid = sim.tokens('roxom');
  const invalid = sim.tokens('roxom', 'invalid');
  writeFileSync(join(keys.dir, 'sim-roxom.pem'), valid.privateKeyPem, { mode: 0o600 });
  writeFileSync(join(keys.dir, 'sim-roxom-wrong.pem'), invalid.privateKeyPem, { mode: 0o600 });
  const config = testConfig(keys, {
    'roxom-main': { venue: 'roxom', url: valid.url, apiKey: valid.apiKey, privateKeyFile: 'sim-roxom.pem' },
    'roxom-wrong': { venue: 'roxom', url: valid.url, apiKey: valid.apiKey, privateKeyFile: 'sim-roxom-wrong.pem' },
  });
  pairing = config.token;
  relay = await startRelay(config, { baseDir: keys.dir, logger: log.logger });
});
afterAll(async () => {
  await relay.stop();
  await sim.stop();
  keys.cleanup();
});

const SUBSCRIBE = '{"op":"subscribe","args":[{"channel":"orders"},{"channel":"positions"},{"channel":"balance"}]}';

function collect(socket: WebSocket): string[] {
  const frames: string[] = [];
  socket.on('message', (data: Buffer) => frames.push(data.toString('utf8')));
  return frames;
}

async function until(what: string, predicate: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('relay: Roxom bridge against the Roxom simulator', () => {
  it('subscribes through the relay and receives the same account frames, byte for byte, as a direct client', async () => {
    const bridged = await tryUpgrade(
      `${relay.url.replace('http', 'ws')}/ws/roxom-main`,
      { Origin: ORIGIN },
      { protocols: [`venueboard.pairing.${pairing}`] },
    );
    if (!('socket' in bridged)) throw new Error(`refused: ${bridged.status}`);
    const viaRelay = collect(bridged.socket);
    const direct = new WebSocket(sim.tokens('roxom').url, { headers: signedHeaders(sim.tokens('roxom')) });
    const straight = collect(direct);
    await new Promise((resolve, reject) => {
      direct.once('open', resolve);
      direct.once('error', reject);
    });
    bridged.socket.send(SUBSCRIBE);
    direct.send(SUBSCRIBE);
    await until(
      'both subscribed',
      () =>
        viaRelay.some((f) => f.includes('"event":"subscribe"')) &&
        straight.some((f) => f.includes('"event":"subscribe"')),
    );

    sim.resume();
    // Order frames follow account events, the same for every connection (subscribe snapshots are
    // stamped per connection, so they are left out of the comparison).
    const account = (frames: string[]) => frames.filter((f) => f.startsWith('{"type":"order"'));
    await until('order frames through the relay', () => account(viaRelay).length >= 5);
    sim.pause();
    await new Promise((r) => setTimeout(r, 200));

    // Every order frame the relay delivered is, as text, one the venue sent to the direct client.
    const directSet = new Set(account(straight));
    for (const frame of account(viaRelay)) expect(directSet.has(frame)).toBe(true);
    // Nanosecond integers (beyond 2^53) travel as they were written.
    expect(account(viaRelay).some((f) => /:\d{19}\b/.test(f))).toBe(true);

    const ended = closed(bridged.socket);
    bridged.socket.close();
    direct.close();
    await ended;
  });

  it('a key the venue refuses: its error frame and its close (1008) reach the browser side', async () => {
    const bridged = await tryUpgrade(
      `${relay.url.replace('http', 'ws')}/ws/roxom-wrong`,
      { Origin: ORIGIN },
      { protocols: [`venueboard.pairing.${pairing}`] },
    );
    if (!('socket' in bridged)) throw new Error(`refused: ${bridged.status}`);
    const frames = collect(bridged.socket);
    const end = await closed(bridged.socket);
    expect(end.code).toBe(1008);
    expect(frames.some((f) => f.includes('"code":"600010"'))).toBe(true);
    expect(log.lines.join('\n')).not.toContain(sim.tokens('roxom').apiKey);
  });
});
