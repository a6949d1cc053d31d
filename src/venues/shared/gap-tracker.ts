import type { ConnectionStatus, GapRecord } from '../../domain/types';
import type { GapWindow, RecoveryReport } from '../types';

/**
 * The gap records of one connection (docs/contract.md section 3), pure: fed the connection's status
 * changes, it opens a gap when a connection that was live once stops being live, closes it when the
 * connection is live again, and hands back the window the session must recover. Every change of a
 * record is emitted (same `from`: the newer record replaces the older one downstream).
 */

/** Statuses that count as covered: nothing the venue sends is being missed. */
const COVERED: ReadonlySet<ConnectionStatus> = new Set(['live']);

/** Gaps kept while their recovery is pending (a connection flapping for hours stays bounded). */
const MAX_PENDING = 50;

export class GapTracker {
  private everLive = false;
  /** The gap under way (its `to` is null), if any. */
  private current: GapRecord | undefined;
  /** Closed gaps whose recovery has not reported yet, oldest first. */
  private pending: GapRecord[] = [];

  constructor(
    private readonly connectionId: string,
    private readonly emit: (gap: GapRecord) => void,
  ) {}

  /**
   * A gap that began before this tracker existed: the page was closed (or the worker restarted) with
   * the connection last live at `liveUntil`. It closes at the first `live`, like any other.
   */
  resumeAfter(liveUntil: number, cause: string): void {
    this.everLive = true;
    if (!this.current) this.openGap(liveUntil, cause);
  }

  /**
   * The status changed. `lastFrameAt` is the last frame received while the connection was live (the
   * moment after which something may have been missed). Returns the window to recover when the
   * connection just became live again after a gap.
   */
  status(
    status: ConnectionStatus,
    now: number,
    lastFrameAt: number | undefined,
    cause?: string,
  ): GapWindow | undefined {
    if (COVERED.has(status)) {
      const wasOpen = this.current;
      this.everLive = true;
      if (!wasOpen) return undefined;
      this.current = undefined;
      const closed: GapRecord = { ...wasOpen, to: Math.max(now, wasOpen.from) };
      this.pending.push(closed);
      if (this.pending.length > MAX_PENDING) this.pending.splice(0, this.pending.length - MAX_PENDING);
      this.emit(closed);
      return this.window();
    }
    if (this.everLive && !this.current) this.openGap(Math.min(lastFrameAt ?? now, now), cause ?? status);
    return undefined;
  }

  /**
   * Events the venue sent were lost between `from` and `to` while the connection stayed live (the
   * ingest buffer refused them): a closed gap, to recover like any other. Returns the window.
   */
  lost(from: number, to: number, cause: string): GapWindow {
    const gap: GapRecord = {
      connectionId: this.connectionId,
      from,
      to: Math.max(to, from),
      recovered: 'pending',
      cause,
    };
    this.pending.push(gap);
    this.emit(gap);
    return this.window();
  }

  /** The recovery of every closed gap still pending is over. */
  report(report: RecoveryReport): void {
    const done = this.pending;
    this.pending = [];
    for (const gap of done) {
      const resolved: GapRecord = { ...gap, recovered: report.recovered };
      if (report.detail !== undefined) resolved.detail = report.detail;
      this.emit(resolved);
    }
  }

  /** Whether closed gaps are waiting for a recovery report. */
  get recovering(): boolean {
    return this.pending.length > 0;
  }

  private window(): GapWindow {
    const first = this.pending[0];
    const last = this.pending[this.pending.length - 1];
    return { from: first?.from ?? 0, to: last?.to ?? first?.from ?? 0 };
  }

  private openGap(from: number, cause: string): void {
    this.current = { connectionId: this.connectionId, from, to: null, recovered: 'pending', cause };
    this.emit(this.current);
  }
}
