import type { NatsCommand, NatsFrame } from '../nats-protocol';
import {
  SOCKET_CLOSED,
  SOCKET_CLOSING,
  SOCKET_CONNECTING,
  SOCKET_OPEN,
  type SocketFactory,
  type SocketLike,
} from '../socket';

/**
 * An in-memory socket for lifecycle tests. The test plays the server: `accept()`, `push(text)`,
 * `drop(code)`. A client `close()` only records the request (like a browser, the close event comes
 * later, if ever): `deliverClose()` sends it, so tests can check that late events are fenced off.
 */
export class FakeSocket implements SocketLike {
  readyState: number = SOCKET_CONNECTING;
  readonly sent: string[] = [];
  closeRequest: { code: number | undefined; reason: string | undefined } | undefined;
  onOpen: (() => void) | null = null;
  onText: ((text: string) => void) | null = null;
  onClose: ((code: number, reason: string) => void) | null = null;
  onError: ((message: string) => void) | null = null;

  constructor(
    readonly url: string,
    readonly protocols: string[] | undefined,
  ) {}

  send(text: string): void {
    if (this.readyState !== SOCKET_OPEN) throw new Error('InvalidStateError: socket is not open');
    this.sent.push(text);
  }

  close(code?: number, reason?: string): void {
    if (this.readyState >= SOCKET_CLOSING) return;
    this.readyState = SOCKET_CLOSING;
    this.closeRequest = { code, reason };
  }

  // ---- the server side ----
  accept(): void {
    this.readyState = SOCKET_OPEN;
    this.onOpen?.();
  }

  /** Delivers a frame even if the client already closed: a late frame from the network. */
  push(text: string): void {
    this.onText?.(text);
  }

  /** The server (or the network) ends the connection. */
  drop(code = 1006, reason = ''): void {
    this.readyState = SOCKET_CLOSED;
    this.onClose?.(code, reason);
  }

  /** The close event a client `close()` eventually produces. */
  deliverClose(): void {
    const { code = 1005, reason = '' } = this.closeRequest ?? {};
    this.drop(code, reason);
  }

  fail(message = ''): void {
    this.onError?.(message);
  }
}

/**
 * The NATS transport's side of a fake socket: typed commands are recorded in `commands`, and the test
 * plays the server with `pushNats(frame)`. Text is refused, like nats-socket.ts refuses it.
 */
export class FakeNatsSocket extends FakeSocket {
  readonly commands: NatsCommand[] = [];
  onNats: ((frame: NatsFrame) => void) | null = null;

  override send(_text: string): void {
    throw new TypeError('the NATS transport takes typed commands (sendNats), not text');
  }

  sendNats(command: NatsCommand): void {
    if (this.readyState !== SOCKET_OPEN) throw new Error('InvalidStateError: socket is not open');
    this.commands.push(command);
  }

  /** Delivers a typed frame even if the client already closed: a late frame from the network. */
  pushNats(frame: NatsFrame): void {
    this.onNats?.(frame);
  }
}

/** A factory that records every socket it makes; `latest` is the newest. */
export class FakeSocketFactory {
  readonly sockets: FakeSocket[] = [];
  /** When set, the next call throws this instead of making a socket. */
  throwNext: Error | undefined;

  readonly create: SocketFactory = (url, protocols) => {
    if (this.throwNext) {
      const error = this.throwNext;
      this.throwNext = undefined;
      throw error;
    }
    const socket = new FakeSocket(url, protocols);
    this.sockets.push(socket);
    return socket;
  };

  get latest(): FakeSocket {
    const socket = this.sockets.at(-1);
    if (!socket) throw new Error('no socket was created');
    return socket;
  }
}
