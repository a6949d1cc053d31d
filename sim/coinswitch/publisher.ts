import type { Scheduler } from '../core/clock';
import { FaultCounters } from '../shared/faults';

/** A message held back by `reorder` goes out anyway after this long without a successor (as ws-hub). */
const REORDER_HOLD_MS = 5_000;

interface Held {
  subject: string;
  text: string;
  cancelFlush: () => void;
}

/**
 * Every publish of the front end, with the shared fault switches applied the way `shared/ws-hub.ts`
 * applies them to sockets: nothing goes out while stalled (dropped, not queued); private messages
 * are subject to duplicate (sent twice) and reorder (each pair swapped).
 */
export class FaultyPublisher {
  readonly faults = new FaultCounters();
  private held: Held | null = null;

  constructor(
    private readonly send: (subject: string, text: string) => void,
    private readonly scheduler: Scheduler,
  ) {}

  isStalled(): boolean {
    return this.faults.isStalled(this.scheduler.now());
  }

  /** As is, outside duplicate and reorder (public messages, and the malformed fault's). */
  publishPlain(subject: string, text: string): void {
    if (!this.isStalled()) this.send(subject, text);
  }

  publishPrivate(subject: string, text: string): void {
    if (this.held) {
      const held = this.held;
      this.held = null;
      held.cancelFlush();
      this.deliver(subject, text);
      this.deliver(held.subject, held.text);
      return;
    }
    if (this.faults.reorderLeft > 0) {
      this.faults.reorderLeft -= 1;
      const cancelFlush = this.scheduler.after(REORDER_HOLD_MS, () => this.flushHeld());
      this.held = { subject, text, cancelFlush };
      return;
    }
    this.deliver(subject, text);
  }

  clear(): void {
    this.held?.cancelFlush();
    this.held = null;
  }

  private deliver(subject: string, text: string): void {
    if (this.isStalled()) return;
    const twice = this.faults.duplicateLeft > 0;
    if (twice) this.faults.duplicateLeft -= 1;
    this.send(subject, text);
    if (twice) this.send(subject, text);
  }

  private flushHeld(): void {
    const held = this.held;
    this.held = null;
    if (held) this.deliver(held.subject, held.text);
  }
}
