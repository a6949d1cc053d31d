/**
 * Desk mode end to end in Node: the real simulators, a real `nats-server -js`, the real collector
 * (the dashboard's ingest core headless, credentials from the keyring relay's config) and dashboards
 * as the browser runs them minus React (src/app/testing/pipeline.ts) on a `desk` connection.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { connect, type NatsConnection } from 'nats';
import { afterEach, describe, expect, it } from 'vitest';
import { diffAgainstLedger } from '../e2e/support/compare';
import { writeDemoKeyring } from '../scripts/demo-keyring';
import { demoProfile } from '../scripts/demo-profile';
import { startSimulator, type Simulator } from '../sim/index';
import type { ConnectionConfig } from '../src/domain/connection-config';
import { Pipeline, settle, sleep, until } from '../src/app/testing/pipeline';
import { buildSnapshot } from '../src/store/snapshot';
import { deskSubject, stateBucketOf } from '../src/venues/desk/wire';
import { parseCollectorConfig } from './config';
import { startCollector, type RunningCollector } from './collector';
import { JetStreamServer } from './jetstream-server';

const STREAM = 'VENUEBOARD';
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(seed: number) {
  const js = await JetStreamServer.start();
  cleanups.push(() => js.stop());
  const sim: Simulator = await startSimulator({ seed, freePorts: true, activityMs: 100 });
  cleanups.push(() => sim.stop());
  sim.pause();
  // The profile names the relay at its configured address; the collector runs that relay itself.
  const keyring = writeDemoKeyring(sim, '127.0.0.1:8787', ['http://127.0.0.1:5173']);
  const profile = demoProfile(sim, 'http://127.0.0.1:8787', keyring.pairingToken);
  const pick = (ids: string[]) => profile.connections.filter((c) => ids.includes(c.id));
  const nc = await connect({ servers: js.natsUrl });
  cleanups.push(() => nc.close());
  return { js, sim, keyring, pick, nc };
}

function collectorConfig(js: JetStreamServer, relay: string, connections: ConnectionConfig[], name: string) {
  return { nats: js.natsUrl, stream: STREAM, relay, connections, name };
}

function deskPage(js: JetStreamServer): Pipeline {
  const page = new Pipeline();
  cleanups.push(() => page.stop());
  page.connect({ id: 'desk', label: 'Desk', venue: 'desk', url: js.wsUrl, auth: {}, options: { stream: STREAM } });
  return page;
}

async function fillMessages(nc: NatsConnection, connectionId: string): Promise<{ count: number; ids: Set<string> }> {
  const jsm = await nc.jetstreamManager();
  const ids = new Set<string>();
  let count = 0;
  const info = await jsm.streams.info(STREAM);
  for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
    const msg = await jsm.streams.getMessage(STREAM, { seq }).catch(() => undefined);
    if (!msg || msg.subject !== deskSubject(connectionId, 'fill')) continue;
    count++;
    ids.add((msg.json() as { fillId: string }).fillId);
  }
  return { count, ids };
}

describe('desk mode: collector -> JetStream -> desk dashboards', () => {
  it('publishes every event with a Nats-Msg-Id and the latest state; two pages and a late page match the ledger', async () => {
    const { js, sim, keyring, pick, nc } = await setup(21);
    const since = Date.now();
    const collector: RunningCollector = await startCollector(
      parseCollectorConfig(collectorConfig(js, keyring.configPath, pick(['zdex-main', 'rails-btc']), 'c1'), tmpdir()),
    );
    cleanups.push(() => collector.stop());
    await until('the collector live on both', () => collector.diagnostics().every((d) => d.status === 'live'), 30_000);
    const early = deskPage(js);
    sim.resume();
    await sleep(4_000);
    // A page opened later shows what happened before it.
    const late = deskPage(js);
    await sleep(2_000);
    sim.pause();

    // Stream: fills are there, and a republished fill is a duplicate JetStream drops.
    const { count, ids } = await fillMessages(nc, 'zdex-main');
    expect(count).toBeGreaterThan(0);
    expect(ids.size).toBe(count);
    const jsc = nc.jetstream();
    const [someFill] = ids;
    const ack = await jsc.publish(deskSubject('zdex-main', 'fill'), new TextEncoder().encode('{}'), {
      msgID: `zdex-main:fill:${someFill}`,
    });
    expect(ack.duplicate).toBe(true);
    // State bucket: the latest status per connection, from this collector.
    const kv = await jsc.views.kv(stateBucketOf(STREAM));
    const status = (await kv.get('zdex-main.status'))?.json() as { status: { status: string; collector: string } };
    expect(status.status).toMatchObject({ status: 'live', collector: 'c1' });

    for (const page of [early, late]) {
      await until('desk live', () => page.status('desk') === 'live', 30_000).catch((e: Error) => {
        throw new Error(`${e.message}: ${JSON.stringify(page.diagnostics('desk'))}`);
      });
      const problems = await settle(
        () => [
          ...diffAgainstLedger(buildSnapshot(page.state, Date.now()), sim.ledger('zdex'), 'zdex-main', since, {
            fillOrderLinks: false,
          }),
          ...diffAgainstLedger(buildSnapshot(page.state, Date.now()), sim.ledger('rails'), 'rails-btc', since, {
            positions: false,
            balances: false,
            orderSymbols: ['BTC-USDT'],
          }),
        ],
        30_000,
      );
      expect(problems).toEqual([]);
      // The collector's connections are rows of their own, saying which collector runs them.
      expect(page.diagnostics('zdex-main')).toMatchObject({ venue: 'zdex', status: 'live', collector: 'c1' });
      expect(page.diagnostics('rails-btc')).toMatchObject({ venue: 'rails', status: 'live', collector: 'c1' });
    }
    expect(sim.ledger('zdex').fills.length).toBeGreaterThan(3);
    const fillIds = (page: Pipeline) => [...page.state.fills.keys()].sort();
    expect(fillIds(late)).toEqual(fillIds(early));
  });

  it('two collectors on one account, one killed: no duplicate fill anywhere, nothing lost', async () => {
    const { js, sim, keyring, pick, nc } = await setup(22);
    const since = Date.now();
    const connections = pick(['zdex-main']);
    // Collector 1 is the real command (`npm run collector -- --config FILE`), killed with SIGKILL.
    const dir = mkdtempSync(join(tmpdir(), 'venueboard-collector-'));
    const file = join(dir, 'collector.json');
    writeFileSync(file, JSON.stringify(collectorConfig(js, keyring.configPath, connections, 'c1')), { mode: 0o600 });
    const child = spawn(process.execPath, ['--import', 'tsx', 'collector/main.ts', '--config', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    cleanups.push(() => child.kill('SIGKILL'));
    await until('collector 1 started', () => output.includes('publishing zdex-main'), 30_000);
    const c2 = await startCollector(
      parseCollectorConfig(collectorConfig(js, keyring.configPath, connections, 'c2'), dir),
    );
    cleanups.push(() => c2.stop());
    await until('collector 2 live', () => c2.diagnostics().every((d) => d.status === 'live'), 30_000);
    const page = deskPage(js);
    sim.resume();
    await sleep(3_000);
    child.kill('SIGKILL');
    await sleep(3_000);
    sim.pause();

    await until('desk live', () => page.status('desk') === 'live', 30_000);
    const problems = await settle(
      () =>
        diffAgainstLedger(buildSnapshot(page.state, Date.now()), sim.ledger('zdex'), 'zdex-main', since, {
          fillOrderLinks: false,
        }),
      30_000,
    );
    expect(problems).toEqual([]);
    expect(sim.ledger('zdex').fills.length).toBeGreaterThan(3);
    // Both collectors published every fill; the stream kept one message per fill.
    const { count, ids } = await fillMessages(nc, 'zdex-main');
    expect(ids.size).toBe(count);
    expect(count).toBe(
      new Set(
        sim
          .ledger('zdex')
          .fills.filter((f) => f.time >= since)
          .map((f) => f.fillId),
      ).size,
    );
    // A later page sees the same fills, once each.
    const late = deskPage(js);
    await until('late page live', () => late.status('desk') === 'live', 30_000);
    await settle(() => (late.state.fills.size === page.state.fills.size ? [] : ['fills differ']), 20_000);
    expect([...late.state.fills.keys()].sort()).toEqual([...page.state.fills.keys()].sort());
  });
});
