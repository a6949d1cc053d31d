import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  authenticatedFrame,
  connectedFrame,
  feedFrame,
  fullStateFrame,
  isProbe,
  pongFrame,
  subscribedFrame,
} from './zdex-feed';

/** Epoch milliseconds with sub-millisecond resolution; a page's `performance.timeOrigin + now()` is the same clock. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

/** A socket this far behind (bytes queued in Node) gets no more frames: it has fallen behind anyway. */
const MAX_BUFFERED = 32 * 2 ** 20;
const TICK_MS = 4;

export interface FeedServer {
  url: string;
  /** An empty page on the feed's own origin, for the bare page (a page on no origin may not reach 127.0.0.1). */
  pageUrl: string;
  /**
   * Frames per second to every authenticated socket, or only to those that connected on `path`
   * (e.g. "/bare"); 0 stops. Each call starts a new pacing window.
   */
  setRate(perSecond: number, path?: string): void;
  /** The last sequence number sent (frames are numbered from 1, across rates). */
  readonly lastSent: number;
  /** When each probe frame was sent (epoch ms), by sequence number. */
  readonly probeSentAt: ReadonlyMap<number, number>;
  /** Frames not sent to a socket because it had MAX_BUFFERED bytes queued. */
  readonly skipped: number;
  readonly clients: number;
  stop(): Promise<void>;
}

/**
 * A local ZDEX-shaped WebSocket server for the browser bench: the documented handshake (connected,
 * auth -> authenticated + the account's full state, subscribe -> subscribed, ping -> pong), then the
 * feed of ./zdex-feed.ts at a set rate to every authenticated socket, paced by the clock (a late tick
 * sends what is due, so the average rate holds).
 */
export async function startFeedServer(port = 0): Promise<FeedServer> {
  const http = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>bare page</title><body></body>');
  });
  const wss = new WebSocketServer({ server: http });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, '127.0.0.1', resolve);
  });
  const origin = `127.0.0.1:${(http.address() as AddressInfo).port}`;
  const ready = new Map<WebSocket, string>();
  const probeSentAt = new Map<number, number>();
  let lastSent = 0;
  let skipped = 0;
  let rate = 0;
  let target: string | undefined;
  let windowStart = 0;
  let windowSent = 0;

  wss.on('connection', (ws, req) => {
    const path = (req.url ?? '/').split('?')[0]!;
    ws.send(connectedFrame());
    ws.on('message', (data) => {
      let msg: { action?: unknown; channel?: unknown; symbol?: unknown };
      try {
        msg = JSON.parse(String(data)) as typeof msg;
      } catch {
        return;
      }
      if (msg.action === 'auth') {
        ws.send(authenticatedFrame());
        ws.send(fullStateFrame(Date.now()));
        ready.set(ws, path);
      } else if (msg.action === 'subscribe' && typeof msg.channel === 'string') {
        ws.send(subscribedFrame(msg.channel, typeof msg.symbol === 'string' ? msg.symbol : undefined));
      } else if (msg.action === 'ping') {
        ws.send(pongFrame(Date.now()));
      }
    });
    ws.on('close', () => ready.delete(ws));
  });

  const tick = () => {
    if (rate <= 0) return;
    const due = Math.floor(((epochNow() - windowStart) * rate) / 1000) - windowSent;
    for (let i = 0; i < due; i++) {
      const seq = ++lastSent;
      const now = epochNow();
      const frame = feedFrame(seq, Math.floor(now));
      if (isProbe(seq)) probeSentAt.set(seq, now);
      for (const [ws, path] of ready) {
        if (target !== undefined && path !== target) continue;
        if (ws.bufferedAmount > MAX_BUFFERED) skipped++;
        else ws.send(frame);
      }
    }
    windowSent += Math.max(0, due);
  };
  const timer = setInterval(tick, TICK_MS);

  return {
    url: `ws://${origin}/ws`,
    pageUrl: `http://${origin}/`,
    setRate(perSecond, path) {
      rate = perSecond;
      target = path;
      windowStart = epochNow();
      windowSent = 0;
    },
    get lastSent() {
      return lastSent;
    },
    probeSentAt,
    get skipped() {
      return skipped;
    },
    get clients() {
      return ready.size;
    },
    async stop() {
      clearInterval(timer);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
