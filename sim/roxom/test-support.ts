import { sign } from 'node:crypto';
import { WebSocket } from 'ws';
import type { VenueFrontEnd } from '../shared/front-end';
import type { RoxomCredential, RoxomTuning } from './server';
import type { ExchangeCore } from '../core/exchange';
import { roxomFrontEnd } from './server';
import { startFrontEndRig, type RigOptions } from '../testing/front-end-rig';
import { FrameRecorder, isObject, type ReceivedFrame } from '../testing/ws-test-client';
import { type Num, ZERO, num, text } from '../core/num';

/** Test support: a Roxom front end on its own core (sim/venues.ts is not edited here) and a real `ws` client. */

export interface RoxomUnderTest {
  core: ExchangeCore;
  roxom: VenueFrontEnd<RoxomCredential>;
  stop(): Promise<void>;
}

export type StartOptions = RigOptions<RoxomTuning>;

/** Fast account activity, a light public feed, no funding, no notices, on a free port. */
export async function startRoxom(options: StartOptions = {}): Promise<RoxomUnderTest> {
  const {
    core,
    frontEnd: roxom,
    stop,
  } = await startFrontEndRig(options, { publicRateScale: 0.05 }, (core) =>
    roxomFrontEnd.start({
      core,
      seed: 7,
      host: '127.0.0.1',
      port: 0,
      tuning: { noticeIntervalMs: 0, ...options.tuning },
    }),
  );
  return { core, roxom, stop };
}

/** What the relay sends: base64 RSA PKCS#1 v1.5 SHA-256 of "GET:/ws", signed here with node:crypto. */
export function signedHeaders(credential: RoxomCredential, payload = 'GET:/ws'): Record<string, string> {
  const signature = sign('sha256', Buffer.from(payload, 'utf8'), credential.privateKeyPem).toString('base64');
  return { 'X-API-Key': credential.apiKey, 'X-API-Signature': signature };
}

export type Frame = ReceivedFrame;

export interface Loose {
  event?: string;
  code?: string;
  msg?: string;
  connId?: string;
  args?: unknown;
  type?: string;
  topic?: string;
  data?: unknown;
}

export const loose = (f: Frame): Loose => (isObject(f.json) ? (f.json as Loose) : {});

const TIMEOUT_MS = 10_000;

/** A Roxom client on the shared recorder: signed upgrade headers, `type` frames, WS control pings. */
export class RoxomTestClient extends FrameRecorder {
  /** Opens the socket with the given headers (resolves once open, whatever the server then says). */
  static async connect(url: string, headers: Record<string, string>): Promise<RoxomTestClient> {
    const socket = new WebSocket(url, { headers });
    const client = new RoxomTestClient(socket);
    await FrameRecorder.opened(socket);
    return client;
  }

  static signed(credential: RoxomCredential): Promise<RoxomTestClient> {
    return RoxomTestClient.connect(credential.url, signedHeaders(credential));
  }

  of(type: string, from = 0): Frame[] {
    return this.frames.slice(from).filter((f) => loose(f).type === type);
  }

  waitFor(test: (f: Loose) => boolean, from = 0, timeoutMs = TIMEOUT_MS): Promise<Frame> {
    return this.firstFrame((f) => test(loose(f)), from, timeoutMs);
  }

  /** A WS control ping and its pong: every frame the server sent before has then arrived. */
  flush(timeoutMs = TIMEOUT_MS): Promise<void> {
    return new Promise((resolve, reject) => {
      const payload = Buffer.from(`flush-${this.frames.length}-${Math.random()}`);
      const timer = setTimeout(() => {
        this.socket.off('pong', onPong);
        reject(new Error('no pong'));
      }, timeoutMs);
      const onPong = (data: Buffer) => {
        if (!data.equals(payload)) return;
        clearTimeout(timer);
        this.socket.off('pong', onPong);
        resolve();
      };
      this.socket.on('pong', onPong);
      this.socket.ping(payload);
    });
  }
}

export { isObject };

/** Every `"<key>":<integer>` in a frame's raw text, as exact BigInts. */
export function rawIntegers(text: string, key: string): bigint[] {
  return [...text.matchAll(new RegExp(`"${key}":(-?\\d+)`, 'g'))].map((m) => BigInt(m[1] ?? '0'));
}

export interface DerivedFill {
  fillId: string;
  orderId: string;
  symbol: string;
  side: string;
  price: string;
  quantity: string;
  fee: string;
}

/**
 * What a client derives from `order` frames (there is no fills channel): each growth of the cumulative
 * executedQty is one fill, id `<orderId>:<executedQty>`, price fillPx, fee the growth of filledFees.
 * Frames seen twice (same orderId, executedQty, status) are skipped.
 */
export function deriveFills(frames: Frame[]): DerivedFill[] {
  const seen = new Set<string>();
  const last = new Map<string, { executed: Num; fees: Num }>();
  const fills: DerivedFill[] = [];
  for (const f of frames) {
    const { type, data } = loose(f);
    if (type !== 'order' || !isObject(data)) continue;
    const o = data as Record<string, string>;
    const key = `${o.orderId}|${o.executedQty}|${o.status}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const orderId = o.orderId ?? '';
    const before = last.get(orderId) ?? { executed: ZERO, fees: ZERO };
    const executed = num(o.executedQty ?? '0');
    const fees = num(o.filledFees ?? '0');
    last.set(orderId, { executed, fees });
    if (!executed.gt(before.executed)) continue;
    fills.push({
      fillId: `${orderId}:${text(executed)}`,
      orderId,
      symbol: o.symbol ?? '',
      side: o.side ?? '',
      price: o.fillPx ?? '',
      quantity: text(executed.minus(before.executed)),
      fee: text(fees.minus(before.fees)),
    });
  }
  return fills;
}
