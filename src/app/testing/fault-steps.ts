import fc from 'fast-check';
import type { SimVenue, Simulator } from '../../../sim/index';
import type { ConnectionStatus } from '../../domain/types';
import { sleep, until } from './pipeline';

/** One step of a fault property test: the account trades for a while, or a fault hits the venue. */
export type FaultStep =
  | { kind: 'trade'; ms: number }
  | { kind: 'drop' }
  | { kind: 'stall'; ms: number }
  | { kind: 'restart' }
  | { kind: 'duplicate'; count: number }
  | { kind: 'reorder'; count: number };

/** What a venue's steps may be besides the stall: the defaults suit a venue that can restart. */
export interface FaultStepRanges {
  /** How long the account trades between faults. */
  tradeMs?: { min: number; max: number };
  /** How many frames one step duplicates. */
  duplicates?: { min: number; max: number };
  /** Whether a restart of the venue's server is one of the steps. */
  restart?: boolean;
}

/** Steps with a stall long enough to outlast the venue's silence window (`stallMs`). */
export function faultStep(
  stallMs: { min: number; max: number },
  { tradeMs = { min: 200, max: 1_000 }, duplicates = { min: 1, max: 15 }, restart = true }: FaultStepRanges = {},
): fc.Arbitrary<FaultStep> {
  return fc.oneof(
    fc.record({ kind: fc.constant('trade' as const), ms: fc.integer(tradeMs) }),
    fc.constant({ kind: 'drop' as const }),
    fc.record({ kind: fc.constant('stall' as const), ms: fc.integer(stallMs) }),
    ...(restart ? [fc.constant({ kind: 'restart' as const })] : []),
    fc.record({ kind: fc.constant('duplicate' as const), count: fc.integer(duplicates) }),
    fc.record({ kind: fc.constant('reorder' as const), count: fc.integer({ min: 1, max: 4 }) }),
  );
}

/** How long a venue may take to leave and come back to live (its watchdog and backoff differ). */
export interface FaultWaits {
  liveMs: number;
  staleMs: (stallMs: number) => number;
  liveAfterStallMs: number;
  /** Wait to see the restart drop the connection before waiting for live (a slow-to-notice venue). */
  restartSeen?: boolean;
  /** How long duplicated or reordered frames are given to arrive (300 ms unless said). */
  injectedMs?: number;
}

/** Plays one step against the running simulator while the account trades; returns once live again. */
export async function playFaultStep(
  sim: Simulator,
  venue: SimVenue,
  status: () => ConnectionStatus | undefined,
  s: FaultStep,
  waits: FaultWaits,
): Promise<void> {
  switch (s.kind) {
    case 'trade':
      await sleep(s.ms);
      return;
    case 'drop':
      sim.fault({ venue, fault: 'drop' });
      await until('dropped', () => status() !== 'live');
      return until('live after the drop', () => status() === 'live', waits.liveMs);
    case 'stall':
      sim.fault({ venue, fault: 'stall', durationMs: s.ms });
      await until('stale', () => status() !== 'live', waits.staleMs(s.ms));
      return until('live after the stall', () => status() === 'live', waits.liveAfterStallMs);
    case 'restart':
      await sim.restart(venue);
      if (waits.restartSeen) await until('dropped by the restart', () => status() !== 'live');
      return until('live after the restart', () => status() === 'live', waits.liveMs);
    case 'duplicate':
    case 'reorder':
      sim.fault({ venue, fault: s.kind, count: s.count });
      await sleep(waits.injectedMs ?? 300);
      return;
  }
}
