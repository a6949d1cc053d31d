/**
 * Fault switches every front end offers (driven by POST /control/fault):
 * - drop: terminate every client socket now (TCP close, no close frame);
 * - stall: send nothing at all (pongs included) for `durationMs`, keeping sockets open;
 * - duplicate: send each of the next `count` private (account) frames twice;
 * - reorder: swap each of the next `count` pairs of private frames;
 * - malformed: send `count` malformed frames to every client;
 * - reject-auth: reject the next `count` auth attempts as if the credential were invalid.
 */
export const FAULT_KINDS = ['drop', 'stall', 'duplicate', 'reorder', 'malformed', 'reject-auth'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRequest {
  venue: string;
  fault: FaultKind;
  count?: number;
  durationMs?: number;
}

export interface FaultOutcome {
  venue: string;
  fault: FaultKind;
  /** Client sockets open when the fault was applied. */
  clients: number;
  count?: number;
  durationMs?: number;
  /** stall: when it ends, on the simulator's clock (Unix ms). */
  until?: number;
}

export const DEFAULT_FAULT_COUNT: Record<FaultKind, number> = {
  drop: 1,
  stall: 1,
  duplicate: 1,
  reorder: 1,
  malformed: 3,
  'reject-auth': 1,
};
export const DEFAULT_STALL_MS = 10_000;

function isFaultKind(value: unknown): value is FaultKind {
  return typeof value === 'string' && (FAULT_KINDS as readonly string[]).includes(value);
}

function positiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

export function parseFaultRequest(body: unknown): { ok: true; request: FaultRequest } | { ok: false; error: string } {
  if (typeof body !== 'object' || body === null) return { ok: false, error: 'body must be a JSON object' };
  const b = body as Record<string, unknown>;
  if (typeof b.venue !== 'string') return { ok: false, error: 'venue is required' };
  if (!isFaultKind(b.fault)) return { ok: false, error: `fault must be one of ${FAULT_KINDS.join(', ')}` };
  if (b.count !== undefined && !positiveInteger(b.count))
    return { ok: false, error: 'count must be a positive integer' };
  if (b.durationMs !== undefined && !positiveInteger(b.durationMs))
    return { ok: false, error: 'durationMs must be a positive integer' };
  const request: FaultRequest = { venue: b.venue, fault: b.fault };
  if (typeof b.count === 'number') request.count = b.count;
  if (typeof b.durationMs === 'number') request.durationMs = b.durationMs;
  return { ok: true, request };
}

/** The counters behind the switches that outlive a single call (stall, duplicate, reorder, reject-auth). */
export class FaultCounters {
  stalledUntil = 0;
  duplicateLeft = 0;
  reorderLeft = 0;
  rejectAuthLeft = 0;

  isStalled(now: number): boolean {
    return now < this.stalledUntil;
  }

  /** True when this auth attempt must be rejected (consumes one). */
  takeAuthRejection(): boolean {
    if (this.rejectAuthLeft <= 0) return false;
    this.rejectAuthLeft -= 1;
    return true;
  }
}
