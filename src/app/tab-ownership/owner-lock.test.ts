import { describe, expect, it } from 'vitest';
import { claimOwnership, OWNER_LOCK, type LockManagerLike } from './owner-lock';

/**
 * The Web Locks rules for one exclusive lock, as the browser keeps them: granted to one holder at a
 * time, in request order; `ifAvailable` gets null at once when held; released when the holder's
 * promise settles (a closed tab: `close`). The browser itself is exercised by e2e/tabs.spec.ts.
 */
class OneLock implements LockManagerLike {
  private holder: string | undefined;
  private readonly queue: { tab: string; callback: (lock: unknown) => Promise<unknown> }[] = [];
  constructor(private readonly tab: () => string) {}
  request(name: string, a: unknown, b?: unknown): Promise<unknown> {
    expect(name).toBe(OWNER_LOCK);
    const callback = (b ?? a) as (lock: unknown) => Promise<unknown>;
    const ifAvailable = b !== undefined && (a as { ifAvailable?: boolean }).ifAvailable === true;
    const tab = this.tab();
    if (this.holder !== undefined) {
      if (ifAvailable) return callback(null);
      this.queue.push({ tab, callback });
      return Promise.resolve();
    }
    this.holder = tab;
    return Promise.resolve(callback({ name }));
  }
  close(tab: string): void {
    if (this.holder !== tab) return;
    this.holder = undefined;
    const next = this.queue.shift();
    if (next) {
      this.holder = next.tab;
      void next.callback({ name: OWNER_LOCK });
    }
  }
}

describe('claimOwnership', () => {
  it('the first tab owns, the second follows and takes over when the first closes', async () => {
    let current = 'a';
    const locks = new OneLock(() => current);
    const events: string[] = [];
    const claimA = await claimOwnership(locks, {
      onOwner: () => events.push('a owner'),
      onFollower: () => events.push('a follower'),
    });
    current = 'b';
    const claimB = await claimOwnership(locks, {
      onOwner: () => events.push('b owner'),
      onFollower: () => events.push('b follower'),
    });
    expect([claimA, claimB]).toEqual(['owner', 'follower']);
    expect(events).toEqual(['a owner', 'b follower']);
    locks.close('a');
    expect(events).toEqual(['a owner', 'b follower', 'b owner']);
  });

  it('without Web Locks the tab runs as owner and says so', async () => {
    const events: string[] = [];
    const claim = await claimOwnership(undefined, {
      onOwner: () => events.push('owner'),
      onFollower: () => events.push('follower'),
    });
    expect(claim).toBe('unsupported');
    expect(events).toEqual(['owner']);
  });
});
