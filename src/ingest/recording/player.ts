import type { Clock, TimerHandle } from '../../venues/shared/clock';
import type { NatsFrame } from '../../venues/shared/nats-protocol';
import {
  SOCKET_CLOSED,
  SOCKET_CONNECTING,
  SOCKET_OPEN,
  type SocketFactory,
  type SocketLike,
} from '../../venues/shared/socket';
import type { RestRequest, RestResult } from '../../venues/types';
import type { RecordedFrame } from './format';

/** 1 (as recorded), 10 (ten times faster) or as fast as the pipeline takes it. */
export type ReplaySpeed = 1 | 10 | 'max';

export function parseReplaySpeed(value: string | undefined): ReplaySpeed | undefined {
  if (value === undefined || value === 'max') return 'max';
  if (value === '1' || value === '1x') return 1;
  if (value === '10' || value === '10x') return 10;
  return undefined;
}

/** At max speed, frames delivered before yielding to timers (so the ingest core flushes in between). */
const MAX_SPEED_CHUNK = 500;

export interface ReplayProgress {
  frames: number;
  delivered: number;
  done: boolean;
}

/**
 * Plays a recording as sockets: the lifecycle (src/venues/shared/managed-connection.ts) asks the
 * factory for a socket as it would for a live one, and each socket plays the recording from its `open`
 * line to its `close` line, with the recorded spacing divided by the speed. The session sees the same
 * `open`, `message`/`natsFrame` and `closed` calls as it did live; what it sends goes nowhere.
 *
 * `clock` is the replay's clock for the lifecycle: `now()` is the recorded receive time of the frame
 * being delivered, so the session stamps what it derives with the recorded times; timers are real.
 */
export class ReplayPlayer {
  private cursor = 0;
  private timer: TimerHandle | undefined;
  private socket: (SocketLike & { state: number }) | undefined;
  private at: number;
  private stopped = false;
  /** The frame a wait was last scheduled for: when that wait ends, the frame is due. */
  private waitedFor = -1;
  /** REST answers already given (each recorded answer is given once). */
  private readonly restUsed = new Set<number>();
  readonly clock: Clock;

  constructor(
    private readonly frames: readonly RecordedFrame[],
    private readonly speed: ReplaySpeed,
    private readonly timers: Clock,
    private readonly onEnd: () => void,
  ) {
    this.at = frames[0]?.t ?? timers.now();
    this.clock = {
      now: () => this.at,
      setTimeout: (fn, ms) => timers.setTimeout(fn, ms),
      clearTimeout: (handle) => timers.clearTimeout(handle),
      setInterval: (fn, ms) => timers.setInterval(fn, ms),
      clearInterval: (handle) => timers.clearInterval(handle),
    };
  }

  progress(): ReplayProgress {
    return { frames: this.frames.length, delivered: this.cursor, done: this.cursor >= this.frames.length };
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The lifecycle's REST hook: a read is answered from the recording (same path and query, else same path). */
  answer(request: RestRequest): RestResult {
    const unused = (f: RecordedFrame, i: number): f is Extract<RecordedFrame, { k: 'rest' }> =>
      f.k === 'rest' && !this.restUsed.has(i) && f.path === request.path;
    const query = JSON.stringify(request.query ?? {});
    let index = this.frames.findIndex((f, i) => unused(f, i) && JSON.stringify(f.query ?? {}) === query);
    if (index === -1) index = this.frames.findIndex(unused);
    const frame = this.frames[index];
    if (!frame || frame.k !== 'rest') return { ok: false, error: `the recording has no answer for ${request.path}` };
    this.restUsed.add(index);
    return frame.result;
  }

  readonly factory: SocketFactory = () => {
    const socket = {
      state: SOCKET_CONNECTING,
      get readyState() {
        return socket.state;
      },
      send: () => {},
      sendNats: () => {},
      close: () => {
        // The lifecycle left this socket (silence, a fatal answer): its remaining frames are skipped.
        if (socket.state === SOCKET_CLOSED) return;
        socket.state = SOCKET_CLOSED;
        this.skipToNextOpen();
      },
      onOpen: null as (() => void) | null,
      onText: null as ((text: string) => void) | null,
      onClose: null as ((code: number, reason: string) => void) | null,
      onError: null as ((message: string) => void) | null,
      onNats: null as ((frame: NatsFrame) => void) | null,
    };
    this.socket = socket;
    this.schedule(0);
    return socket;
  };

  private skipToNextOpen(): void {
    while (this.cursor < this.frames.length && this.frames[this.cursor]!.k !== 'open') this.cursor++;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.play();
    }, delay);
  }

  /** Delivers what is due on the current socket, then waits for the next frame's time (or socket). */
  private play(): void {
    const socket = this.socket;
    if (!socket || this.stopped) return;
    let delivered = 0;
    while (this.cursor < this.frames.length) {
      const frame = this.frames[this.cursor]!;
      if (frame.k === 'out' || frame.k === 'nats-out' || frame.k === 'rest') {
        this.cursor++;
        continue;
      }
      // A socket sees one open; a second one belongs to the next socket the lifecycle asks for.
      if (frame.k === 'open' && socket.state !== SOCKET_CONNECTING) {
        if (socket.state === SOCKET_OPEN) this.endSocket(socket, frame.t);
        return;
      }
      if (frame.k !== 'open' && socket.state !== SOCKET_OPEN) {
        // Frames of a socket whose open was not recorded: the socket opens first.
        this.openSocket(socket, frame.t);
        continue;
      }
      if (this.speed !== 'max' && frame.t > this.at && this.waitedFor !== this.cursor) {
        // Due after the recorded spacing (divided by the speed): wait once for this frame.
        this.waitedFor = this.cursor;
        this.schedule((frame.t - this.at) / this.speed);
        return;
      }
      if (this.speed === 'max' && delivered >= MAX_SPEED_CHUNK) return this.schedule(0);
      this.cursor++;
      delivered++;
      this.at = Math.max(this.at, frame.t);
      switch (frame.k) {
        case 'open':
          this.openSocket(socket, frame.t);
          break;
        case 'in':
          socket.onText?.(frame.text);
          break;
        case 'nats':
          socket.onNats?.(frame.frame);
          break;
        case 'close':
          socket.state = SOCKET_CLOSED;
          socket.onClose?.(frame.code, frame.reason);
          break;
      }
      if (this.socket !== socket || socket.state !== SOCKET_OPEN) break;
    }
    if (this.cursor >= this.frames.length && !this.stopped) {
      this.stopped = true;
      this.onEnd();
    }
  }

  private openSocket(socket: SocketLike & { state: number }, t: number): void {
    this.at = Math.max(this.at, t);
    socket.state = SOCKET_OPEN;
    socket.onOpen?.();
  }

  /** The recording reopened without a recorded close (the recorder stopped mid-socket): close it here. */
  private endSocket(socket: SocketLike & { state: number }, t: number): void {
    this.at = Math.max(this.at, t);
    socket.state = SOCKET_CLOSED;
    socket.onClose?.(1006, 'the recording has no close for this socket');
  }
}
