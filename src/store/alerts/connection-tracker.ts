import type { ConnectionDiagnostics, ConnectionStatus } from '../../domain/types';

/**
 * What the alert rules need to know about each connection over time, which diagnostics alone do not
 * say: since when it is in its status, and how often it dropped. Fed every store change (every
 * applied frame), so a drop is seen even when the connection is back before the next evaluation:
 * a real drop waits out a backoff of at least 250 ms in `reconnecting`, many frames long.
 *
 * A drop: a connection that was up (live or stale) goes to `reconnecting` or `error`. Not a drop: the
 * user's own disconnect (`disconnected`, which disarms it until it is up again), and a planned
 * reconnect (a socket replaced to renew its credential) as long as it goes well: if it fails, that
 * is a drop.
 *
 * In a hidden tab frames are applied about once a second, and a drop can be over in less. It still
 * shows: the lifecycle's reconnect count grew and it logged why the socket went (a planned renewal
 * logs nothing), so a grown count with a new error entry is a drop the frames did not show.
 */
export interface TrackedConnection {
  status: ConnectionStatus;
  reason?: string;
  /** When it entered `status` (Unix ms). */
  since: number;
  /** Up since its last drop: the next drop counts. */
  armed: boolean;
  drops: number;
  /** The lifecycle's reconnect count and the time of its newest diagnostic error, as last seen. */
  reconnects: number;
  lastErrorAt: number;
  lastDrop?: { status: ConnectionStatus; reason?: string; time: number };
}

export type ConnectionTrack = ReadonlyMap<string, TrackedConnection>;

export interface TrackOptions {
  /** A planned reconnect, told by its status reason (the lifecycle's "renewing the credential"). */
  isPlanned?: (reason: string | undefined) => boolean;
}

const UP: ReadonlySet<ConnectionStatus> = new Set(['live', 'stale']);
const DOWN: ReadonlySet<ConnectionStatus> = new Set(['reconnecting', 'error']);

/** The track after these diagnostics; returns `prev` itself when nothing changed. */
type Observed = Pick<ConnectionDiagnostics, 'connectionId' | 'status' | 'reason'> &
  Partial<Pick<ConnectionDiagnostics, 'reconnects' | 'errors'>>;

export function trackConnections(
  prev: ConnectionTrack,
  connections: Iterable<Observed>,
  now: number,
  options: TrackOptions = {},
): ConnectionTrack {
  let next: Map<string, TrackedConnection> | undefined;
  const seen = new Set<string>();
  for (const c of connections) {
    seen.add(c.connectionId);
    const before = prev.get(c.connectionId);
    if (
      before &&
      before.status === c.status &&
      before.reason === c.reason &&
      before.reconnects === (c.reconnects ?? 0) &&
      before.lastErrorAt === newestErrorAt(c)
    )
      continue;
    next ??= new Map(prev);
    next.set(c.connectionId, step(before, c, now, options));
  }
  for (const id of prev.keys()) {
    if (seen.has(id)) continue;
    next ??= new Map(prev);
    next.delete(id);
  }
  return next ?? prev;
}

const newestErrorAt = (c: Observed): number => c.errors?.[c.errors.length - 1]?.time ?? 0;

function step(
  before: TrackedConnection | undefined,
  c: Observed,
  now: number,
  options: TrackOptions,
): TrackedConnection {
  const since = before && before.status === c.status ? before.since : now;
  const reconnects = c.reconnects ?? 0;
  const lastErrorAt = newestErrorAt(c);
  let armed = before ? before.armed : false;
  let drops = before?.drops ?? 0;
  let lastDrop = before?.lastDrop;
  if (armed && DOWN.has(c.status) && !options.isPlanned?.(c.reason)) {
    drops++;
    lastDrop = { status: c.status, reason: c.reason, time: now };
    armed = false;
  } else if (armed && before && reconnects > before.reconnects && lastErrorAt > before.lastErrorAt) {
    // Dropped and reconnected between two observations.
    drops++;
    const error = c.errors![c.errors!.length - 1]!;
    lastDrop = { status: 'reconnecting', reason: error.message, time: error.time };
    if (!UP.has(c.status)) armed = false;
  }
  if (c.status === 'disconnected') armed = false;
  if (UP.has(c.status)) armed = true;
  const out: TrackedConnection = { status: c.status, since, armed, drops, reconnects, lastErrorAt };
  if (c.reason !== undefined) out.reason = c.reason;
  if (lastDrop) out.lastDrop = lastDrop;
  return out;
}
