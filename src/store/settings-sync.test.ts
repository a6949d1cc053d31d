import { describe, expect, it } from 'vitest';
import { mergeSettingsWrite, mergingStorage } from './settings-sync';
import { MemoryStorage } from './testing/memory-storage';

const saved = (state: object) => JSON.stringify({ state, version: 1 });
const stateIn = (s: Storage) => (JSON.parse(s.getItem('k')!) as { state: object }).state;

describe('settings written by two tabs', () => {
  it('a field this tab did not change keeps what another tab stored', () => {
    const base = { sounds: { fills: false }, layout: 'a' };
    const mine = { sounds: { fills: false }, layout: 'b' };
    const theirs = { sounds: { fills: true }, layout: 'a' };
    expect(mergeSettingsWrite(base, mine, theirs)).toEqual({ sounds: { fills: true }, layout: 'b' });
  });
  it('a field this tab changed is written even if another tab changed it too (the later change wins)', () => {
    expect(mergeSettingsWrite({ theme: 'dark' }, { theme: 'light' }, { theme: 'system' })).toEqual({ theme: 'light' });
  });
  it('with nothing read or nothing stored, this tab writes what it has', () => {
    expect(mergeSettingsWrite(undefined, { a: 1 }, { a: 2 })).toEqual({ a: 1 });
    expect(mergeSettingsWrite({ a: 0 }, { a: 1 }, undefined)).toEqual({ a: 1 });
  });

  it('the race seen in two tabs: one switches a sound on, the other saves its layout before hearing of it', () => {
    const shared = new MemoryStorage();
    shared.setItem('k', saved({ sounds: { fills: false }, layout: 'a' }));
    let ownerReadBack = 0;
    const owner = mergingStorage(
      () => shared,
      () => ownerReadBack++,
    );
    const mirror = mergingStorage(
      () => shared,
      () => undefined,
    );
    owner.getItem('k');
    mirror.getItem('k');

    mirror.setItem('k', saved({ sounds: { fills: true }, layout: 'a' }));
    // The owner has not yet read the mirror's write: its whole object still says sounds off.
    owner.setItem('k', saved({ sounds: { fills: false }, layout: 'b' }));

    expect(stateIn(shared)).toEqual({ sounds: { fills: true }, layout: 'b' });
    // The owner reads the merged object back, so it plays sounds too.
    expect(ownerReadBack).toBe(1);
  });

  it('a write that takes nothing from another tab is written as it is, with no read-back', () => {
    const shared = new MemoryStorage();
    let readBack = 0;
    const tab = mergingStorage(
      () => shared,
      () => readBack++,
    );
    tab.getItem('k');
    tab.setItem('k', saved({ a: 1 }));
    tab.setItem('k', saved({ a: 2 }));
    expect(stateIn(shared)).toEqual({ a: 2 });
    expect(readBack).toBe(0);
    tab.setItem('k', 'not json');
    expect(shared.getItem('k')).toBe('not json');
  });
});
