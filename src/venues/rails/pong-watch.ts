import type { GapWindow } from '../types';

/**
 * Frames lost on a socket that stayed up. Rails has no sequence numbers, but every ping gets its pong,
 * in order (websocket-api/ping: `clientRequestId` echoed). So a pong that never came while other frames
 * did means the server dropped what it sent meanwhile (a server-side stall shorter than the silence
 * window, which the lifecycle would never see as a gap). The loss lies between the last pong that
 * arrived (everything sent before it arrived too) and the moment the loss became evident. Pure.
 */

/** Pings remembered while their pongs are due (a silent socket stops growing it). */
const OUTSTANDING_LIMIT = 20;

export class PongWatch {
  private outstanding: { id: string; sentAt: number }[] = [];
  /** When the last pong of this socket arrived (or the socket opened). */
  private intactUntil = 0;
  private lastFrameAt = 0;

  /** A new socket: nothing owed, nothing lost yet. */
  open(now: number): void {
    this.outstanding = [];
    this.intactUntil = now;
    this.lastFrameAt = 0;
  }

  sent(id: string, now: number): void {
    this.outstanding.push({ id, sentAt: now });
    if (this.outstanding.length > OUTSTANDING_LIMIT) this.outstanding.shift();
  }

  /** Any frame arrived. */
  frame(now: number): void {
    this.lastFrameAt = now;
  }

  /** A pong arrived: the window of a loss when an earlier ping's pong was skipped. */
  pong(id: string | undefined, now: number): GapWindow | undefined {
    const index = id === undefined ? -1 : this.outstanding.findIndex((p) => p.id === id);
    if (index < 0) return undefined;
    const lost: GapWindow | undefined = index > 0 ? { from: this.intactUntil, to: now } : undefined;
    this.outstanding.splice(0, index + 1);
    this.intactUntil = now;
    return lost;
  }

  /**
   * At a heartbeat, before the next ping: the oldest ping is unanswered although frames kept arriving
   * well after it was sent (past half the time since), when its pong would have come first. A socket
   * that is simply silent, or went silent just after the ping, is the lifecycle's silence watchdog's
   * business (or the next pong's).
   */
  overdue(now: number): GapWindow | undefined {
    const oldest = this.outstanding[0];
    if (!oldest || this.lastFrameAt <= oldest.sentAt + (now - oldest.sentAt) / 2) return undefined;
    this.outstanding = [];
    const lost = { from: this.intactUntil, to: now };
    this.intactUntil = now;
    return lost;
  }
}
