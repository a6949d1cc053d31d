import { describe, expect, it } from 'vitest';
import { MirrorSequence } from './mirror-sequence';
import { receiveTabMessage, TAB_PROTOCOL_VERSION } from './protocol';

const envelope = { v: TAB_PROTOCOL_VERSION, from: 'tab-a' };

describe('receiveTabMessage', () => {
  it('accepts each message of this version', () => {
    expect(receiveTabMessage({ ...envelope, type: 'hello' })).toMatchObject({ ok: true });
    expect(
      receiveTabMessage({
        ...envelope,
        type: 'op',
        seq: 3,
        op: {
          kind: 'batches',
          now: 1,
          batches: [{ type: 'batch', seq: 1, events: [{ kind: 'fill', fill: {} }], connections: [], removed: [] }],
        },
      }),
    ).toMatchObject({ ok: true });
    expect(receiveTabMessage({ ...envelope, type: 'call', id: 'tab-a:1', method: 'journal.clear' })).toMatchObject({
      ok: true,
    });
  });

  it('skips a message of another version, and says so', () => {
    expect(receiveTabMessage({ ...envelope, v: TAB_PROTOCOL_VERSION + 1, type: 'hello' })).toEqual({
      ok: false,
      problem: 'version',
      version: TAB_PROTOCOL_VERSION + 1,
    });
  });

  it('skips what is not a message of ours, without quoting it', () => {
    const attempts: unknown[] = [
      null,
      'hello',
      { ...envelope, type: 'drop-tables' },
      { ...envelope, type: 'call', id: 'x', method: 'vault.unlock' },
      { ...envelope, type: 'op', seq: -1, op: { kind: 'notifications', list: [] } },
      { ...envelope, type: 'op', seq: 1, op: { kind: 'batches', now: 1, batches: [{ type: 'batch', seq: 1 }] } },
      {
        ...envelope,
        type: 'set-connections',
        state: { configs: [{ id: 'x' }], enabled: {}, generation: {}, waiting: {} },
      },
      { ...envelope, from: '', type: 'hello' },
    ];
    for (const data of attempts) {
      const received = receiveTabMessage(data);
      expect(received).toEqual({ ok: false, problem: 'malformed' });
    }
  });
});

describe('MirrorSequence', () => {
  it('ignores changes until a snapshot, then applies the next ones in order', () => {
    const s = new MirrorSequence();
    expect(s.op('owner', 1)).toBe('ignore');
    s.snapshot('owner', 5);
    expect(s.op('owner', 4)).toBe('ignore');
    expect(s.op('owner', 5)).toBe('ignore');
    expect(s.op('owner', 6)).toBe('apply');
    expect(s.op('owner', 7)).toBe('apply');
    expect(s.fromOwner('owner')).toBe(true);
    expect(s.fromOwner('other')).toBe(false);
  });

  it('asks again after a missing change, and ignores everything until the new snapshot', () => {
    const s = new MirrorSequence();
    s.snapshot('owner', 1);
    expect(s.op('owner', 3)).toBe('resync');
    expect(s.op('owner', 4)).toBe('ignore');
    expect(s.ownerId).toBeUndefined();
    s.snapshot('owner', 4);
    expect(s.op('owner', 5)).toBe('apply');
  });

  it('asks again when another tab publishes (a new owner)', () => {
    const s = new MirrorSequence();
    s.snapshot('owner', 10);
    expect(s.op('new-owner', 1)).toBe('resync');
    s.snapshot('new-owner', 1);
    expect(s.ownerId).toBe('new-owner');
    expect(s.op('new-owner', 2)).toBe('apply');
  });
});
