import { constants, sign, type KeyObject } from 'node:crypto';
import { WebSocket, type RawData } from 'ws';
import type { RoxomVenue } from './config';
import { byteSize, logSafe, oneLine } from './log';

/**
 * The Roxom bridge (docs/venues/roxom.md): a browser cannot set the `X-API-Key` / `X-API-Signature` headers
 * Roxom checks at the upgrade, so the relay opens the venue's socket itself and forwards frames.
 *
 * - The browser's socket is accepted first; the venue's is opened next. Frames the browser sends in
 *   between (its subscriptions) are queued (bounded) and sent once the venue is up, so the close the
 *   browser sees when the venue refuses can say why ("Roxom refused the relay's connection (HTTP 401)").
 * - Frames go both ways verbatim: the bytes of each frame, text as text, binary as binary. Nothing is
 *   parsed, so Roxom's nanosecond integers (beyond 2^53) pass through exactly.
 * - WS control pings go to both sides every `pingIntervalMs`; a side that has not answered the previous
 *   ping is cut off (the docs ask for ping/pong without giving a format).
 * - A message over `maxMessageBytes` from either side (the browser's socket is capped by the server,
 *   Roxom's here) closes that side with 1009 and ends the bridge; the log says which side, never what.
 * - Either side ending ends the other. The browser sees the venue's close code and reason when they can
 *   be relayed (1000-1003, 1007-1014, 3000-4999), otherwise 1011 with an explanation; our own secrets are
 *   removed from any reason. The browser's lifecycle then reconnects through the relay.
 */

/** What Roxom signs for the WebSocket upgrade (docs/contract.md section 4, docs/venues/roxom.md). */
export const ROXOM_SIGNED_PAYLOAD = 'GET:/ws';
/** Close code for "the venue side failed". */
export const CLOSE_UPSTREAM_FAILED = 1011;
/** Close code for "too much sent before the venue connected". */
export const CLOSE_TOO_MUCH_QUEUED = 1008;
/** Close code for "message too big" (RFC 6455). */
export const CLOSE_TOO_BIG = 1009;
/** What `ws` reports for a message over its `maxPayload` (it has sent 1009 to that side already). */
const TOO_BIG_ERROR = 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';

/** base64 of the RSA PKCS#1 v1.5 SHA-256 signature of `payload` (`GET:/ws`, or `GET:<path>?<query>` for REST). */
export function roxomSignature(key: KeyObject, payload = ROXOM_SIGNED_PAYLOAD): string {
  return sign('sha256', Buffer.from(payload, 'utf8'), {
    key,
    padding: constants.RSA_PKCS1_PADDING,
  }).toString('base64');
}

export interface BridgeOptions {
  pingIntervalMs: number;
  /** The venue's opening handshake must finish within this. */
  connectTimeoutMs: number;
  /** Bytes the browser may send before the venue's socket is open. */
  maxQueuedBytes: number;
  /** The largest message Roxom may send (the browser's side is capped by the server's `maxPayload`). */
  maxMessageBytes: number;
  /** One line when the bridge opens (the venue's socket is up) and one when it ends; never a secret. */
  log: (line: string) => void;
  now: () => number;
}

export interface Bridge {
  /** Ends both sides (the relay is stopping). */
  close(code: number, reason: string): void;
  readonly done: Promise<void>;
}

export function openRoxomBridge(browser: WebSocket, venue: RoxomVenue, options: BridgeOptions): Bridge {
  const started = options.now();
  const signature = roxomSignature(venue.privateKey);
  const secrets = [venue.apiKey, signature];
  const upstream = new WebSocket(venue.url, {
    headers: { 'X-API-Key': venue.apiKey, 'X-API-Signature': signature },
    handshakeTimeout: options.connectTimeoutMs,
    perMessageDeflate: false,
    followRedirects: false,
    maxPayload: options.maxMessageBytes,
  });

  let queued: { data: RawData; binary: boolean }[] = [];
  let queuedBytes = 0;
  let framesUp = 0;
  let framesDown = 0;
  let upstreamOpened = false;
  let upstreamFailure: string | undefined;
  let finished = false;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const awaitingPong = new Set<WebSocket>();

  const ping = setInterval(() => {
    for (const side of [browser, upstream]) {
      if (side.readyState !== WebSocket.OPEN) continue;
      if (awaitingPong.has(side)) {
        if (side === upstream) upstreamFailure = 'Roxom stopped answering pings';
        side.terminate();
        continue;
      }
      awaitingPong.add(side);
      side.ping();
    }
  }, options.pingIntervalMs);
  ping.unref?.();
  browser.on('pong', () => awaitingPong.delete(browser));
  upstream.on('pong', () => awaitingPong.delete(upstream));

  browser.on('message', (data, isBinary) => {
    if (upstream.readyState === WebSocket.OPEN) {
      framesUp++;
      upstream.send(data, { binary: isBinary });
    } else if (upstream.readyState === WebSocket.CONNECTING) {
      queuedBytes += byteLength(data);
      if (queuedBytes > options.maxQueuedBytes) {
        upstreamFailure = 'too much sent before Roxom connected';
        finish('relay', CLOSE_TOO_MUCH_QUEUED, upstreamFailure);
        return;
      }
      queued.push({ data, binary: isBinary });
    }
  });

  upstream.on('open', () => {
    upstreamOpened = true;
    options.log(`ws ${venue.id} bridged to Roxom after ${elapsed(started, options.now())}`);
    for (const frame of queued) {
      framesUp++;
      upstream.send(frame.data, { binary: frame.binary });
    }
    queued = [];
    queuedBytes = 0;
  });

  upstream.on('message', (data, isBinary) => {
    if (browser.readyState !== WebSocket.OPEN) return;
    framesDown++;
    browser.send(data, { binary: isBinary });
  });

  const cap = byteSize(options.maxMessageBytes);
  upstream.on('error', (error) => {
    if (errorCode(error) === TOO_BIG_ERROR) {
      finish('relay', CLOSE_TOO_BIG, `Roxom sent a message over the relay's ${cap} cap`);
      return;
    }
    upstreamFailure ??= describeUpstreamError(error, upstreamOpened);
  });
  browser.on('error', (error) => {
    // ws has sent the browser its 1009 already: let that close finish.
    if (errorCode(error) === TOO_BIG_ERROR)
      finish('relay', CLOSE_TOO_BIG, `the browser sent a message over the ${cap} cap`);
    else browser.terminate();
  });

  upstream.on('close', (code, reason) => {
    if (finished) return;
    const text = scrub(reason.toString('utf8'), secrets);
    if (relayable(code)) {
      finish('Roxom', code, text || `Roxom closed the connection (${code})`);
    } else {
      const why =
        upstreamFailure ?? (upstreamOpened ? `Roxom connection lost (${code})` : `Roxom is not reachable (${code})`);
      finish('Roxom', CLOSE_UPSTREAM_FAILED, why);
    }
  });

  browser.on('close', (code) => {
    if (finished) return;
    finish('browser', code, '');
  });

  function finish(by: 'browser' | 'Roxom' | 'relay', code: number, reason: string): void {
    if (finished) return;
    finished = true;
    clearInterval(ping);
    queued = [];
    const closing = closeReason(reason);
    if (by !== 'browser' && (browser.readyState === WebSocket.OPEN || browser.readyState === WebSocket.CONNECTING)) {
      browser.close(code, closing);
    }
    if (upstream.readyState === WebSocket.OPEN)
      upstream.close(1000, by === 'browser' ? 'client closed' : 'relay closed');
    else if (upstream.readyState === WebSocket.CONNECTING) upstream.terminate();
    const detail = reason ? ` ${logSafe(reason)}` : '';
    options.log(
      `ws ${venue.id} closed by ${by} (${code}${detail}) after ${elapsed(started, options.now())}; ${framesUp} frames to Roxom, ${framesDown} to the browser`,
    );
    // Sockets that do not finish their closing handshake are cut off.
    const cutoff = setTimeout(() => {
      browser.terminate();
      upstream.terminate();
    }, 2_000);
    cutoff.unref?.();
    let open = 2;
    const settled = () => {
      if (--open === 0) {
        clearTimeout(cutoff);
        resolveDone();
      }
    };
    for (const side of [browser, upstream]) {
      if (side.readyState === WebSocket.CLOSED) settled();
      else side.once('close', settled);
    }
  }

  return {
    close(code, reason) {
      finish('relay', code, reason);
    },
    done,
  };
}

/** Close codes a server may send that mean something of their own; the rest become 1011. */
function relayable(code: number): boolean {
  return (
    (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014 && code !== 1010) || (code >= 3000 && code <= 4999)
  );
}

/** `ws` reports a refused upgrade as "Unexpected server response: 401". Only status and error codes are kept. */
function describeUpstreamError(error: Error, opened: boolean): string {
  const status = /Unexpected server response: (\d{3})/.exec(error.message)?.[1];
  if (status)
    return `Roxom refused the relay's connection (HTTP ${status}${status === '401' || status === '403' ? ': check apiKey and privateKeyFile' : ''})`;
  if (/handshake has timed out/i.test(error.message)) return 'Roxom did not accept the connection in time';
  const detail = errorCode(error) ?? 'network error';
  return opened ? `Roxom connection failed (${detail})` : `Roxom is not reachable (${detail})`;
}

function errorCode(error: Error): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join('[redacted]');
  return out;
}

/** A close reason is at most 123 bytes of UTF-8. */
function closeReason(text: string): string {
  let out = oneLine(text);
  while (Buffer.byteLength(out, 'utf8') > 123) out = out.slice(0, -1);
  return out;
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

function elapsed(from: number, to: number): string {
  return `${((to - from) / 1000).toFixed(1)} s`;
}
