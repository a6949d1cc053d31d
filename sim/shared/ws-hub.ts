import { WebSocket } from 'ws';
import type { Scheduler } from '../core/clock';
import { DEFAULT_FAULT_COUNT, DEFAULT_STALL_MS, FaultCounters, type FaultOutcome, type FaultRequest } from './faults';

export interface HubClient {
  readonly socket: WebSocket;
}

/** Public frames are skipped for a client that has this much unsent data (a slow reader). */
const MAX_BUFFERED_PUBLIC_BYTES = 8 * 1024 * 1024;
/** A frame held back by `reorder` is sent anyway after this long without a successor. */
const REORDER_HOLD_MS = 5_000;

/**
 * The client sockets of one WebSocket front end, and every send path with the fault switches
 * applied, so each venue's server only decides what to send and to whom.
 */
export class WsHub<C extends HubClient> {
  readonly clients = new Set<C>();
  readonly faults = new FaultCounters();
  private held: { text: string; recipients: C[]; cancelFlush: () => void } | null = null;

  constructor(
    private readonly scheduler: Scheduler,
    /** The venue's malformed frames, picked by index (0, 1, 2, ... cycling). */
    private readonly malformedFrame: (index: number) => string,
  ) {}

  /** Send one frame to one client. Nothing goes out while stalled. */
  send(client: C, text: string): void {
    if (this.faults.isStalled(this.scheduler.now())) return;
    if (client.socket.readyState !== WebSocket.OPEN) return;
    client.socket.send(text);
  }

  /** A public frame: skipped for clients that are not keeping up. */
  sendPublic(text: string, recipients: Iterable<C>): void {
    for (const client of recipients) {
      if (client.socket.bufferedAmount > MAX_BUFFERED_PUBLIC_BYTES) continue;
      this.send(client, text);
    }
  }

  /** A private (account) frame: subject to the duplicate and reorder switches. */
  sendPrivate(text: string, recipients: C[]): void {
    if (recipients.length === 0) return;
    if (this.held) {
      const held = this.held;
      this.held = null;
      held.cancelFlush();
      this.deliver(text, recipients);
      this.deliver(held.text, held.recipients);
      return;
    }
    if (this.faults.reorderLeft > 0) {
      this.faults.reorderLeft -= 1;
      const cancelFlush = this.scheduler.after(REORDER_HOLD_MS, () => this.flushHeld());
      this.held = { text, recipients, cancelFlush };
      return;
    }
    this.deliver(text, recipients);
  }

  applyFault(request: FaultRequest): FaultOutcome {
    const count = request.count ?? DEFAULT_FAULT_COUNT[request.fault];
    const outcome: FaultOutcome = { venue: request.venue, fault: request.fault, clients: this.clients.size };
    switch (request.fault) {
      case 'drop':
        for (const client of this.clients) client.socket.terminate();
        return outcome;
      case 'stall': {
        const durationMs = request.durationMs ?? DEFAULT_STALL_MS;
        this.faults.stalledUntil = this.scheduler.now() + durationMs;
        return { ...outcome, durationMs, until: this.faults.stalledUntil };
      }
      case 'duplicate':
        this.faults.duplicateLeft += count;
        return { ...outcome, count };
      case 'reorder':
        this.faults.reorderLeft += count;
        return { ...outcome, count };
      case 'malformed':
        for (const client of this.clients) for (let i = 0; i < count; i++) this.send(client, this.malformedFrame(i));
        return { ...outcome, count };
      case 'reject-auth':
        this.faults.rejectAuthLeft += count;
        return { ...outcome, count };
    }
  }

  /** Close every socket (server shutdown). */
  closeAll(code: number, reason: string): void {
    this.held?.cancelFlush();
    this.held = null;
    for (const client of this.clients) client.socket.close(code, reason);
  }

  private deliver(text: string, recipients: C[]): void {
    const twice = this.faults.duplicateLeft > 0;
    if (twice) this.faults.duplicateLeft -= 1;
    for (const client of recipients) {
      this.send(client, text);
      if (twice) this.send(client, text);
    }
  }

  private flushHeld(): void {
    const held = this.held;
    this.held = null;
    if (held) this.deliver(held.text, held.recipients);
  }
}
