import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionConfig } from '../../domain/connection-config';
import { batch, diag, fill, fillEvents, order, orderEvents, T0 } from '../../store/journal/test-support';
import { TAB_CHANNEL, TAB_PROTOCOL_VERSION } from './protocol';

/**
 * Two tabs in one Node process over Node's real BroadcastChannel: each "tab" is its own copy of the
 * app's modules (vi.resetModules), so each has its own stores, as two browser tabs do. The owner's
 * store actions run as the ingest bridge and the alerts call them; the follower must end equal.
 */

async function loadTab() {
  vi.resetModules();
  const [portfolio, connections, journal, vault, owner, follower, channel, role, wire] = await Promise.all([
    import('../../store/portfolio-store'),
    import('../../store/connections-store'),
    import('../../store/journal'),
    import('../../store/vault'),
    import('./owner'),
    import('./follower'),
    import('./tab-channel'),
    import('./tab-role'),
    import('./portfolio-wire'),
  ]);
  const tab = new channel.TabChannel(new BroadcastChannel(TAB_CHANNEL), `tab-${Math.random().toString(36).slice(2)}`);
  closers.push(() => tab.close());
  return { portfolio, connections, journal, vault, owner, follower, tab, role, wire };
}
type Tab = Awaited<ReturnType<typeof loadTab>>;

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** What a user sees of the portfolio, comparable across tabs (the wire form, as plain data). */
const seen = (t: Tab) =>
  JSON.stringify(t.wire.portfolioToWire(t.portfolio.usePortfolio.getState()), (_, v: unknown) =>
    v instanceof Map ? [...v.entries()] : v,
  );

const config = (id: string): ConnectionConfig => ({
  id,
  label: id,
  venue: 'zdex',
  url: 'ws://127.0.0.1:1/ws',
  auth: { token: 'secret-token' },
  options: { symbols: ['BTCUSDT'] },
});

async function ownerAndFollower() {
  const a = await loadTab();
  const stopOwner = a.owner.startOwnerSide(a.tab);
  closers.push(stopOwner);
  // The owner trades before the follower opens: the follower must get all of it on join.
  a.portfolio.usePortfolio
    .getState()
    .applyBatches(
      [batch([...orderEvents([order('o1', 'open', T0)]), ...fillEvents([fill('f1', T0)])], { connections: [diag()] })],
      T0,
    );
  a.connections.useConnections.getState().add(config('zdex-main'));
  const b = await loadTab();
  const follower = b.follower.startFollowerSide(b.tab);
  closers.push(() => follower.stop());
  await follower.synced();
  expect(follower.isSynced()).toBe(true);
  return { a, b, follower };
}

describe('owner and follower over a real BroadcastChannel', () => {
  it('a follower with no owner answering holds nothing to take over', async () => {
    const b = await loadTab();
    const follower = b.follower.startFollowerSide(b.tab);
    closers.push(() => follower.stop());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(follower.isSynced()).toBe(false);
    expect(b.portfolio.usePortfolio.getState().fills.size).toBe(0);
  });

  it('a follower opened late gets the whole state, then every change live, and holds the same', async () => {
    const { a, b } = await ownerAndFollower();
    expect(seen(b)).toBe(seen(a));
    expect(b.portfolio.usePortfolio.getState().fills.size).toBe(1);
    expect(b.connections.useConnections.getState().configs.map((c) => c.id)).toEqual(['zdex-main']);

    a.portfolio.usePortfolio
      .getState()
      .applyBatches(
        [batch([...orderEvents([order('o1', 'filled', T0 + 2)]), ...fillEvents([fill('f2', T0 + 2)])])],
        T0 + 2,
      );
    a.portfolio.usePortfolio
      .getState()
      .addNotifications([{ connectionId: 'zdex-main', id: 'n1', level: 'warning', title: 'alert', time: T0 + 3 }]);
    await vi.waitFor(() => expect(b.portfolio.usePortfolio.getState().notifications).toHaveLength(1));
    expect(b.portfolio.usePortfolio.getState().fills.size).toBe(2);
    expect(b.portfolio.usePortfolio.getState().orders.get('zdex-main|o1')?.status).toBe('filled');
    expect(seen(b)).toBe(seen(a));
    // The follower keeps the vault to the owner (its passphrase never crosses tabs).
    expect(b.vault.useVaultStatus.getState()).toMatchObject({ phase: 'unavailable', controller: undefined });
  });

  it("the owner's ingest worker restarts: the follower awaits the same reconciliation, so the next snapshot drops the same order", async () => {
    const { a, b } = await ownerAndFollower();
    a.portfolio.usePortfolio.getState().awaitOrderReconciliation();
    await vi.waitFor(() => expect(b.portfolio.pendingRestoredOpen().get('zdex-main')?.has('o1')).toBe(true));
    const listsNothing = {
      kind: 'account-snapshot' as const,
      connectionId: 'zdex-main',
      time: T0 + 5,
      scope: { orders: true, positions: false, balances: false },
      openOrders: [],
      positions: [],
      balances: [],
    };
    a.portfolio.usePortfolio.getState().applyBatches([batch([listsNothing])], T0 + 5);
    expect(a.portfolio.usePortfolio.getState().orders.has('zdex-main|o1')).toBe(false);
    await vi.waitFor(() => expect(b.portfolio.usePortfolio.getState().orders.has('zdex-main|o1')).toBe(false));
    expect(seen(b)).toBe(seen(a));
  });

  it("the follower's user changes the connections: the owner adopts them, and both hold the same", async () => {
    const { a, b } = await ownerAndFollower();
    expect(b.connections.useConnections.getState().add(config('zdex-second'))).toEqual([]);
    b.connections.useConnections.getState().disconnect('zdex-main');
    await vi.waitFor(() =>
      expect(a.connections.useConnections.getState().configs.map((c) => c.id)).toEqual(['zdex-main', 'zdex-second']),
    );
    await vi.waitFor(() => expect(a.connections.useConnections.getState().enabled['zdex-main']).toBe(false));
    // The owner's own change comes back to the follower.
    a.connections.useConnections.getState().remove('zdex-second');
    await vi.waitFor(() =>
      expect(b.connections.useConnections.getState().configs.map((c) => c.id)).toEqual(['zdex-main']),
    );
    expect(b.connections.useConnections.getState().enabled).toEqual(a.connections.useConnections.getState().enabled);
  });

  it("'Clear history' in the follower runs in the owner, which alone holds the journal; a failure comes back", async () => {
    const { a, b } = await ownerAndFollower();
    const calls: string[] = [];
    let fail = false;
    a.journal.useJournalStatus.setState({
      phase: 'ready',
      controller: {
        clear: async () => {
          calls.push('clear');
          if (fail) throw new Error('the disk is full');
        },
        refreshStats: async () => void calls.push('stats'),
        retryNow: async () => void calls.push('retry'),
      },
    });
    // The owner's status reaches the follower, with a controller that forwards.
    await vi.waitFor(() => expect(b.journal.useJournalStatus.getState().phase).toBe('ready'));
    const controller = b.journal.useJournalStatus.getState().controller!;
    await controller.clear();
    await controller.retryNow();
    expect(calls).toEqual(['clear', 'retry']);
    fail = true;
    await expect(controller.clear()).rejects.toThrow('the disk is full');
  });

  it('a message of another version or of a wrong shape is counted and skipped; a missed change brings a new snapshot', async () => {
    const { a, b } = await ownerAndFollower();
    const before = seen(b);
    const intruder = new BroadcastChannel(TAB_CHANNEL);
    closers.push(() => intruder.close());
    intruder.postMessage({ v: TAB_PROTOCOL_VERSION + 1, from: a.tab.tabId, type: 'op', seq: 99, op: {} });
    intruder.postMessage({ v: TAB_PROTOCOL_VERSION, from: a.tab.tabId, type: 'op', seq: 2, op: { kind: 'drop' } });
    await vi.waitFor(() => expect(b.role.useTabRole.getState().skipped).toEqual({ version: 1, malformed: 1 }));
    expect(b.role.useTabRole.getState().mirrorProblem).toBeDefined();
    expect(seen(b)).toBe(before);

    // A numbered change that skips one (as if a message were lost): the follower asks for the whole state.
    intruder.postMessage({
      v: TAB_PROTOCOL_VERSION,
      from: a.tab.tabId,
      type: 'op',
      seq: 1_000,
      op: { kind: 'batches', now: T0, batches: [batch(fillEvents([fill('forged', T0)]))] },
    });
    a.portfolio.usePortfolio.getState().applyBatches([batch(fillEvents([fill('f3', T0 + 5)]))], T0 + 5);
    await vi.waitFor(() => expect(b.portfolio.usePortfolio.getState().fills.has('zdex-main|f3')).toBe(true));
    expect(b.portfolio.usePortfolio.getState().fills.has('zdex-main|forged')).toBe(false);
    expect(seen(b)).toBe(seen(a));
  });
});
