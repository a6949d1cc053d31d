import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { BenchResult } from '../measure';
import { percentile } from '../stats';
import {
  buildBenchApp,
  connectApp,
  launchChromium,
  NAME_SHIM,
  openApp,
  startPreview,
  stopPreview,
} from './browser.bench';
import { startFeedServer } from './feed-server';
import { installScaleProbe, seedJournalFills } from './scale-probes';

/**
 * The board at scale (docs/performance.md, "At scale"): 100,000 fills in the journal, a cold start
 * (a reload) until they are all in the Fills panel and the main thread is free, then sorting, filtering
 * and scrolling the Fills table with all of them held while the ZDEX connection stays live.
 */

export const SCALE_FILLS = 100_000;
const CONNECTION_ID = 'zdex-bench';
/** A frame this much longer than one vsync (16.7 ms at 60 Hz) means at least one frame was dropped. */
const DROPPED_FRAME_MS = 25;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** When the page became usable: the fills on screen, and no long task still running from before then. */
export function interactiveAt(shownAt: number, longTasks: readonly [number, number][]): number {
  let at = shownAt;
  // A task that started before `at` holds the main thread past it; chained tasks extend it further.
  for (const [start, duration] of [...longTasks].sort((a, b) => a[0] - b[0]))
    if (start <= at) at = Math.max(at, start + duration);
  return at;
}

async function fillsCount(page: Page): Promise<number> {
  return page
    .locator('[data-testid="panel-fills"] .panel-meta')
    .evaluate((el) => Number((el.textContent ?? '').replace(/\D/g, '')));
}

/**
 * With BENCH_PROFILE_DIR set, the main thread's CPU profile of a phase is written there
 * (`<phase>.cpuprofile`, for Chrome DevTools' Performance panel or speedscope).
 */
async function profiled<T>(page: Page, phase: string, work: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_PROFILE_DIR;
  if (!dir) return work();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await cdp.send('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${phase}.cpuprofile`), JSON.stringify(profile));
    await cdp.detach();
  }
}

/** One input on the Fills panel, timed in the page from the event to the frame after the DOM changed. */
async function timed(page: Page, eventType: 'click' | 'input', act: () => Promise<void>): Promise<number> {
  const change = page.evaluate((type) => window.__scale!.nextChange(type), eventType);
  await sleep(50);
  await act();
  const ms = await change;
  console.log(`  ${eventType}: ${Math.round(ms)} ms`);
  if (ms < 0) throw new Error(`the Fills panel did not change within 60 s of a ${eventType}`);
  // Let the table settle (a sort renders once; the row count follows) before the next input.
  await sleep(300);
  return Math.round(ms * 10) / 10;
}

export async function benchAtScale(options: { quick: boolean; reuseBuild: boolean }): Promise<BenchResult[]> {
  if (!options.reuseBuild) await buildBenchApp();
  const preview = await startPreview();
  const feed = await startFeedServer();
  const browser = await launchChromium();
  try {
    const page = await openApp(browser, feed, '/app');
    await page.addInitScript(NAME_SHIM);
    await page.addInitScript(installScaleProbe, SCALE_FILLS);
    await page.evaluate(seedJournalFills, {
      dbName: 'venueboard-journal',
      connectionId: CONNECTION_ID,
      count: SCALE_FILLS,
      newest: Date.now() - 60_000,
    });

    // Cold start: a reload with the journal full (the app's code is cached, as after any reload).
    const coldStarts: { shownAt: number; interactive: number; longest: number }[] = [];
    for (let round = 0; round < (options.quick ? 1 : 3); round++) {
      await profiled(page, `cold-start-${round}`, async () => {
        await page.reload();
        await page.waitForFunction(() => window.__scale!.fillsShownAt() >= 0, undefined, { timeout: 60_000 });
        await sleep(1_000);
      });
      const shownAt = await page.evaluate(() => window.__scale!.fillsShownAt());
      const tasks = await page.evaluate(() => window.__scale!.longTasks());
      coldStarts.push({
        shownAt: Math.round(shownAt),
        interactive: Math.round(interactiveAt(shownAt, tasks)),
        longest: Math.round(Math.max(0, ...tasks.map(([, d]) => d))),
      });
    }
    console.log(`  cold starts ${JSON.stringify(coldStarts)}`);
    const held = await fillsCount(page);
    if (held < SCALE_FILLS) throw new Error(`the Fills panel shows ${held} fills, not the ${SCALE_FILLS} journaled`);
    // A reload keeps the connection but not its pasted token: the trader pastes it again.
    await connectApp(page, feed, '/app');
    // The account keeps moving while the trader works the table.
    feed.setRate(200, '/app');
    await sleep(1_000);

    const fills = page.getByTestId('panel-fills');
    const header = (name: string) => fills.getByRole('columnheader', { name }).getByRole('button');
    const sorts = await profiled(page, 'sort', async () => [
      await timed(page, 'click', () => header('Price').click()),
      await timed(page, 'click', () => header('Price').click()),
      await timed(page, 'click', () => header('Qty').click()),
      await timed(page, 'click', () => header('Time').click()),
    ]);
    const filterBox = page.getByTestId('fills-filter-text');
    const filters = await profiled(page, 'filter', async () => [
      await timed(page, 'input', () => filterBox.fill('ETHUSDT')),
      await timed(page, 'input', () => filterBox.fill('ETHUSDT sell')),
      await timed(page, 'input', () => filterBox.fill('')),
    ]);

    // Scroll: wheel steps over the table for ~3 s, every frame gap recorded.
    const box = (await fills.getByTestId('dt-rows').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const gaps = await profiled(page, 'scroll', async () => {
      await page.evaluate(() => window.__scale!.startFrames());
      for (let i = 0; i < (options.quick ? 40 : 100); i++) {
        await page.mouse.wheel(0, i % 20 < 15 ? 600 : -900);
        await sleep(30);
      }
      return page.evaluate(() => window.__scale!.stopFrames());
    });
    feed.setRate(0);
    const dropped = gaps.filter((g) => g > DROPPED_FRAME_MS).length;
    const cold = [...coldStarts].sort((a, b) => a.interactive - b.interactive)[Math.floor(coldStarts.length / 2)]!;

    return [
      {
        name: 'scale-cold-start-100k-fills',
        what: `reload to the ${SCALE_FILLS.toLocaleString('en-US')} journaled fills listed and the main thread free (median of ${coldStarts.length})`,
        figure: cold.interactive,
        unit: 'ms',
        max: 1_500,
        details: { rounds: coldStarts, heldAfter: held },
      },
      {
        name: 'scale-sort-100k-fills',
        what: 'click on a Fills column header to the sorted rows on screen, slowest of 4 sorts',
        figure: Math.max(...sorts),
        unit: 'ms',
        max: 100,
        details: { sortsMs: sorts },
      },
      {
        name: 'scale-filter-100k-fills',
        what: 'typing in the Fills filter to the filtered rows on screen, slowest of 3 (filter, narrow, clear)',
        figure: Math.max(...filters),
        unit: 'ms',
        max: 100,
        details: { filtersMs: filters },
      },
      {
        name: 'scale-scroll-dropped-frames',
        what: `frames longer than ${DROPPED_FRAME_MS} ms while wheel-scrolling the 100,000 fills (feed live at 200/s)`,
        figure: dropped,
        unit: 'count',
        max: 0,
        details: {
          frames: gaps.length,
          p95Ms: Math.round(percentile(gaps, 95) * 10) / 10,
          longestMs: Math.round(Math.max(0, ...gaps) * 10) / 10,
        },
      },
    ];
  } finally {
    await browser.close();
    await feed.stop();
    stopPreview(preview);
  }
}
