import type { ConnectionDiagnostics, ConnectionStatus } from '../../domain/types';

export interface StatusSince {
  status: ConnectionStatus;
  since: number;
}

/**
 * When each connection entered its current status, as observed: diagnostics carry the status but
 * not since when. Call on every store change (cheap); returns `prev` itself when nothing changed.
 */
export function trackStatusSince(
  prev: ReadonlyMap<string, StatusSince>,
  connections: Iterable<Pick<ConnectionDiagnostics, 'connectionId' | 'status'>>,
  now: number,
): ReadonlyMap<string, StatusSince> {
  let next: Map<string, StatusSince> | undefined;
  const seen = new Set<string>();
  for (const c of connections) {
    seen.add(c.connectionId);
    const before = prev.get(c.connectionId);
    if (before?.status === c.status) continue;
    next ??= new Map(prev);
    next.set(c.connectionId, { status: c.status, since: now });
  }
  for (const id of prev.keys()) {
    if (seen.has(id)) continue;
    next ??= new Map(prev);
    next.delete(id);
  }
  return next ?? prev;
}
