/**
 * One tab owns the sockets: the one holding the Web Lock `venueboard-owner` (held for the tab's life;
 * the browser releases it when the tab closes, reloads or crashes, and grants it to the next tab
 * waiting). Pure of browser globals: the LockManager is passed in (tested with a small in-memory one
 * that keeps the Web Locks rules for one exclusive lock: granted in request order, ifAvailable).
 */
export const OWNER_LOCK = 'venueboard-owner';

export interface LockManagerLike {
  request(name: string, callback: (lock: unknown) => Promise<unknown>): Promise<unknown>;
  request(
    name: string,
    options: { ifAvailable: boolean },
    callback: (lock: unknown) => Promise<unknown>,
  ): Promise<unknown>;
}

export type Claim =
  /** This tab holds the lock from the start. */
  | 'owner'
  /** Another tab holds it: this one waits in line, and `onOwner` runs when the lock comes. */
  | 'follower'
  /** No Web Locks (very old browsers): this tab runs as owner and says so. */
  | 'unsupported';

export interface ClaimCallbacks {
  /** Runs once, when this tab becomes the owner: at once ('owner', 'unsupported'), or at the takeover. */
  onOwner(): void;
  /** Runs at start when another tab owns the sockets, before this tab waits in line for the lock. */
  onFollower(): void;
}

/** Claims the lock. Resolves with this tab's role at start. */
export function claimOwnership(
  locks: LockManagerLike | undefined,
  { onOwner, onFollower }: ClaimCallbacks,
): Promise<Claim> {
  if (!locks || typeof locks.request !== 'function') {
    onOwner();
    return Promise.resolve('unsupported');
  }
  const forever = () => new Promise<never>(() => undefined);
  return new Promise<Claim>((resolve, reject) => {
    locks
      .request(OWNER_LOCK, { ifAvailable: true }, (lock) => {
        if (lock) {
          resolve('owner');
          onOwner();
          return forever();
        }
        resolve('follower');
        onFollower();
        void locks.request(OWNER_LOCK, () => {
          onOwner();
          return forever();
        });
        return Promise.resolve();
      })
      .catch(reject);
  });
}
