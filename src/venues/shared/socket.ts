import type { NatsCommand, NatsFrame } from './nats-protocol';

/**
 * The smallest socket surface the lifecycle needs. `ManagedConnection` never touches a platform
 * WebSocket: it asks a `SocketFactory`, so the same code runs against the browser's `WebSocket`,
 * the `ws` package in Node, or an in-memory fake in tests.
 */

export const SOCKET_CONNECTING = 0;
export const SOCKET_OPEN = 1;
export const SOCKET_CLOSING = 2;
export const SOCKET_CLOSED = 3;

export interface SocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed (the WebSocket constants). */
  readonly readyState: number;
  send(text: string): void;
  close(code?: number, reason?: string): void;
  onOpen: (() => void) | null;
  /** A text frame (binary frames are decoded as UTF-8 by the wrappers). */
  onText: ((text: string) => void) | null;
  onClose: ((code: number, reason: string) => void) | null;
  /** The platform reported an error; a close follows. `message` may be empty (browsers say nothing). */
  onError: ((message: string) => void) | null;
  /**
   * The NATS transport only (./nats-socket.ts): a typed frame, never text. The lifecycle hands it to
   * the session's `natsFrame` as is.
   */
  onNats?: ((frame: NatsFrame) => void) | null;
  /** The NATS transport only: carries out a typed command (throws a TypeError for a malformed one). */
  sendNats?(command: NatsCommand): void;
}

export type SocketFactory = (url: string, protocols?: string[]) => SocketLike;

/** The platform events a wrapper forwards; `data` is a frame as the platform delivers it. */
export interface PlatformSocketEvents {
  open(): void;
  message(data: unknown): void;
  close(code: number, reason: string): void;
  error(message: string): void;
}

/** The part of a platform socket (browser `WebSocket`, `ws`) that needs no event typing. */
export interface PlatformSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

const utf8 = new TextDecoder();

function frameText(data: unknown): string {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return utf8.decode(data);
  if (ArrayBuffer.isView(data)) return utf8.decode(data);
  // A Blob or fragments: no venue sends these; hand the session something it will reject.
  return '';
}

/**
 * Adapts a platform socket to `SocketLike`. `bind` attaches the platform's own listeners (typed by
 * the platform) and forwards them; this keeps each platform's event types out of the shared code.
 */
export function wrapPlatformSocket(socket: PlatformSocket, bind: (events: PlatformSocketEvents) => void): SocketLike {
  const wrapped: SocketLike = {
    get readyState() {
      return socket.readyState;
    },
    send: (text) => socket.send(text),
    close: (code, reason) => socket.close(code, reason),
    onOpen: null,
    onText: null,
    onClose: null,
    onError: null,
  };
  bind({
    open: () => wrapped.onOpen?.(),
    message: (data) => wrapped.onText?.(frameText(data)),
    close: (code, reason) => wrapped.onClose?.(code, reason),
    error: (message) => wrapped.onError?.(message),
  });
  return wrapped;
}

/** The browser (and worker) factory: `new WebSocket`. */
export const browserSocketFactory: SocketFactory = (url, protocols) => {
  const socket = new WebSocket(url, protocols);
  socket.binaryType = 'arraybuffer';
  return wrapPlatformSocket(socket, (events) => {
    socket.onopen = () => events.open();
    socket.onmessage = (event) => events.message(event.data);
    socket.onclose = (event) => events.close(event.code, event.reason);
    // Browsers give no detail on purpose; the close that follows carries the code.
    socket.onerror = () => events.error('');
  });
};
