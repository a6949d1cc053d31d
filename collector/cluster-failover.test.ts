/**
 * Part of `npm test` (alone: `npm run test:cluster`; docs/desk.md). Desk mode on a 3-node JetStream
 * cluster (three local `nats-server` processes, the stream and the state bucket replicated 3 times):
 * the stream's leader is killed while the account trades; the collector fails over to another node,
 * JetStream elects a new leader, and nothing is lost or doubled.
 */
import { tmpdir } from 'node:os';
import { connect } from 'nats';
import { afterEach, expect, it } from 'vitest';
import { diffAgainstLedger } from '../e2e/support/compare';
import { startSimulator } from '../sim/index';
import { Pipeline, settle, sleep, until } from '../src/app/testing/pipeline';
import { buildSnapshot } from '../src/store/snapshot';
import { freePort } from '../src/venues/shared/testing/nats-server';
import { deskSubject } from '../src/venues/desk/wire';
import { startCollector } from './collector';
import { parseCollectorConfig } from './config';
import { JetStreamServer } from './jetstream-server';

const STREAM = 'VENUEBOARD';
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it('the stream leader of a 3-node cluster dies while the account trades: no event lost, none doubled', async () => {
  const routes = [await freePort(), await freePort(), await freePort()];
  const nodes = await Promise.all(
    routes.map((routePort, i) =>
      JetStreamServer.start({ cluster: { name: 'vb', node: `n${i + 1}`, routePort, routes } }),
    ),
  );
  cleanups.push(() => Promise.all(nodes.map((n) => n.stop())));
  const sim = await startSimulator({ seed: 23, freePorts: true, activityMs: 100 });
  cleanups.push(() => sim.stop());
  sim.pause();
  const since = Date.now();
  const collector = await startCollector(
    parseCollectorConfig(
      {
        nats: nodes.map((n) => n.natsUrl).join(','),
        stream: STREAM,
        replicas: 3,
        name: 'c1',
        connections: [
          {
            id: 'zdex-main',
            label: 'ZDEX',
            venue: 'zdex',
            url: sim.urls.zdex,
            auth: { token: sim.tokens('zdex').token },
            options: { symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'] },
          },
        ],
      },
      tmpdir(),
    ),
  );
  cleanups.push(() => collector.stop());
  await until('collector live', () => collector.diagnostics().every((d) => d.status === 'live'), 30_000);

  const admin = await connect({ servers: nodes.map((n) => n.natsUrl) });
  cleanups.push(() => admin.close());
  const jsm = await admin.jetstreamManager();
  const info = await jsm.streams.info(STREAM);
  expect(info.config.num_replicas).toBe(3);
  const leader = nodes.find((_, i) => `n${i + 1}` === info.cluster?.leader);
  expect(leader).toBeDefined();
  // The page reads from a node that survives.
  const reader = nodes.find((n) => n !== leader)!;
  const page = new Pipeline();
  cleanups.push(() => page.stop());
  page.connect({ id: 'desk', label: 'Desk', venue: 'desk', url: reader.wsUrl, auth: {}, options: { stream: STREAM } });
  await until('desk live', () => page.status('desk') === 'live', 30_000);

  sim.resume();
  await sleep(2_500);
  await leader!.kill();
  await sleep(4_000);
  sim.pause();

  const problems = await settle(
    () =>
      diffAgainstLedger(buildSnapshot(page.state, Date.now()), sim.ledger('zdex'), 'zdex-main', since, {
        fillOrderLinks: false,
      }),
    40_000,
  );
  if (problems.length > 0)
    console.log(
      'desk cluster state on failure:',
      JSON.stringify(collector.stats()),
      JSON.stringify(page.diagnostics('desk')),
      page.state.fills.size,
    );
  expect(problems).toEqual([]);
  expect(sim.ledger('zdex').fills.length).toBeGreaterThan(0);
  await until('outbox empty', () => collector.stats().pending === 0, 30_000);

  // A new leader, and the stream holds each fill once.
  const after = await jsm.streams.info(STREAM);
  expect(after.cluster?.leader).toBeDefined();
  expect(after.cluster?.leader).not.toBe(info.cluster?.leader);
  const fillIds: string[] = [];
  for (let seq = after.state.first_seq; seq <= after.state.last_seq; seq++) {
    const msg = await jsm.streams.getMessage(STREAM, { seq }).catch(() => undefined);
    if (msg?.subject === deskSubject('zdex-main', 'fill')) fillIds.push((msg.json() as { fillId: string }).fillId);
  }
  expect(new Set(fillIds).size).toBe(fillIds.length);
  expect(fillIds.length).toBe(page.state.fills.size);
  // A page that joins after the loss reads the same history from the cluster.
  const late = new Pipeline();
  cleanups.push(() => late.stop());
  late.connect({ id: 'desk', label: 'Desk', venue: 'desk', url: reader.wsUrl, auth: {}, options: { stream: STREAM } });
  await until('late page live', () => late.status('desk') === 'live', 30_000);
  await settle(() => (late.state.fills.size === page.state.fills.size ? [] : ['fills differ']), 20_000);
  expect([...late.state.fills.keys()].sort()).toEqual([...page.state.fills.keys()].sort());
}, 180_000);
