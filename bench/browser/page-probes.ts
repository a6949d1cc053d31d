/**
 * What the browser bench installs in a page (Playwright `addInitScript`, before the page's own
 * scripts): the main thread's long tasks (PerformanceObserver "longtask"), the time between animation
 * frames, and the probe balance as it reaches the screen (a MutationObserver reads every balance row
 * after each DOM change and keeps the first moment each higher probe number is there).
 *
 * These functions run in the page: they are serialized, so they use nothing from this module's scope.
 */

export interface PageWindow {
  longTasks: number[];
  frameGaps: number[];
  /** [probe sequence, epoch ms] the first time each higher probe number was seen (on screen or parsed). */
  seen: [number, number][];
}

export interface PageProbe {
  maxSeq(): number;
  start(): void;
  stop(): PageWindow;
  /** The highest probe number reached and the page's clock (epoch ms) at that moment. */
  reached(): [number, number];
  /** The bare page: frames parsed so far. */
  parsed?: () => number;
}

declare global {
  interface Window {
    __bench?: PageProbe;
  }
}

/** Installed in both pages: long tasks and frame gaps, counted only between start() and stop(). */
export function installProbe(probeBase: number): void {
  const now = () => performance.timeOrigin + performance.now();
  let counting = false;
  let maxSeq = 0;
  let longTasks: number[] = [];
  let frameGaps: number[] = [];
  let seen: [number, number][] = [];
  let lastFrame = 0;
  new PerformanceObserver((list) => {
    if (counting) for (const e of list.getEntries()) longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: false });
  const onFrame = (t: number) => {
    if (counting && lastFrame > 0) frameGaps.push(t - lastFrame);
    lastFrame = t;
    requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);
  const note = (seq: number, at: number) => {
    if (!Number.isSafeInteger(seq) || seq <= maxSeq || seq >= probeBase) return;
    maxSeq = seq;
    seen.push([seq, at]);
  };
  const scan = () => {
    const at = now();
    // Each cell on its own: a row's text runs its figures together.
    for (const row of document.querySelectorAll('[data-testid="balance-row"]'))
      for (const cell of row.children) note(Number((cell.textContent ?? '').replace(/,/g, '')) - probeBase, at);
  };
  const observe = () =>
    new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, characterData: true });
  if (document.body) observe();
  else document.addEventListener('DOMContentLoaded', observe);
  const bare = window as unknown as { __notePlain?: (seq: number, at: number) => void };
  bare.__notePlain = note;
  window.__bench = {
    maxSeq: () => maxSeq,
    reached: () => [maxSeq, now()],
    start() {
      longTasks = [];
      frameGaps = [];
      seen = [];
      lastFrame = 0;
      counting = true;
    },
    stop() {
      counting = false;
      return { longTasks, frameGaps, seen };
    },
  };
}

/**
 * The bare page: one WebSocket on the main thread that answers the handshake like the app's session
 * (auth, subscribe account) and parses every frame; a probe balance's number counts as reached when
 * parsed. No store, no rendering: the machine's own limit for receiving and parsing this feed.
 */
export function runBarePage(args: { url: string; token: string; probeBase: number }): void {
  const note = (window as unknown as { __notePlain: (seq: number, at: number) => void }).__notePlain;
  let parsed = 0;
  const ws = new WebSocket(args.url);
  ws.onmessage = (e: MessageEvent<string>) => {
    const at = performance.timeOrigin + performance.now();
    const frame = JSON.parse(e.data) as {
      event?: string;
      channel?: string;
      data?: { total?: string };
    };
    parsed++;
    if (frame.event === 'connected') ws.send(JSON.stringify({ action: 'auth', token: args.token }));
    else if (frame.event === 'authenticated') ws.send(JSON.stringify({ action: 'subscribe', channel: 'account' }));
    else if (frame.event === 'balance_update' && frame.data?.total !== undefined)
      note(Number(frame.data.total) - args.probeBase, at);
  };
  window.__bench!.parsed = () => parsed;
}
