import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import type { BenchResult } from '../measure';
import { median } from '../stats';
import { moduleLocator, topModules, topSelfTime, type CpuProfile, type FunctionCost } from './cpu-profile';
import { startFeedServer, type FeedServer } from './feed-server';
import { installProbe, runBarePage } from './page-probes';
import { ceilingOf, summarizeRung, type Rung } from './rung';
import { mainThreadSelfTime, type TraceCost, type TraceEvent } from './trace-summary';
import { CONFIGURED, PROBE_BASE, PROBE_EVERY } from './zdex-feed';

/**
 * The browser bench (docs/performance.md): the same ZDEX-shaped feed to a bare page that only receives
 * and parses, then to the built app with a ZDEX connection to it, at rising rates until each falls
 * behind; the app's main thread profiled at the bare page's ceiling.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PORT = Number(process.env.BENCH_PORT ?? 4194);
const DIST = 'dist-bench';
export const APP_URL = `http://127.0.0.1:${PORT}`;
const LADDER = [1_000, 2_000, 4_000, 6_000, 8_000, 12_000, 16_000, 24_000, 32_000];
/** A JWT whose payload only says it expires in a day; the feed server accepts any token. */
const TOKEN = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'bench', exp: Math.floor(Date.now() / 1000) + 86_400 })}.c2ln`;

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** tsx (esbuild, keepNames) wraps functions in `__name(...)`: the page needs it too to run them. */
export const NAME_SHIM = 'globalThis.__name = (f) => f;';

/** How long a page that fell behind gets to catch up before it is replaced. */
const SETTLE_MS = 20_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface BrowserBenchOptions {
  quick: boolean;
  /** Skip `vite build` when dist-bench is already built. */
  reuseBuild: boolean;
}

export interface BrowserBenchOutput {
  results: BenchResult[];
  bare: Rung[];
  app: Rung[];
  /** The app's main thread at 80 % of the ceiling, self time by trace event (script, style, layout, paint). */
  trace: TraceCost[];
  /** Where the app's main thread spent its time at the bare page's ceiling: by function, by module. */
  profile: FunctionCost[];
  profileByModule: FunctionCost[];
}

/** Script URL + line -> the module it came from, from the built (unminified) bundle files. */
function bundleModules(): (url: string, line: number) => string | undefined {
  const locators = new Map<string, (line: number) => string | undefined>();
  return (url, line) => {
    const m = /\/assets\/([^/?]+\.js)/.exec(url);
    if (!m) return undefined;
    let locate = locators.get(m[1]!);
    if (!locate) {
      locate = moduleLocator(readFileSync(join(ROOT, DIST, 'assets', m[1]!), 'utf8'));
      locators.set(m[1]!, locate);
    }
    return locate(line);
  };
}

/** The app built into dist-bench, unminified (profiles and heap snapshots name functions and classes). */
export function buildBenchApp(): Promise<void> {
  return run('npx', ['vite', 'build', '--outDir', DIST, '--minify', 'false', '--logLevel', 'error']);
}

/** Debian's Chromium, headless, as every browser bench drives it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`))));
  });
}

export async function startPreview(): Promise<ChildProcess> {
  const child = spawn(
    'npx',
    ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort', '--outDir', DIST],
    { cwd: ROOT, stdio: 'ignore', detached: true },
  );
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(APP_URL)).ok) return child;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  child.kill();
  throw new Error(`vite preview did not come up on ${APP_URL}`);
}

export function stopPreview(child: ChildProcess): void {
  // npx starts vite in a child of its own: end the group this bench started, by its id.
  if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
}

/** One rate for `durationMs`, then the feed stops and the page gets `drainMs` to catch up. */
export interface Target {
  page: Page;
  /** A fresh page in place of one that could not catch up (its backlog would spoil the next rung). */
  reopen: () => Promise<Page>;
  /** The feed path this page's socket connected on. */
  path: string;
  who: string;
}

export async function rung(
  t: Target,
  feed: FeedServer,
  rate: number,
  durationMs: number,
  drainMs: number,
): Promise<Rung> {
  const { page } = t;
  const firstSeq = feed.lastSent;
  await page.evaluate(() => window.__bench!.start());
  feed.setRate(rate, t.path);
  await sleep(durationMs);
  const lastSeq = feed.lastSent;
  // Read in the page, with the page's clock: a busy main thread answers late, and that delay is not lag.
  const [reachedSeq, readAt] = await page.evaluate(() => window.__bench!.reached());
  feed.setRate(0);
  const pageWindow = await page.evaluate(() => window.__bench!.stop());
  const lastProbe = Math.floor(lastSeq / PROBE_EVERY) * PROBE_EVERY;
  let drained = false;
  for (const until = Date.now() + drainMs; Date.now() < until; await sleep(50))
    if ((drained = (await page.evaluate(() => window.__bench!.maxSeq())) >= lastProbe)) break;
  // Not counted: every rung starts caught up, or on a fresh page.
  let settled = drained;
  for (const until = Date.now() + SETTLE_MS; !settled && Date.now() < until; await sleep(200))
    settled = (await page.evaluate(() => window.__bench!.maxSeq())) >= lastProbe;
  if (!settled) {
    console.log(`  ${t.who}: still behind ${SETTLE_MS / 1000} s after the feed stopped; a fresh page`);
    await page.close();
    t.page = await t.reopen();
  }
  return summarizeRung({
    rate,
    durationMs,
    firstSeq,
    lastSeq,
    reachedSeq,
    readAt,
    drained,
    window: pageWindow,
    probeSentAt: feed.probeSentAt,
  });
}

async function openBarePage(browser: Browser, feed: FeedServer, path: string): Promise<Page> {
  const before = feed.clients;
  const page = await browser.newPage();
  await page.goto(feed.pageUrl);
  await page.evaluate(NAME_SHIM);
  await page.evaluate(installProbe, PROBE_BASE);
  await page.evaluate(runBarePage, { url: feed.url.replace(/\/ws$/, path), token: TOKEN, probeBase: PROBE_BASE });
  for (let i = 0; feed.clients <= before; i++) {
    if (i > 500) throw new Error('the bare page did not authenticate to the feed');
    await sleep(20);
  }
  return page;
}

export async function openApp(browser: Browser, feed: FeedServer, path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.addInitScript(NAME_SHIM);
  await page.addInitScript(installProbe, PROBE_BASE);
  await page.goto(APP_URL);
  await connectApp(page, feed, path);
  return page;
}

/**
 * Imports the bench's one ZDEX connection (again after a reload: its pasted token is not saved) and
 * waits until it is live and its balance is shown.
 */
export async function connectApp(page: Page, feed: FeedServer, path: string): Promise<void> {
  const profile = join(mkdtempSync(join(tmpdir(), 'venueboard-bench-')), 'profile.json');
  const connection = {
    id: 'zdex-bench',
    label: 'ZDEX bench feed',
    venue: 'zdex',
    url: feed.url.replace(/\/ws$/, path),
    auth: { token: TOKEN },
    options: { symbols: [...CONFIGURED] },
  };
  writeFileSync(profile, JSON.stringify({ format: 'venueboard.connections/v1', connections: [connection] }));
  await page.getByTestId('import-connections').setInputFiles(profile);
  await page
    .locator(
      '[data-testid="connection-row"][data-row-id="zdex-bench"] [data-testid="connection-status"][data-status="live"]',
    )
    .waitFor({ timeout: 30_000 });
  await page.getByTestId('balance-row').first().waitFor({ timeout: 30_000 });
}

/**
 * Climbs the ladder until the page falls behind. A rung it fell behind on is tried once more before
 * the climb stops: on a shared machine one burst of someone else's work should not set the ceiling.
 */
async function climb(
  t: Target,
  feed: FeedServer,
  rates: readonly number[],
  timing: Timing,
  log: (r: Rung, who: string) => void,
): Promise<Rung[]> {
  const rungs: Rung[] = [];
  for (const rate of rates) {
    let r = await rung(t, feed, rate, timing.durationMs, timing.drainMs);
    log(r, t.who);
    if (!r.keptUp) {
      r = await rung(t, feed, rate, timing.durationMs, timing.drainMs);
      log(r, `${t.who} (again)`);
    }
    rungs.push(r);
    if (!r.keptUp) break;
  }
  return rungs;
}

interface Timing {
  durationMs: number;
  drainMs: number;
  /** Interleaved rounds of bare and app at the ceiling. */
  rounds: number;
}

async function tracedRung(t: Target, feed: FeedServer, rate: number, timing: Timing): Promise<TraceCost[]> {
  const cdp = await t.page.context().newCDPSession(t.page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (d) => void events.push(...(d.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline', transferMode: 'ReportEvents' });
  await rung(t, feed, rate, timing.durationMs, timing.drainMs);
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  return mainThreadSelfTime(events, 15);
}

export async function benchBrowser(options: BrowserBenchOptions): Promise<BrowserBenchOutput> {
  const timing: Timing = options.quick
    ? { durationMs: 1_500, drainMs: 3_000, rounds: 1 }
    : { durationMs: 3_000, drainMs: 5_000, rounds: 3 };
  if (!options.reuseBuild) await buildBenchApp();
  const preview = await startPreview();
  const feed = await startFeedServer();
  const browser = await launchChromium();
  const log = (r: Rung, who: string) =>
    console.log(
      `  ${who} ${r.rate}/s: sent ${r.sentRate}/s, ingested ${(r.ingested * 100).toFixed(1)}%, lag ${r.lagMs} ms, ` +
        `${r.keptUp ? 'kept up' : 'BEHIND'}; long tasks ${r.longTasks} (longest ${r.longestTaskMs} ms), ` +
        `frame p95 ${r.frameP95Ms} ms; latency p50 ${r.latencyP50Ms} / p99 ${r.latencyP99Ms} ms`,
    );
  try {
    console.log('  opening the bare page and the app');
    const bare: Target = {
      page: await openBarePage(browser, feed, '/bare'),
      reopen: () => openBarePage(browser, feed, '/bare'),
      path: '/bare',
      who: 'bare',
    };
    const app: Target = {
      page: await openApp(browser, feed, '/app'),
      reopen: () => openApp(browser, feed, '/app'),
      path: '/app',
      who: 'app',
    };
    await rung(bare, feed, 500, 1_000, 2_000); // warm up
    await rung(app, feed, 500, 1_000, 2_000); // warm up: panels mounted, JIT warm
    const bareRungs = await climb(bare, feed, LADDER.slice(1), timing, log);
    const ceiling = ceilingOf(bareRungs);
    console.log(`  bare ceiling ${ceiling}/s`);
    if (ceiling === 0) throw new Error('the bare page kept up with no rate: the machine is too busy to measure');

    const appRungs = await climb(
      app,
      feed,
      LADDER.filter((r) => r < ceiling),
      timing,
      log,
    );
    const extra = async (rate: number) => {
      const known = appRungs.find((r) => r.rate === rate);
      if (known) return known;
      const r = await rung(app, feed, rate, timing.durationMs, timing.drainMs);
      log(r, 'app');
      appRungs.push(r);
      return r;
    };
    const at1000 = await extra(1_000);
    const at80 = await extra(Math.round((ceiling * 0.8) / 100) * 100);

    // The ceiling: bare and app in interleaved rounds (medians), the app's main thread profiled in the first.
    const bareAtCeiling: Rung[] = [];
    const appAtCeiling: Rung[] = [];
    let profile: CpuProfile | undefined;
    for (let round = 0; round < timing.rounds; round++) {
      const b = await rung(bare, feed, ceiling, timing.durationMs, timing.drainMs);
      log(b, 'bare at ceiling');
      bareAtCeiling.push(b);
      const cdp = round === 0 ? await app.page.context().newCDPSession(app.page) : undefined;
      if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
        await cdp.send('Profiler.start');
      }
      const a = await rung(app, feed, ceiling, timing.durationMs, timing.drainMs);
      log(a, 'app at ceiling');
      appAtCeiling.push(a);
      // (A page replaced for falling behind took its profile with it.)
      if (cdp)
        profile = await cdp.send('Profiler.stop').then(
          (r) => (r as { profile: CpuProfile }).profile,
          () => undefined,
        );
    }
    // Not counted: one more rung at 80 % with a Chrome trace, to split Chromium's own work (style,
    // layout, paint) that the CPU profile lumps into "(program)".
    const trace = await tracedRung(app, feed, at80.rate, timing);
    const bareIngested = median(bareAtCeiling.map((r) => r.ingested));
    const appIngested = median(appAtCeiling.map((r) => r.ingested));
    const atCeiling = appAtCeiling[0]!;
    const barePeak = bareAtCeiling[0]!;
    await app.page.close();
    await bare.page.close();

    const smoothRate = Math.max(0, ...appRungs.filter((r) => r.smooth && r.keptUp).map((r) => r.rate));
    const results: BenchResult[] = [
      {
        name: 'browser-ingest-vs-bare',
        what: `share of the feed the app put on screen / the bare page parsed, at the bare page's ceiling (${ceiling}/s)`,
        figure: bareIngested > 0 ? appIngested / bareIngested : Number.NaN,
        unit: 'ratio',
        min: 0.95,
        details: {
          ceilingPerSecond: ceiling,
          appIngested,
          bareIngested,
          rounds: timing.rounds,
          appLagMs: atCeiling.lagMs,
          bareLagMs: barePeak.lagMs,
        },
      },
      {
        name: 'browser-smooth-rate-vs-ceiling',
        what: 'highest rate the app keeps up with, no long task > 50 ms and frame p95 <= 20 ms / the bare ceiling',
        figure: ceiling > 0 ? smoothRate / ceiling : Number.NaN,
        unit: 'ratio',
        min: 0.8,
        details: { smoothPerSecond: smoothRate, ceilingPerSecond: ceiling },
      },
      {
        name: 'browser-long-tasks-at-80pct',
        what: `main-thread tasks over 50 ms in the app at 80 % of the bare ceiling (${at80.rate}/s)`,
        figure: at80.longTasks,
        unit: 'count',
        max: 0,
        details: { longestTaskMs: at80.longestTaskMs, frameP95Ms: at80.frameP95Ms },
      },
      {
        name: 'browser-event-to-screen-p99-at-80pct',
        what: `socket send to the balance on screen, p99, at 80 % of the bare ceiling (${at80.rate}/s)`,
        figure: at80.latencyP99Ms,
        unit: 'ms',
        max: 100,
        details: { p50Ms: at80.latencyP50Ms, rate: at80.rate },
      },
      {
        name: 'browser-event-to-screen-p99-at-1000',
        what: 'socket send to the balance on screen, p99, at 1,000 msg/s',
        figure: at1000.latencyP99Ms,
        unit: 'ms',
        max: 100,
        details: { p50Ms: at1000.latencyP50Ms },
      },
    ];
    return {
      results,
      bare: [...bareRungs, ...bareAtCeiling],
      app: [...appRungs, ...appAtCeiling],
      trace,
      profile: profile ? topSelfTime(profile, 20) : [],
      profileByModule: profile ? topModules(profile, bundleModules(), 20) : [],
    };
  } finally {
    await browser.close();
    await feed.stop();
    stopPreview(preview);
  }
}
