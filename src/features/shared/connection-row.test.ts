import { describe, expect, it } from 'vitest';
import type { ConnectionConfig } from '../../domain/connection-config';
import type { ConnectionDiagnostics } from '../../domain/types';
import { mergeConnectionRows } from './connection-row';

const config = (id: string): ConnectionConfig => ({
  id,
  label: id.toUpperCase(),
  venue: 'zdex',
  url: `wss://${id}`,
  auth: { token: 's' },
  options: {},
});
const diag = (id: string, over: Partial<ConnectionDiagnostics> = {}): ConnectionDiagnostics => ({
  connectionId: id,
  venue: 'zdex',
  status: 'live',
  messagesPerSecond: 5,
  messagesTotal: 100,
  filteredTotal: 0,
  malformedTotal: 2,
  unknownTotal: 3,
  duplicatesDropped: 0,
  reconnects: 1,
  errors: [{ time: 1, message: 'bad frame' }],
  ...over,
});

describe('mergeConnectionRows', () => {
  it('joins configs with diagnostics, in profile order, counting malformed + unknown as errors', () => {
    const rows = mergeConnectionRows([config('b'), config('a')], {}, [
      diag('a', { status: 'stale', reason: 'quiet 12s' }),
      diag('b'),
    ]);
    expect(rows.map((r) => [r.id, r.status, r.errorCount])).toEqual([
      ['b', 'live', 5],
      ['a', 'stale', 5],
    ]);
    expect(rows[1]?.reason).toBe('quiet 12s');
    expect(rows[0]?.label).toBe('B');
  });

  it('reads connecting before the first report, disconnected when the user turned it off', () => {
    const rows = mergeConnectionRows([config('a'), config('b')], { b: false }, []);
    expect(rows.map((r) => r.status)).toEqual(['connecting', 'disconnected']);
    expect(rows.every((r) => r.errorCount === 0 && r.configured)).toBe(true);
  });

  it('keeps a stream that still reports after its config was removed, marked unconfigured', () => {
    const rows = mergeConnectionRows([], {}, [diag('gone')]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: 'gone', configured: false, enabled: false, status: 'live' });
  });

  it("carries a hot-standby connection's standby socket status, and none for a single socket", () => {
    const rows = mergeConnectionRows([config('a'), config('b')], {}, [
      diag('a', { standbyStatus: 'reconnecting' }),
      diag('b'),
    ]);
    expect(rows.map((r) => r.standbyStatus)).toEqual(['reconnecting', undefined]);
  });
});
