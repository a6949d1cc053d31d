import type { ConnectionConfig } from '../../domain/connection-config';
import type { ConnectionDiagnostics, ConnectionStatus } from '../../domain/types';
import type { GapWindow, RecoveryReport } from '../types';
import type { Clock } from './clock';
import { GapTracker } from './gap-tracker';
import {
  ManagedConnection,
  PAGE_CLOSED,
  type ConnectionListener,
  type ConnectionTarget,
  type ManagedConnectionDeps,
} from './managed-connection';

/**
 * One connection kept on two sockets with identical parameters (a venue with `standby: true`: Rails
 * delivers the same sequence of events to identical connections, docs/venues/rails.md). Each socket has
 * its own lifecycle and session; both feed the same listener (the ingest core drops the second copy of
 * every fill by its id; orders, marks and positions converge on the newest). The connection is `live`
 * while either socket is, so one drop opens no gap: the other socket saw everything. When both were
 * down, the pair's gap is recovered by the first socket back.
 */

/** How good a status is for the pair: the better member's status is the pair's. */
const RANK: Record<ConnectionStatus, number> = {
  live: 0,
  stale: 1,
  authenticating: 2,
  connecting: 3,
  reconnecting: 4,
  error: 5,
  disconnected: 6,
};

export class StandbyPair<Options = unknown> {
  readonly id: string;
  private readonly members: ManagedConnection<Options>[];
  private readonly gaps: GapTracker;
  private lastStatus: ConnectionStatus = 'connecting';
  private disposed = false;

  constructor(
    target: ConnectionTarget<Options>,
    deps: ManagedConnectionDeps & { clock: Clock },
    private readonly listener: ConnectionListener,
  ) {
    this.id = target.config.id;
    const events: ConnectionListener = {
      events: (id, batch) => {
        if (!this.disposed) this.listener.events(id, batch);
      },
      changed: () => this.memberChanged(deps.clock.now()),
    };
    const recoveryReports = (report: RecoveryReport) => this.gaps.report(report);
    // A member replaces its socket for a renewed credential only while its partner is live.
    const partnerLive = (index: number) => () => this.members[1 - index]?.status === 'live';
    this.members = [0, 1].map(
      (index) =>
        new ManagedConnection(
          { ...target, liveUntil: undefined, recoveryReports, mayReplaceSocket: partnerLive(index) },
          deps,
          events,
        ),
    );
    this.gaps = new GapTracker(this.id, (gap) => {
      if (!this.disposed) this.listener.events(this.id, [{ kind: 'gap', gap }]);
    });
    if (target.liveUntil !== undefined) this.gaps.resumeAfter(target.liveUntil, PAGE_CLOSED);
  }

  get status(): ConnectionStatus {
    return this.best().status;
  }

  currentConfig(): ConnectionConfig {
    return this.best().currentConfig();
  }

  connect(): void {
    for (const member of this.members) member.connect();
  }

  disconnect(): void {
    for (const member of this.members) member.disconnect();
  }

  dispose(): void {
    this.disposed = true;
    for (const member of this.members) member.dispose();
  }

  wake(): void {
    for (const member of this.members) member.wake();
  }

  noteDuplicatesDropped(count: number): void {
    this.members[0]?.noteDuplicatesDropped(count);
  }

  noteError(message: string): void {
    this.members[0]?.noteError(message);
  }

  noteLost(from: number, to: number, cause: string): void {
    const window = this.gaps.lost(from, to, cause);
    this.best().recoverWindow(window);
  }

  /** The better member's diagnostics, with the other's status as the standby's. */
  diagnostics(): ConnectionDiagnostics {
    const best = this.best();
    const other = this.members.find((m) => m !== best);
    const d = best.diagnostics();
    return other ? { ...d, standbyStatus: other.status } : d;
  }

  private best(): ManagedConnection<Options> {
    const [a, b] = this.members as [ManagedConnection<Options>, ManagedConnection<Options>];
    return RANK[b.status] < RANK[a.status] ? b : a;
  }

  private memberChanged(now: number): void {
    if (this.disposed) return;
    const best = this.best();
    const status = best.status;
    if (status !== this.lastStatus) {
      const was = this.lastStatus;
      this.lastStatus = status;
      const lastLive = Math.max(...this.members.map((m) => m.lastLiveAt ?? 0));
      const window: GapWindow | undefined = this.gaps.status(
        status,
        now,
        was === 'live' || was === 'stale' ? lastLive || undefined : undefined,
        best.diagnostics().reason ?? status,
      );
      if (window) best.recoverWindow(window);
    }
    this.listener.changed(this.id);
  }
}
