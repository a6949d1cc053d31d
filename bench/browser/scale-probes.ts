/**
 * What the at-scale bench runs in the page (serialized: nothing from this module's scope is used).
 * Times are the page's `performance.now()` (ms since navigation start).
 */

export interface ScaleProbe {
  /** When the Fills panel first counted at least `want` rows (ms since navigation start), or -1. */
  fillsShownAt(): number;
  /** Long tasks so far: [start, duration]. */
  longTasks(): [number, number][];
  /** Start counting the gaps between animation frames. */
  startFrames(): void;
  stopFrames(): number[];
  /**
   * From an input event (`click` or `input`, matched by its type) to the first animation frame after
   * the Fills panel's DOM changed because of it: ms, or -1 when nothing changed within 10 s.
   */
  nextChange(eventType: string): Promise<number>;
}

declare global {
  interface Window {
    __scale?: ScaleProbe;
  }
}

/** Installed before the app's scripts (Playwright `addInitScript`). */
export function installScaleProbe(want: number): void {
  let shownAt = -1;
  const tasks: [number, number][] = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  const fillsPanel = () => document.querySelector('[data-testid="panel-fills"]');
  const count = () => Number((fillsPanel()?.querySelector('.panel-meta')?.textContent ?? '').replace(/\D/g, '') || 0);
  const watchCount = () =>
    new MutationObserver((_, observer) => {
      if (shownAt < 0 && count() >= want) {
        shownAt = performance.now();
        observer.disconnect();
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  if (document.body) watchCount();
  else document.addEventListener('DOMContentLoaded', watchCount);

  let frames: number[] | undefined;
  let last = 0;
  const onFrame = (t: number) => {
    if (frames && last > 0) frames.push(t - last);
    last = t;
    requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);

  window.__scale = {
    fillsShownAt: () => shownAt,
    longTasks: () => tasks.slice(),
    startFrames() {
      frames = [];
      last = 0;
    },
    stopFrames() {
      const out = frames ?? [];
      frames = undefined;
      return out;
    },
    nextChange(eventType) {
      // What the trader sees change: the row count, the sort marks and the first rows shown.
      const signature = () => {
        const panel = fillsPanel();
        if (!panel) return '';
        const sorts = [...panel.querySelectorAll('[role="columnheader"]')].map((h) => h.getAttribute('aria-sort'));
        const rows = [...panel.querySelectorAll('[role="row"][data-row-id]')]
          .slice(0, 5)
          .map((r) => r.getAttribute('data-row-id'));
        return `${count()}|${sorts.join(',')}|${rows.join(',')}`;
      };
      const before = signature();
      return new Promise((resolve) => {
        let inputAt = -1;
        const panel = fillsPanel()!;
        const onInput = (e: Event) => {
          if (inputAt < 0) inputAt = e.timeStamp;
        };
        window.addEventListener(eventType, onInput, { capture: true });
        const timer = setTimeout(() => finish(-1), 60_000);
        const observer = new MutationObserver(() => {
          if (inputAt < 0 || signature() === before) return;
          observer.disconnect();
          // The frame that shows it: its callbacks run just before it is painted.
          requestAnimationFrame(() => finish(performance.now() - inputAt));
        });
        observer.observe(panel, { subtree: true, childList: true, characterData: true, attributes: true });
        const finish = (ms: number) => {
          clearTimeout(timer);
          observer.disconnect();
          window.removeEventListener(eventType, onInput, { capture: true });
          resolve(ms);
        };
      });
    },
  };
}

/** Writes `count` fills of one connection into the journal's IndexedDB (the app created it). */
export async function seedJournalFills(args: { dbName: string; connectionId: string; count: number; newest: number }) {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(args.dbName);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error('open failed'));
  });
  const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
  const prices = [71_000, 3_500, 216];
  const CHUNK = 10_000;
  for (let from = 0; from < args.count; from += CHUNK) {
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('fills', 'readwrite');
      const store = tx.objectStore('fills');
      for (let i = from; i < Math.min(args.count, from + CHUNK); i++) {
        const s = i % 3;
        store.put({
          connectionId: args.connectionId,
          fillId: `seed-${i}`,
          orderId: `order-${Math.floor(i / 2)}`,
          symbol: symbols[s]!,
          side: i % 2 === 0 ? 'buy' : 'sell',
          price: (prices[s]! + ((i * 7919) % 1000) / 10).toFixed(1),
          quantity: (((i * 104729) % 997) / 1000 + 0.001).toFixed(3),
          fee: '0.01',
          feeAsset: 'USDT',
          liquidity: i % 5 === 0 ? 'maker' : 'taker',
          time: args.newest - i * 1_000,
        });
      }
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('write failed'));
    });
  }
  db.close();
}
