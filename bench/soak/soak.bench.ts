import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from '@playwright/test';
import { startRelay, type RunningRelay } from '../../relay/index';
import { writeDemoKeyring } from '../../scripts/demo-keyring';
import { demoProfile } from '../../scripts/demo-profile';
import { startSimulator } from '../../sim/index';
import type { ConnectionProfile } from '../../src/domain/connection-config';
import { APP_URL, buildBenchApp, launchChromium, startPreview, stopPreview } from '../browser/browser.bench';
import { allOrdersCount, connectionStates, panelCount, type ConnectionState } from './board-reads';
import { HeapProbe } from './cdp-heap';
import { mib, warmUpMinutes } from './growth';
import { compareSummaries, summarize, takeSnapshot, type ConstructorGrowth, type HeapSummary } from './heap-snapshot';
import type { BenchResult } from '../measure';
import { soakResults, type SoakSample } from './soak-results';

/**
 * The soak (docs/performance.md, "Soak"): the demo stack `npm start` runs (every simulator trading on
 * its own, ZDEX auto-pushing all its symbols, the keyring relay with the demo keys) and the built app
 * on the demo profile, left to run for `minutes`; the page's and the ingest worker's heap after a
 * forced GC every minute.
 */

export interface SoakOptions {
  minutes: number;
  reuseBuild: boolean;
  /** Heap snapshots of the page at the baseline and at the end, compared by constructor. */
  snapshots: boolean;
}

export interface SoakOutput {
  results: BenchResult[];
  samples: SoakSample[];
  connections: ConnectionState[];
  /** With `snapshots`: what grew between the baseline and the end, by constructor. */
  growthByConstructor?: { page: ConstructorGrowth[]; worker: ConstructorGrowth[] };
}

const INGEST_WORKER = 'venueboard-ingest';
const MINUTE_MS = 60_000;
/** Constructors listed in a snapshot comparison, the largest growth first. */
const TOP_CONSTRUCTORS = 25;
/** The simulators' own seed for `npm start`; the e2e suite uses 7. */
const SEED = 1;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Every simulator, the relay with the demo keys (allowing the bench app's origin), the demo profile. */
export async function startDemoStack(): Promise<{ profile: ConnectionProfile; stop: () => Promise<void> }> {
  // rateScale 1: ZDEX auto-pushes orderbook, trades, ticker and kline for all ~144 symbols (~330 msg/s),
  // of which the demo profile keeps 3; the rest is what the adapter drops before parsing.
  const sim = await startSimulator({ seed: SEED, freePorts: true, rateScale: 1 });
  let relay: RunningRelay | undefined;
  try {
    const keyring = writeDemoKeyring(sim, '127.0.0.1:0', [APP_URL]);
    relay = await startRelay(keyring.configPath, { logger: () => undefined });
    const profile = demoProfile(sim, relay.url, keyring.pairingToken);
    const started = relay;
    return { profile, stop: async () => (await started.stop(), await sim.stop()) };
  } catch (error) {
    await relay?.stop();
    await sim.stop();
    throw error;
  }
}

/** The app on `?profile=/demo-profile.json` (served here as `npm start` serves it), every connection live. */
export async function openBoard(browser: Browser, profile: ConnectionProfile): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  // By path: a glob would also match the page's own URL, whose query names the profile.
  await page.route(
    (url) => url.pathname === '/demo-profile.json',
    (route) => route.fulfill({ json: profile, headers: { 'Cache-Control': 'no-store' } }),
  );
  await page.goto(`${APP_URL}/?profile=/demo-profile.json`);
  const live = page.locator('[data-testid="connection-row"] [data-testid="connection-status"][data-status="live"]');
  for (const until = Date.now() + 60_000; (await live.count()) < profile.connections.length; await sleep(250))
    if (Date.now() > until) {
      const states = await connectionStates(page);
      throw new Error(
        `soak: not every connection went live within 60 s: ${states.map((c) => `${c.id} ${c.status}`).join(', ') || 'no connection on the board'}`,
      );
    }
  return page;
}

interface Snapshots {
  page: HeapSummary;
  worker: HeapSummary;
}

/** The page's and the ingest worker's heap by constructor (each pauses for a few seconds). */
async function snapshots(probe: HeapProbe): Promise<Snapshots> {
  const page = summarize(await takeSnapshot(probe.session));
  const worker = await probe.workerSnapshot(INGEST_WORKER);
  return { page, worker: worker === undefined ? new Map() : summarize(worker) };
}

async function takeSample(page: Page, probe: HeapProbe, minute: number): Promise<SoakSample> {
  const pageBytes = await probe.pageHeap();
  const workerBytes = (await probe.workerHeaps())[INGEST_WORKER] ?? Number.NaN;
  const states = await connectionStates(page);
  return {
    minute,
    pageMiB: mib(pageBytes),
    workerMiB: mib(workerBytes),
    fills: await panelCount(page, 'fills'),
    openOrders: await panelCount(page, 'orders'),
    live: states.filter((s) => s.status === 'live').length,
  };
}

export async function benchSoak(options: SoakOptions): Promise<SoakOutput> {
  const warmUp = warmUpMinutes(options.minutes);
  if (!options.reuseBuild) await buildBenchApp();
  const stack = await startDemoStack();
  let preview: ChildProcess | undefined;
  let browser: Browser | undefined;
  try {
    preview = await startPreview();
    browser = await launchChromium();
    const page = await openBoard(browser, stack.profile);
    const probe = await HeapProbe.attach(page);
    console.log(
      `  all ${stack.profile.connections.length} connections live; a sample every minute for ${options.minutes} min`,
    );
    const start = Date.now();
    const samples: SoakSample[] = [];
    let atBaseline: Snapshots | undefined;
    let baselineMinute: number | undefined;
    for (let minute = 0; minute <= options.minutes; minute++) {
      await sleep(start + minute * MINUTE_MS - Date.now());
      const s = await takeSample(page, probe, minute);
      samples.push(s);
      console.log(
        `  minute ${minute}: page ${s.pageMiB} MiB, worker ${s.workerMiB} MiB, fills ${s.fills}, ` +
          `open orders ${s.openOrders}, live ${s.live}`,
      );
      if (baselineMinute === undefined && minute >= warmUp) {
        baselineMinute = minute;
        if (options.snapshots) atBaseline = await snapshots(probe);
      }
    }
    const atEnd = atBaseline ? await snapshots(probe) : undefined;
    const connections = await connectionStates(page);
    const orders = await allOrdersCount(page);
    const results = soakResults({ samples, warmUp, minutes: options.minutes, connections, orders });
    const notLive = connections.filter((c) => c.status !== 'live');
    if (notLive.length > 0)
      console.error(
        `soak: connections not live at the end: ${notLive.map((c) => `${c.id} is ${c.status}`).join(', ')}`,
      );
    return {
      results,
      samples,
      connections,
      growthByConstructor: atBaseline &&
        atEnd && {
          page: compareSummaries(atBaseline.page, atEnd.page, TOP_CONSTRUCTORS),
          worker: compareSummaries(atBaseline.worker, atEnd.worker, TOP_CONSTRUCTORS),
        },
    };
  } finally {
    await browser?.close();
    if (preview) stopPreview(preview);
    await stack.stop();
  }
}
