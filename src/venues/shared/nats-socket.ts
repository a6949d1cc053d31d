import {
  connect,
  headers as natsHeaders,
  type ConnectionOptions,
  type Msg,
  type MsgHdrs,
  type NatsConnection,
  type Subscription,
} from 'nats.ws';
import { startJsSubscription, type JsSubscription } from './nats-jetstream';
import type { WebSocketEndpoint } from '../types';
import {
  NATS_CLOSE_ABNORMAL,
  NATS_CLOSE_AUTH,
  NATS_DEFAULT_REQUEST_TIMEOUT_MS,
  NATS_REPLY_NO_RESPONDERS,
  NATS_REPLY_TIMEOUT,
  jetStreamPosition,
  natsCommandProblem,
  type NatsCommand,
  type NatsFrame,
  type NatsHeaders,
  type NatsMessage,
} from './nats-protocol';
import {
  SOCKET_CLOSED,
  SOCKET_CLOSING,
  SOCKET_CONNECTING,
  SOCKET_OPEN,
  type SocketFactory,
  type SocketLike,
} from './socket';

/**
 * NATS over WebSocket as a `SocketLike` (nats.ws 1.x `connect`), so a NATS venue runs on the shared
 * lifecycle unchanged: the lifecycle still owns reconnects (the client is created with
 * `reconnect: false`), backoff, fencing, heartbeat and the silence watchdog. Instead of text it
 * carries the typed commands and frames of ./nats-protocol.ts (`sendNats`, `onNats`): each message's
 * payload is decoded once, here, and nothing is encoded or parsed again on the way to the session.
 *
 * - `onOpen`: the NATS connection is established (INFO received, CONNECT accepted).
 * - `onClose(code, reason)`: the connection ended. A credential the server refused
 *   (`Authorization Violation`, `Authentication Expired`, `Account Expired`) is code 4401
 *   (`NATS_CLOSE_AUTH`) with the server's text; everything else is 1006 with the client's message;
 *   a client `close(code, reason)` reports that code and reason.
 * - A refused credential at CONNECT is reported as open-then-close 4401: the WebSocket did open and
 *   the server spoke (INFO, then `-ERR 'Authorization Violation'`), like a venue that rejects a token
 *   after the upgrade; this way the session's `closed()` sees the code and can make it fatal. Any other
 *   failure before the connection is established (refused, DNS, TLS, timeout) is `onClose(1006, message)`
 *   without `onOpen`, so the lifecycle calls the session's `handshakeFailed`.
 * - Commands sent while the socket is not open throw (like `WebSocket.send`); a malformed command
 *   throws a TypeError (the lifecycle records it); so does text (`send`): NATS takes commands only. A failure to carry out a valid command (bad
 *   subject, permissions) comes back as a `status` error frame.
 * - Works wherever a global `WebSocket` exists: browsers and module Web Workers. In Node tests set
 *   `globalThis.WebSocket` to the `ws` package's before creating a socket.
 */

export interface NatsSocketOptions {
  /** The NATS CONNECT `token` (CoinSwitch `authMode: "connect"`). Never logged. */
  token?: string;
  /** Client name shown in the server's connection list. */
  name?: string;
  /** NATS client PING interval; the library closes the connection after `maxPingOut` missed PONGs. */
  pingIntervalMs?: number;
  maxPingOut?: number;
  /** Give up on the connection attempt after this long (the lifecycle has its own 10 s timeout too). */
  connectTimeoutMs?: number;
}

/**
 * A `SocketFactory` (the third argument is optional, so it is assignable to one) that opens NATS
 * connections; `options.token` is the CONNECT token.
 */
export type NatsSocketFactory = (url: string, protocols?: string[], options?: NatsSocketOptions) => SocketLike;

export const NATS_SOCKET_DEFAULTS: Required<Omit<NatsSocketOptions, 'token'>> = {
  name: 'venueboard',
  pingIntervalMs: 30_000,
  maxPingOut: 2,
  connectTimeoutMs: 10_000,
};

/** The real factory. WebSocket subprotocols mean nothing to NATS and are ignored. */
export const natsSocketFactory: NatsSocketFactory = (url, _protocols, options = {}) =>
  new NatsSocket(url, options, connect);

/**
 * The `SocketFactory` for one connection of a `transport: 'nats'` adapter: the CONNECT token is the
 * endpoint's `natsToken`, read for every new socket (so a renewed credential is used on the next
 * reconnect). `endpoint` is the adapter's `endpoint(config, options)`.
 */
export function natsSocketFactoryFor(
  endpoint: () => WebSocketEndpoint,
  factory: NatsSocketFactory = natsSocketFactory,
): SocketFactory {
  return (url, protocols) => {
    const token = endpoint().natsToken;
    return factory(url, protocols, token === undefined ? {} : { token });
  };
}

type Connect = (options: ConnectionOptions) => Promise<NatsConnection>;

const utf8Decoder = new TextDecoder();
const utf8Encoder = new TextEncoder();

/** NATS error codes that mean "the server refused this credential". */
const AUTH_ERROR_CODES = new Set([
  'AUTHORIZATION_VIOLATION',
  'AUTHENTICATION_EXPIRED',
  'ACCOUNT_EXPIRED',
  'BAD_AUTHENTICATION',
  'BAD_CREDS',
]);

export class NatsSocket implements SocketLike {
  private state: number = SOCKET_CONNECTING;
  onOpen: (() => void) | null = null;
  onText: ((text: string) => void) | null = null;
  onClose: ((code: number, reason: string) => void) | null = null;
  onError: ((message: string) => void) | null = null;
  onNats: ((frame: NatsFrame) => void) | null = null;

  private nc: NatsConnection | undefined;
  private readonly subs = new Map<string, Subscription>();
  /** JetStream consumers (`js-sub`, kept in order like ordered consumers), by sid. */
  private readonly jsSubs = new Map<string, JsSubscription>();
  private closeRequest: { code: number; reason: string } | undefined;
  private finished = false;

  constructor(url: string, options: NatsSocketOptions, connectFn: Connect = connect) {
    void this.start(url, { ...NATS_SOCKET_DEFAULTS, ...options }, connectFn);
  }

  get readyState(): number {
    return this.state;
  }

  send(_text: string): void {
    throw new TypeError('the NATS transport takes typed commands (sendNats), not text');
  }

  sendNats(command: NatsCommand): void {
    if (this.state !== SOCKET_OPEN) throw new Error('InvalidStateError: the NATS connection is not open');
    const nc = this.nc;
    // Open only to report a refused credential: the close follows at once, the command goes nowhere.
    if (!nc) return;
    const problem = natsCommandProblem(command);
    if (problem !== undefined) throw new TypeError(`not a NATS transport command: ${problem}`);
    this.run(nc, command);
  }

  close(code?: number, reason?: string): void {
    if (this.state >= SOCKET_CLOSING) return;
    this.state = SOCKET_CLOSING;
    this.closeRequest = { code: code ?? 1000, reason: reason ?? '' };
    const nc = this.nc;
    // While connecting, start() closes the connection once the attempt settles.
    if (nc) nc.close().catch(() => this.finish(this.closeRequest?.code ?? 1000, this.closeRequest?.reason ?? ''));
  }

  // ---- connection ----------------------------------------------------------------------------

  private async start(
    url: string,
    options: Required<Omit<NatsSocketOptions, 'token'>> & NatsSocketOptions,
    connectFn: Connect,
  ): Promise<void> {
    const connectOptions: ConnectionOptions = {
      servers: url,
      // Reconnects belong to the lifecycle: it re-runs the session's open() (re-auth, resubscribe).
      reconnect: false,
      maxReconnectAttempts: 0,
      waitOnFirstConnect: false,
      ignoreClusterUpdates: true,
      name: options.name,
      pingInterval: options.pingIntervalMs,
      maxPingOut: options.maxPingOut,
      timeout: options.connectTimeoutMs,
    };
    if (options.token !== undefined) connectOptions.token = options.token;
    let nc: NatsConnection;
    try {
      nc = await connectFn(connectOptions);
    } catch (error) {
      if (this.closeRequest) return this.finish(this.closeRequest.code, this.closeRequest.reason);
      const close = natsCloseOf(error);
      if (close.code === NATS_CLOSE_AUTH) {
        this.state = SOCKET_OPEN;
        dispatch(() => this.onOpen?.());
      }
      return this.finish(close.code, close.reason);
    }
    if (this.closeRequest) {
      await nc.close().catch(() => undefined);
      return this.finish(this.closeRequest.code, this.closeRequest.reason);
    }
    this.nc = nc;
    this.state = SOCKET_OPEN;
    void this.watchStatus(nc);
    nc.closed().then(
      (error) => this.ended(error),
      (error: unknown) => this.ended(error),
    );
    dispatch(() => this.onOpen?.());
  }

  private ended(error: unknown): void {
    const request = this.closeRequest;
    if (request) return this.finish(request.code, request.reason);
    const close = natsCloseOf(error ?? undefined);
    this.finish(close.code, close.reason);
  }

  private finish(code: number, reason: string): void {
    if (this.finished) return;
    this.finished = true;
    this.state = SOCKET_CLOSED;
    this.subs.clear();
    for (const js of this.jsSubs.values()) js.stop();
    this.jsSubs.clear();
    this.nc = undefined;
    dispatch(() => this.onClose?.(code, reason));
  }

  private async watchStatus(nc: NatsConnection): Promise<void> {
    try {
      for await (const status of nc.status()) {
        switch (status.type) {
          case 'ldm':
            this.deliver({ op: 'status', type: 'ldm' });
            break;
          case 'staleConnection':
            this.deliver({ op: 'status', type: 'staleConnection' });
            break;
          case 'error': {
            const context = status.permissionContext;
            // A subscription's own callback reports its failure, with its sid.
            if (context?.operation === 'subscription') break;
            const frame: NatsFrame = {
              op: 'status',
              type: 'error',
              data: typeof status.data === 'string' ? status.data : 'error',
            };
            if (context) {
              frame.operation = context.operation;
              frame.subject = context.subject;
            }
            this.deliver(frame);
            break;
          }
          default:
            // disconnect (a close follows), reconnect (never: reconnect is off), update, pingTimer (local, not a sign of life).
            break;
        }
      }
    } catch {
      // The iterator ends with the connection.
    }
  }

  // ---- commands ------------------------------------------------------------------------------

  private run(nc: NatsConnection, command: NatsCommand): void {
    switch (command.op) {
      case 'sub':
        return this.subscribe(nc, command.sid, command.subject, command.queue);
      case 'unsub': {
        const sub = this.subs.get(command.sid);
        this.subs.delete(command.sid);
        sub?.unsubscribe();
        this.jsSubs.get(command.sid)?.stop();
        this.jsSubs.delete(command.sid);
        return;
      }
      case 'js-sub': {
        this.jsSubs.get(command.sid)?.stop();
        const js = startJsSubscription(nc, command, (frame) => this.deliver(frame));
        this.jsSubs.set(command.sid, js);
        return;
      }
      case 'request': {
        const { id, subject, data } = command;
        const timeout = command.timeoutMs ?? NATS_DEFAULT_REQUEST_TIMEOUT_MS;
        let pending: Promise<Msg>;
        try {
          pending = nc.request(subject, utf8Encoder.encode(data), {
            timeout,
            ...(command.headers ? { headers: toMsgHdrs(command.headers) } : {}),
          });
        } catch (error) {
          return this.later({ op: 'reply', id, error: replyError(error) });
        }
        pending.then(
          (msg) => {
            const headers = fromMsgHdrs(msg.headers);
            this.deliver({ op: 'reply', id, data: utf8Decoder.decode(msg.data), ...(headers ? { headers } : {}) });
          },
          (error: unknown) => this.deliver({ op: 'reply', id, error: replyError(error) }),
        );
        return;
      }
      case 'pub':
        try {
          nc.publish(
            command.subject,
            utf8Encoder.encode(command.data),
            command.headers ? { headers: toMsgHdrs(command.headers) } : undefined,
          );
        } catch (error) {
          this.later({
            op: 'status',
            type: 'error',
            operation: 'publish',
            subject: command.subject,
            data: messageOf(error),
          });
        }
        return;
      case 'ping':
        nc.rtt().then(
          (rttMs) => this.deliver({ op: 'status', type: 'pong', rttMs }),
          (error: unknown) =>
            this.deliver({ op: 'status', type: 'error', operation: 'ping', data: `ping failed: ${messageOf(error)}` }),
        );
        return;
    }
  }

  private subscribe(nc: NatsConnection, sid: string, subject: string, queue: string | undefined): void {
    const previous = this.subs.get(sid);
    this.subs.delete(sid);
    previous?.unsubscribe();
    try {
      const sub: Subscription = nc.subscribe(subject, {
        ...(queue === undefined ? {} : { queue }),
        callback: (error, msg) => {
          if (error) {
            if (this.subs.get(sid) === sub) this.subs.delete(sid);
            this.deliver({
              op: 'status',
              type: 'error',
              operation: 'subscription',
              sid,
              subject,
              data: messageOf(error),
            });
            return;
          }
          this.deliver(messageFrame(sid, msg));
        },
      });
      this.subs.set(sid, sub);
    } catch (error) {
      this.later({ op: 'status', type: 'error', operation: 'subscription', sid, subject, data: messageOf(error) });
    }
  }

  /** A frame to the session, only while the connection is open and nobody asked to close it. */
  private deliver(frame: NatsFrame): void {
    if (this.state !== SOCKET_OPEN || this.closeRequest) return;
    dispatch(() => this.onNats?.(frame));
  }

  /** A frame about a command, after `send` returned (a socket never answers inside `send`). */
  private later(frame: NatsFrame): void {
    queueMicrotask(() => this.deliver(frame));
  }
}

/** A delivered message as the session sees it: payload decoded once, headers and JetStream position when present. */
export function messageFrame(sid: string, msg: Pick<Msg, 'subject' | 'data' | 'reply' | 'headers'>): NatsMessage {
  const frame: NatsMessage = { op: 'msg', sid, subject: msg.subject, data: utf8Decoder.decode(msg.data) };
  if (msg.reply) frame.reply = msg.reply;
  const headers = fromMsgHdrs(msg.headers);
  if (headers) frame.headers = headers;
  const jetStream = jetStreamPosition(msg.reply);
  if (jetStream) frame.jetStream = jetStream;
  return frame;
}

function fromMsgHdrs(headers: MsgHdrs | undefined): NatsHeaders | undefined {
  if (!headers) return undefined;
  const out: NatsHeaders = {};
  for (const [name, values] of headers) out[name] = [...values];
  return Object.keys(out).length > 0 ? out : undefined;
}

function toMsgHdrs(headers: NatsHeaders): MsgHdrs {
  const out = natsHeaders();
  for (const [name, values] of Object.entries(headers)) for (const value of values) out.append(name, value);
  return out;
}

/**
 * Calls a handler like a browser calls an event listener: an exception is reported (rethrown on its
 * own, as an uncaught error) but never reaches nats.ws, whose parser or subscription would suffer.
 */
function dispatch(handler: () => void): void {
  try {
    handler();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

/** The close code and reason for how a NATS connection (attempt) ended. */
export function natsCloseOf(error: unknown): { code: number; reason: string } {
  if (error === undefined || error === null)
    return { code: NATS_CLOSE_ABNORMAL, reason: 'NATS connection closed by the server' };
  const code = codeOf(error);
  // The server's -ERR text arrives quoted: 'Authorization Violation'.
  const message = messageOf(error).replace(/^'(.*)'$/, '$1');
  if (code !== undefined && AUTH_ERROR_CODES.has(code))
    return { code: NATS_CLOSE_AUTH, reason: message || 'Authorization Violation' };
  return { code: NATS_CLOSE_ABNORMAL, reason: message || (code ?? 'NATS connection failed') };
}

function replyError(error: unknown): string {
  const code = codeOf(error);
  // nats.ws: ErrorCode.NoResponders is "503", ErrorCode.Timeout is "TIMEOUT".
  if (code === '503') return NATS_REPLY_NO_RESPONDERS;
  if (code === 'TIMEOUT') return NATS_REPLY_TIMEOUT;
  return messageOf(error) || code || 'request failed';
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  if (typeof error === 'string') return error;
  if (typeof error !== 'object' || error === null) return '';
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' ? message : '';
}
