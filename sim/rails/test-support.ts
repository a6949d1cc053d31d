import { WebSocket } from 'ws';
import type { VenueFrontEnd } from '../shared/front-end';
import type { RailsCredential, RailsTuning } from './server';
import type { ExchangeCore } from '../core/exchange';
import { railsFrontEnd } from './server';
import { startFrontEndRig, type RigOptions } from '../testing/front-end-rig';
import { FrameRecorder, isObject, type ReceivedFrame } from '../testing/ws-test-client';

/** Test helpers: a Rails front end on its own core (sim/venues.ts is not ours to edit), and a real `ws` client. */

export interface RailsUnderTest {
  core: ExchangeCore;
  rails: VenueFrontEnd<RailsCredential>;
  /** The WebSocket URL with `market` and `subscriptions`. */
  wsUrl(market: string, subscriptions?: string[]): string;
  stop(): Promise<void>;
}

export type StartOptions = RigOptions<RailsTuning>;

/** Fast account activity, a light public feed, no funding, on a free port. */
export async function startRails(options: StartOptions = {}): Promise<RailsUnderTest> {
  const {
    core,
    frontEnd: rails,
    stop,
  } = await startFrontEndRig(options, {}, (core) =>
    railsFrontEnd.start({ core, seed: 7, host: '127.0.0.1', port: 0, tuning: options.tuning ?? {} }),
  );
  return {
    core,
    rails,
    wsUrl: (market, subscriptions) => {
      const query = new URLSearchParams({ market });
      if (subscriptions) query.set('subscriptions', subscriptions.join(','));
      return `${rails.url}/?${query.toString()}`;
    },
    stop,
  };
}

export type Frame = ReceivedFrame;

/** A loose view of a Rails frame for assertions. */
export interface LooseFrame {
  resultType?: string;
  market?: string;
  data?: unknown;
}

export const loose = (f: Frame): LooseFrame => (isObject(f.json) ? (f.json as LooseFrame) : {});

const TIMEOUT_MS = 10_000;

/** A Rails client on the shared recorder: `{message, content}` requests, `resultType` frames. */
export class RailsTestClient extends FrameRecorder {
  /** Connects with `authorization#<token>` as the subprotocol. */
  static async connect(url: string, token: string): Promise<RailsTestClient> {
    const socket = new WebSocket(url, [`authorization#${token}`]);
    const client = new RailsTestClient(socket);
    await FrameRecorder.opened(socket);
    return client;
  }

  /** The first frame at or after `from` whose resultType (and optional test) match. */
  waitFor(
    resultType: string,
    from = 0,
    test: (f: LooseFrame) => boolean = () => true,
    timeoutMs = TIMEOUT_MS,
  ): Promise<Frame> {
    return this.firstFrame((f) => loose(f).resultType === resultType && test(loose(f)), from, timeoutMs);
  }

  /** Frames of one resultType from `from` on. */
  of(resultType: string, from = 0): Frame[] {
    return this.frames.slice(from).filter((f) => loose(f).resultType === resultType);
  }

  /** A ping and its pong: every frame the server sent before has then arrived. Returns the pong. */
  async flush(): Promise<Frame> {
    const id = `flush-${this.frames.length}-${Math.random()}`;
    this.send({ message: 'ping', content: { clientRequestId: id } });
    return this.waitFor('pong', 0, (f) => (f.data as { clientRequestId?: string }).clientRequestId === id);
  }
}

/** What the client saw when the server refused the upgrade (via the `unexpected-response` event). */
export function refusedUpgrade(url: string, protocols: string[] = []): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols);
    socket.on('unexpected-response', (request, response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, body });
      });
    });
    socket.on('open', () => {
      socket.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    socket.on('error', (error) => {
      // After an unexpected response, ws reports the aborted request as an error: ignore it.
      if (!String(error.message).includes('aborted')) reject(error);
    });
  });
}

export { isObject };

/** JWT payload, decoded without checking (tests look at the claims). */
export function jwtClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
