import type { ConnectionConfig } from '../../domain/connection-config';
import type { Clock } from '../../venues/shared/clock';
import { scrubSecrets, secretStrings } from '../../venues/shared/redact';
import type { SocketFactory, SocketLike } from '../../venues/shared/socket';
import type { RestRequest, RestResult } from '../../venues/types';
import {
  authShape,
  frameLine,
  headerLine,
  RECORDING_FORMAT,
  RECORDING_VERSION,
  urlShape,
  type RecordedFrame,
} from './format';

/** Where recorded lines go (an array the page downloads, a file the collector appends to). */
export type RecordingSink = (line: string) => void;

/**
 * A socket's opening frames kept for a recording that starts later on that socket: at most this many...
 * (ZDEX pushes ~150 public frames a second: about half a minute of them).
 */
export const PRELUDE_MAX_FRAMES = 5_000;
/** ...and this many characters. */
export const PRELUDE_MAX_CHARS = 8 * 1024 * 1024;

/**
 * Sits between a connection's lifecycle and its sockets and writes what passes to a recording while
 * one is on. Incoming frames are kept as received, with the connection's secret values replaced;
 * outgoing ones are scrubbed like a shown reason (secret values, `"token":"…"`-style pairs, JWTs).
 *
 * A recording started mid-socket begins with that socket's opening frames (the venue's handshake and
 * full state), kept since it opened up to a bound, so the replay's session starts like the live one.
 */
export class RecordingTap {
  private sink: RecordingSink | undefined;
  private headerDue = false;
  private prelude: string[] = [];
  private preludeChars = 0;
  /** Whether every frame since the current socket opened is in `prelude` (false also between sockets). */
  private preludeComplete = false;
  /** Values from the current socket's URL query and subprotocols (some venues carry a token there). */
  private endpointSecrets: string[] = [];
  /** The receive time of the frame being delivered (see `lifecycleClock`). */
  private delivering: number | undefined;
  /** The socket being recorded (its frames, from its open to its close). */
  private current: SocketLike | undefined;

  constructor(
    private config: () => ConnectionConfig,
    private readonly clock: Clock,
  ) {}

  /** The connection was replaced (new settings): secrets and the header come from its config now. */
  setConfig(config: () => ConnectionConfig): void {
    this.config = config;
  }

  get recording(): boolean {
    return this.sink !== undefined;
  }

  /**
   * Records from now on. Between sockets the header waits for the next socket's open, so it describes
   * the credential that socket uses (a keyring connection fetches its credential before each socket).
   */
  start(sink: RecordingSink): void {
    this.sink = sink;
    this.headerDue = true;
    if (this.current !== undefined) this.writeHeader(true);
  }

  private writeHeader(midStream: boolean): void {
    if (!this.sink || !this.headerDue) return;
    this.headerDue = false;
    const config = this.config();
    this.sink(
      headerLine({
        format: RECORDING_FORMAT,
        version: RECORDING_VERSION,
        venue: config.venue,
        connectionId: config.id,
        label: config.label,
        options: JSON.parse(this.scrubOut(JSON.stringify(config.options))) as Record<string, unknown>,
        authShape: this.scrubInValue(authShape(config.auth)),
        urlShape: this.scrubIn(urlShape(config.url)),
        startedAt: this.clock.now(),
        ...(midStream ? { midStream: true, preludeComplete: this.preludeComplete } : {}),
      }),
    );
    if (midStream) for (const line of this.prelude) this.sink(line);
  }

  stop(): void {
    this.sink = undefined;
    this.headerDue = false;
  }

  /** `inner`, with every socket it opens passing through this tap. */
  wrap(inner: SocketFactory): SocketFactory {
    return (url, protocols) => {
      this.endpointSecrets = [...queryValues(url), ...(protocols ?? [])];
      return this.tapSocket(inner(url, protocols));
    };
  }

  private tapSocket(socket: SocketLike): SocketLike {
    // One socket at a time is recorded (a hot standby pair has two): the first to open, until it closes.
    const write = (frame: RecordedFrame) => {
      if (this.current === socket) this.write(frame);
    };
    const tapped: SocketLike = {
      get readyState() {
        return socket.readyState;
      },
      send: (text) => {
        write({ t: this.clock.now(), k: 'out', text: this.scrubOut(text) });
        socket.send(text);
      },
      close: (code, reason) => {
        // The lifecycle leaves this socket (it may never hear its close event): the recording says so.
        if (this.current === socket) {
          write({ t: this.clock.now(), k: 'close', code: code ?? 1000, reason: this.scrubOut(reason ?? '') });
          this.current = undefined;
          this.prelude = [];
          this.preludeChars = 0;
          this.preludeComplete = false;
        }
        socket.close(code, reason);
      },
      onOpen: null,
      onText: null,
      onClose: null,
      onError: null,
    };
    socket.onOpen = () => {
      if (this.current === undefined) this.current = socket;
      if (this.current !== socket) return tapped.onOpen?.();
      this.prelude = [];
      this.preludeChars = 0;
      this.preludeComplete = true;
      this.writeHeader(false);
      const t = this.clock.now();
      write({ t, k: 'open' });
      this.at(t, () => tapped.onOpen?.());
    };
    socket.onText = (text) => {
      const t = this.clock.now();
      write({ t, k: 'in', text: this.scrubIn(text) });
      this.at(t, () => tapped.onText?.(text));
    };
    socket.onClose = (code, reason) => {
      if (this.current === socket) {
        write({ t: this.clock.now(), k: 'close', code, reason: this.scrubOut(reason) });
        this.current = undefined;
        // Nothing is kept between sockets: the next one starts its own prelude at its open.
        this.prelude = [];
        this.preludeChars = 0;
        this.preludeComplete = false;
      }
      tapped.onClose?.(code, reason);
    };
    socket.onError = (message) => tapped.onError?.(message);
    if (socket.sendNats) {
      const sendNats = socket.sendNats.bind(socket);
      tapped.onNats = null;
      tapped.sendNats = (command) => {
        write({ t: this.clock.now(), k: 'nats-out', command: this.scrubValue(command) });
        sendNats(command);
      };
      socket.onNats = (frame) => {
        const t = this.clock.now();
        write({ t, k: 'nats', frame: this.scrubInValue(frame) });
        this.at(t, () => tapped.onNats?.(frame));
      };
    }
    return tapped;
  }

  /** Writes to the recording when on, and keeps the socket's opening frames while there is room. */
  private write(frame: RecordedFrame): void {
    if (!this.sink && !this.preludeComplete) return;
    const line = frameLine(frame);
    this.sink?.(line);
    if (!this.preludeComplete) return;
    if (this.prelude.length < PRELUDE_MAX_FRAMES && this.preludeChars + line.length <= PRELUDE_MAX_CHARS) {
      this.prelude.push(line);
      this.preludeChars += line.length;
    } else this.preludeComplete = false;
  }

  /**
   * The lifecycle's clock: while a frame is delivered it reads the frame's recorded time, so the live
   * session and its replay see the same `now` (a fill stamped with its receive time replays alike).
   */
  readonly lifecycleClock: Clock = {
    now: () => this.delivering ?? this.clock.now(),
    setTimeout: (fn, ms) => this.clock.setTimeout(fn, ms),
    clearTimeout: (handle) => this.clock.clearTimeout(handle),
    setInterval: (fn, ms) => this.clock.setInterval(fn, ms),
    clearInterval: (handle) => this.clock.clearInterval(handle),
  };

  private at(t: number, deliver: () => void): void {
    const outer = this.delivering;
    this.delivering = t;
    try {
      deliver();
    } finally {
      this.delivering = outer;
    }
  }

  /** The lifecycle's REST hook: every answer the session gets is recorded (its body as received, secrets replaced). */
  answered(request: RestRequest, result: RestResult): void {
    const query = request.query ? (this.scrubValue(request.query) as Record<string, string>) : undefined;
    const safe: RestResult = result.ok
      ? { ...result, body: this.scrubIn(result.body) }
      : { ok: false, error: this.scrubOut(result.error) };
    this.write({
      t: this.clock.now(),
      k: 'rest',
      path: this.scrubOut(request.path),
      ...(query ? { query } : {}),
      result: safe,
    });
  }

  /** Every text of `auth` (a keyring reference's relay address and id are not secret: its token is). */
  private secrets(): string[] {
    const { keyring, ...auth } = this.config().auth;
    const token = typeof keyring === 'object' && keyring !== null ? (keyring as { token?: unknown }).token : keyring;
    return [...secretStrings(auth), ...secretStrings(token), ...this.endpointSecrets];
  }

  /** Incoming data is the venue's: only the connection's own secret values are replaced. */
  private scrubIn(text: string): string {
    let out = text;
    for (const secret of this.secrets()) if (out.includes(secret)) out = out.split(secret).join('[redacted]');
    return out;
  }

  private scrubInValue<T>(value: T): T {
    const text = JSON.stringify(value);
    const scrubbed = this.scrubIn(text);
    return scrubbed === text ? value : (JSON.parse(scrubbed) as T);
  }

  private scrubOut(text: string): string {
    return scrubSecrets(text, this.secrets());
  }

  /** Every string inside `value` scrubbed (a NATS command's payload is JSON inside a string). */
  private scrubValue(value: unknown): unknown {
    if (typeof value === 'string') return this.scrubOut(value);
    if (Array.isArray(value)) return value.map((item) => this.scrubValue(item));
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.scrubValue(v)]));
    return value;
  }
}

function queryValues(url: string): string[] {
  try {
    return [...new URL(url).searchParams.values()].filter((value) => value.length >= 6);
  } catch {
    return [];
  }
}
