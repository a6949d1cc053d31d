import type { ConnectionConfig } from '../../domain/connection-config';
import type { ConnectionDiagnostics } from '../../domain/types';
import type { JsSubCommand, NatsCommand, NatsFrame, NatsMessage, NatsStatus } from '../shared/nats-protocol';
import { sendNats, withDiagnostics } from '../shared/session-output';
import { emptyOutput, type GapWindow, type SessionOutput, type SessionResume, type VenueSession } from '../types';
import { decodeDeskMessage, decodeStateRecord } from './codec';
import type { DeskOptions } from './options';
import { DESK_SUBJECTS, stateBucketOf } from './wire';

/**
 * A desk connection: two JetStream consumers (kept in order) on every socket (the NATS transport's `js-sub`):
 * the state bucket's latest value per key (positions, balances, open orders... as the collector last
 * knew them) and the event stream from `since` (or, on a later socket, from the stream sequence after
 * the last one seen: JetStream replays what the page missed, so every gap recovers `full`). Live once
 * both have caught up. Every event keeps the connection id its collector published it under.
 */

const SID_STATE = 'state';
const SID_EVENTS = 'events';
/** A replay after a reload starts this much before the page's last live moment (clock skew, in-flight batches). */
export const JOURNAL_OVERLAP_MS = 60_000;
/** A collector's connection with no status for this long (collectors publish one every 2 s) is shown stale. */
export const COLLECTOR_SILENCE_MS = 10_000;

export class DeskSession implements VenueSession {
  private lastSeq = 0;
  private liveUntil: number | undefined;
  private caughtUp = { state: false, events: false };
  private live = false;
  private recoveryDue = false;
  /** Consumers that could not be created on this socket; asked for again at the next heartbeat. */
  private readonly failed = new Set<string>();
  /** The latest status of each collector connection and when it arrived (live messages only). */
  private readonly rows = new Map<string, { status: ConnectionDiagnostics; at: number; silent: boolean }>();

  constructor(private readonly options: DeskOptions) {}

  resume(resume: SessionResume): void {
    this.liveUntil = resume.liveUntil;
  }

  open(): SessionOutput {
    this.caughtUp = { state: false, events: false };
    this.live = false;
    this.failed.clear();
    return {
      ...emptyOutput(),
      nats: this.subscriptions(),
      status: { status: 'authenticating', reason: `replaying ${this.options.stream}` },
    };
  }

  /** The consumers' commands (only those in `only`, when given). */
  private subscriptions(only?: ReadonlySet<string>): NatsCommand[] {
    const bucket = stateBucketOf(this.options.stream);
    const state: JsSubCommand = {
      op: 'js-sub',
      sid: SID_STATE,
      stream: `KV_${bucket}`,
      subject: `$KV.${bucket}.>`,
      deliver: 'last-per-subject',
    };
    const events: JsSubCommand = {
      op: 'js-sub',
      sid: SID_EVENTS,
      stream: this.options.stream,
      subject: DESK_SUBJECTS,
      ...this.start(),
    };
    return [state, events].filter((c) => !only || only.has(c.sid));
  }

  /** Where the event consumer starts: after the last sequence seen, else `since`. */
  private start(): Pick<JsSubCommand, 'deliver' | 'startSeq' | 'startTime'> {
    if (this.lastSeq > 0) return { deliver: 'seq', startSeq: this.lastSeq + 1 };
    if (typeof this.options.since === 'number') return { deliver: 'time', startTime: this.options.since };
    if (this.liveUntil !== undefined)
      return { deliver: 'time', startTime: Math.max(0, this.liveUntil - JOURNAL_OVERLAP_MS) };
    return { deliver: 'all' };
  }

  /** Desk mode runs on the NATS transport only, which delivers typed frames: text is not one of them. */
  message(text: string, _now: number): SessionOutput {
    return withDiagnostics(emptyOutput(), {
      malformed: 1,
      error: `desk: transport frame not understood (${text.length} chars of text)`,
    });
  }

  natsFrame(frame: NatsFrame, now: number): SessionOutput {
    switch (frame.op) {
      case 'msg':
        return this.onMessage(frame, now);
      case 'status':
        return this.onStatus(frame, now);
      default:
        return { ...emptyOutput(), diagnostics: { unknown: 1 } };
    }
  }

  private onMessage(frame: NatsMessage, now: number): SessionOutput {
    const out = emptyOutput();
    if (frame.sid === SID_EVENTS) {
      // The consumer delivers each sequence once and in order; a repeat (a resumed consumer's overlap) is skipped.
      const seq = frame.jetStream?.streamSequence;
      if (seq !== undefined) {
        if (seq <= this.lastSeq) return { ...out, diagnostics: { duplicates: 1 } };
        this.lastSeq = seq;
      }
      const decoded = decodeDeskMessage(frame.subject, frame.data);
      if (!decoded.ok) return { ...out, diagnostics: { malformed: 1, error: `desk: ${decoded.problem}` } };
      for (const event of decoded.events) {
        if (event.kind === 'connection') {
          // Statuses in the replayed history are old: the state bucket holds the latest.
          if (!this.caughtUp.events) continue;
          this.rows.set(event.connection.connectionId, { status: event.connection, at: now, silent: false });
        }
        out.events.push(event);
      }
      if (frame.jetStream?.pending === 0) this.caught('events', out);
      return out;
    }
    if (frame.sid === SID_STATE) {
      const decoded = decodeStateRecord(frame.data);
      if (!decoded.ok) return { ...out, diagnostics: { malformed: 1, error: `desk: ${decoded.problem}` } };
      for (const event of decoded.events) {
        if (event.kind === 'connection') {
          const held = this.rows.get(event.connection.connectionId);
          if (held && held.at > 0) continue;
          this.rows.set(event.connection.connectionId, { status: event.connection, at: now, silent: false });
        }
        out.events.push(event);
      }
      if (frame.jetStream?.pending === 0) this.caught('state', out);
      return out;
    }
    return { ...out, diagnostics: { unknown: 1 } };
  }

  private onStatus(frame: NatsStatus, _now: number): SessionOutput {
    const out = emptyOutput();
    switch (frame.type) {
      case 'js-ready':
        if (frame.pending === 0) this.caught(frame.sid === SID_STATE ? 'state' : 'events', out);
        return out;
      case 'error':
        if (frame.sid === SID_EVENTS || frame.sid === SID_STATE) {
          // No stream yet (no collector has started) or no permission: say so; the next heartbeat retries.
          this.failed.add(frame.sid);
          return {
            ...out,
            diagnostics: { error: `desk: ${frame.data.slice(0, 200)}` },
            ...(this.live
              ? {}
              : {
                  status: {
                    status: 'authenticating',
                    reason: `cannot read ${this.options.stream} yet: ${frame.data.slice(0, 160)}`,
                  },
                }),
          };
        }
        return { ...out, diagnostics: { error: `desk NATS error: ${frame.data.slice(0, 200)}` } };
      default:
        return out;
    }
  }

  private caught(which: 'state' | 'events', out: SessionOutput): void {
    if (this.caughtUp[which]) return;
    this.caughtUp[which] = true;
    if (this.live || !this.caughtUp.state || !this.caughtUp.events) return;
    this.live = true;
    out.status = { status: 'live' };
    if (this.recoveryDue) {
      this.recoveryDue = false;
      out.recovery = this.recoveryReport();
    }
  }

  heartbeat(now: number): SessionOutput {
    const out = sendNats(emptyOutput(), { op: 'ping' });
    if (this.failed.size > 0) {
      sendNats(out, ...this.subscriptions(this.failed));
      this.failed.clear();
    }
    // A collector that died publishes nothing more: its rows go stale instead of staying live forever.
    for (const [id, row] of this.rows) {
      if (row.silent || row.status.status !== 'live' || now - row.at < COLLECTOR_SILENCE_MS) continue;
      row.silent = true;
      const collector = row.status.collector ? ` from collector ${row.status.collector}` : '';
      out.events.push({
        kind: 'connection',
        connection: { ...row.status, connectionId: id, status: 'stale', reason: `no status${collector} for 10 s` },
      });
    }
    return out;
  }

  closed(): SessionOutput {
    return emptyOutput();
  }

  recover(_gap: GapWindow): SessionOutput {
    if (this.live) return { ...emptyOutput(), recovery: this.recoveryReport() };
    this.recoveryDue = true;
    return emptyOutput();
  }

  private recoveryReport() {
    return {
      recovered: 'full' as const,
      detail: `JetStream replayed ${this.options.stream} from sequence ${this.lastSeq + 1}`,
    };
  }
}

export function createDeskSession(_config: ConnectionConfig, options: DeskOptions): DeskSession {
  return new DeskSession(options);
}
