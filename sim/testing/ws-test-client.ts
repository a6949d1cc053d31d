import { WebSocket } from 'ws';

export interface ReceivedFrame {
  /** Index in arrival order. */
  seq: number;
  text: string;
  /** The parsed JSON, or undefined when the text is not JSON. */
  json: unknown;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * What every simulator test client shares: records every frame and the close, and waits on
 * conditions (never on fixed sleeps, except where the absence of frames is the point). Venue clients
 * extend it with their own request shapes, `waitFor` and `flush`.
 */
export class FrameRecorder {
  readonly frames: ReceivedFrame[] = [];
  closed: { code: number; reason: string } | null = null;
  private readonly waiters = new Set<() => void>();

  protected constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const text = data.toString();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      this.frames.push({ seq: this.frames.length, text, json });
      this.notify();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.notify();
    });
  }

  /** Resolves once `socket` is open (rejects on an error before that). */
  protected static opened(socket: WebSocket): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
  }

  send(frame: unknown): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** The first frame at or after `fromSeq` that `match` accepts. */
  protected async firstFrame(
    match: (frame: ReceivedFrame) => boolean,
    fromSeq: number,
    timeoutMs: number,
  ): Promise<ReceivedFrame> {
    let found: ReceivedFrame | undefined;
    await this.until(() => {
      found = this.frames.slice(fromSeq).find(match);
      return found !== undefined;
    }, timeoutMs);
    if (!found) throw new Error('unreachable');
    return found;
  }

  /** Waits until `condition` holds (checked after every frame and every close). */
  until(condition: () => boolean, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`condition not met within ${timeoutMs} ms (${this.frames.length} frames received)`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  waitForClose(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<{ code: number; reason: string }> {
    return this.until(() => this.closed !== null, timeoutMs).then(() => this.closed ?? { code: 0, reason: '' });
  }

  close(): void {
    this.socket.terminate();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** The ZDEX-style client: JSON frames, `{"action":"ping"}` to flush. */
export class WsTestClient extends FrameRecorder {
  static async connect(url: string): Promise<WsTestClient> {
    const socket = new WebSocket(url);
    const client = new WsTestClient(socket);
    await FrameRecorder.opened(socket);
    return client;
  }

  /** Resolves with the first frame at or after `fromSeq` that matches. */
  waitFor(
    match: (json: Record<string, unknown>, frame: ReceivedFrame) => boolean,
    fromSeq = 0,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<ReceivedFrame> {
    return this.firstFrame((f) => isObject(f.json) && match(f.json, f), fromSeq, timeoutMs);
  }

  /** Sends a ping and waits for its pong: every frame the server sent before has then arrived. */
  async flush(): Promise<void> {
    const from = this.frames.length;
    this.send({ action: 'ping' });
    await this.waitFor((f) => f.event === 'pong', from);
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
