import { describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../domain/types';
import { statusAnnouncements } from './status-announcements';

const m = (entries: Record<string, ConnectionStatus>) => new Map(Object.entries(entries));

describe('what the live region says about connections', () => {
  it('a drop, a failure and a return are spoken, with the connection named', () => {
    expect(statusAnnouncements(m({ a: 'live', b: 'live' }), m({ a: 'reconnecting', b: 'error' }))).toEqual([
      'a: connection lost, reconnecting',
      'b: failed, see its row',
    ]);
    expect(statusAnnouncements(m({ a: 'reconnecting' }), m({ a: 'live' }))).toEqual(['a: live']);
  });
  it('nothing for an unchanged status, a stale stream talking again, or a first sight already live', () => {
    expect(statusAnnouncements(m({ a: 'live' }), m({ a: 'live' }))).toEqual([]);
    expect(statusAnnouncements(m({ a: 'stale' }), m({ a: 'live' }))).toEqual([]);
    expect(statusAnnouncements(m({}), m({ a: 'live' }))).toEqual([]);
    expect(statusAnnouncements(m({ a: 'live' }), m({ a: 'stale' }))).toEqual([]);
  });
});
