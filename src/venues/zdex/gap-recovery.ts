import type { DomainEvent } from '../../domain/events';
import type { GapWindow, RecoveryReport } from '../types';
import type { EmittedLog } from './emitted-log';
import { compareReport, replayReport, timeoutReport, type AccountDigest } from './recovery';

/** Account frames whose "state before" is remembered, to find the state when a gap began. */
const CHECKPOINTS = 64;
/** Full states remembered, to find the first one after a gap began. */
const FULL_STATES = 8;
/**
 * How long a recovery waits for a full state before it gives up and says `partial`: one and a half
 * times the venue's ~60 s fallback push, in case the answer to the repeated auth is lost too.
 */
export const RECOVERY_WAIT_MS = 90_000;
/**
 * No frame for this long on an open socket is a stall. ZDEX auto-pushes hundreds of public frames a
 * second for every symbol (docs/venues/zdex.md, "Auto-push"), so a second of silence is never normal;
 * the lifecycle calls a stream stale only after longer (10 s).
 */
const STALL_MS = 1_000;

export type RecoverResult =
  | { report: RecoveryReport; replay?: DomainEvent[] }
  /** No full state since the gap began: ask for one; the report comes with it. */
  | { await: true };

/**
 * The session's side of a gap (recovery.ts for the rules): the state as it was when the gap began, and
 * the first full state after it.
 *
 * The lifecycle calls `recover` once the connection is live again. After a reconnect the new socket's
 * first full state has already arrived (it is what made the socket live); after a stall on an open
 * socket it has not, and the session asks for one (it authenticates again on the same socket) and the
 * report waits for it. `from` is the lifecycle's last frame before the gap, on the same clock as the
 * frames the session receives, so "the state when the gap began" is the state before the first account
 * frame received after `from`.
 *
 * A window on a socket that was open all along and never silent is not the venue's gap but the page's
 * (the ingest buffer refused events): the session emits again what it emitted since `from`.
 */
export class GapRecovery {
  private socketOpenedAt = 0;
  private lastFrameAt: number | undefined;
  /** Recent silences on open sockets (stalls). */
  private readonly silences: { from: number; to: number }[] = [];
  private readonly checkpoints: { at: number; before: AccountDigest | undefined }[] = [];
  /**
   * The next account frame may be the first after a gap began: the first on a socket, or the first
   * after a silence. Only then is the state before it worth keeping (a digest costs O(open orders)).
   */
  private checkpointDue = true;
  private evicted = false;
  private readonly fullStates: { at: number; digest: AccountDigest }[] = [];
  private awaiting: { window: GapWindow; before: AccountDigest | undefined; since: number } | undefined;

  socketOpened(now: number): void {
    this.socketOpenedAt = now;
    this.lastFrameAt = undefined;
    this.checkpointDue = true;
  }

  /** Any frame arrived on the current socket. */
  frame(now: number): void {
    if (this.lastFrameAt !== undefined && now - this.lastFrameAt >= STALL_MS) {
      this.silences.push({ from: this.lastFrameAt, to: now });
      if (this.silences.length > 16) this.silences.shift();
      this.checkpointDue = true;
    }
    this.lastFrameAt = now;
  }

  /**
   * An account frame that may change the state is about to be applied; `before` gives the state now,
   * asked only when this frame may be the first after a gap began.
   */
  beforeFrame(at: number, before: () => AccountDigest | undefined): void {
    if (!this.checkpointDue) return;
    this.checkpointDue = false;
    this.checkpoints.push({ at, before: before() });
    if (this.checkpoints.length > CHECKPOINTS) {
      this.checkpoints.shift();
      this.evicted = true;
    }
  }

  /** A full state was applied. The report, when a recovery was waiting for it. */
  fullState(at: number, digest: AccountDigest): RecoveryReport | undefined {
    this.fullStates.push({ at, digest });
    if (this.fullStates.length > FULL_STATES) this.fullStates.shift();
    const waiting = this.awaiting;
    if (!waiting) return undefined;
    this.awaiting = undefined;
    return compareReport(waiting.window, waiting.before, digest);
  }

  /**
   * The report now (with the events to emit again, when the page lost them), or `await` when no full
   * state has come since the gap began (a stall).
   */
  recover(window: GapWindow, now: number, current: AccountDigest | undefined, log: EmittedLog): RecoverResult {
    if (this.streamedThrough(window)) {
      const { events, complete } = log.since(window.from);
      return { report: replayReport(window, complete), replay: events };
    }
    const before = this.stateAt(window.from, current);
    const after = this.fullStates.find((f) => f.at > window.from);
    if (after) {
      this.awaiting = undefined;
      return { report: compareReport(window, before, after.digest) };
    }
    this.awaiting = { window, before, since: now };
    return { await: true };
  }

  /** A recovery that waited too long gives up. */
  heartbeat(now: number): RecoveryReport | undefined {
    const waiting = this.awaiting;
    if (!waiting || now - waiting.since < RECOVERY_WAIT_MS) return undefined;
    this.awaiting = undefined;
    return timeoutReport(waiting.window, now - waiting.since);
  }

  /** The socket is gone: the lifecycle calls `recover` again, with the window extended, once live again. */
  socketClosed(): void {
    this.awaiting = undefined;
  }

  get waiting(): boolean {
    return this.awaiting !== undefined;
  }

  /** The current socket was open before `from` and never silent since: ZDEX's stream had no gap. */
  private streamedThrough(window: GapWindow): boolean {
    if (this.socketOpenedAt > window.from || this.lastFrameAt === undefined) return false;
    return !this.silences.some((s) => s.to > window.from && s.from < window.to);
  }

  /**
   * The state as of `from`: before the first account frame received after it (undefined: unknown). That
   * frame is always kept: `from` is the last frame before a silence or before the socket closed.
   */
  private stateAt(from: number, current: AccountDigest | undefined): AccountDigest | undefined {
    const first = this.checkpoints.find((c) => c.at > from);
    if (first) return this.evicted && first === this.checkpoints[0] ? undefined : first.before;
    return current;
  }
}
