import { startFollowerSide, type FollowerSide } from './follower';
import { claimOwnership, type LockManagerLike } from './owner-lock';
import { startOwnerSide } from './owner';
import { openTabChannel } from './tab-channel';
import { useTabRole } from './tab-role';

export interface TabOwnershipHooks {
  /** Start what the owner runs: sockets, journal, saved connections, alerts. `takeover`: this tab mirrored an owner that closed. */
  startOwner(takeover: boolean): void;
  /** This tab mirrors another; `synced` resolves once it holds that tab's whole state. */
  startFollower(synced: Promise<void>): void;
}

/**
 * Decides this tab's role and keeps it: the owner holds the Web Lock and publishes its stores, a
 * follower mirrors them until the lock comes to it (the owner closed, reloaded or crashed), then
 * takes over. Without Web Locks or BroadcastChannel the tab runs as owner and the badge says so.
 */
export function startTabOwnership(hooks: TabOwnershipHooks): void {
  const channel = openTabChannel();
  const locks = typeof navigator === 'undefined' ? undefined : (navigator.locks as LockManagerLike | undefined);
  let follower: FollowerSide | undefined;
  void claimOwnership(channel ? locks : undefined, {
    onOwner() {
      // A tab that waited for the lock but never received the owner's state (a reload racing the old
      // page's release of the lock) has nothing to take over: it starts as the first owner does.
      const takeover = follower?.isSynced() === true;
      follower?.stop();
      follower = undefined;
      useTabRole.setState({ role: 'owner', tookOverAt: takeover ? Date.now() : undefined });
      if (channel) startOwnerSide(channel);
      hooks.startOwner(takeover);
    },
    onFollower() {
      follower = startFollowerSide(channel!);
      useTabRole.setState({ role: 'follower' });
      hooks.startFollower(follower.synced());
    },
  }).then(
    (claim) => {
      if (claim === 'unsupported') useTabRole.setState({ locksSupported: false });
    },
    (e: unknown) => {
      // The lock request itself failed (a sandboxed frame, say): run alone, as without Web Locks.
      console.error('tab ownership:', e instanceof Error ? e.message : e);
      useTabRole.setState({ locksSupported: false, role: 'owner' });
      hooks.startOwner(false);
    },
  );
}
