import { create } from 'zustand';
import type { JournalRewrite, WriteFailure } from './journal-writer';

/**
 * What the page shows about the journal. The I/O (src/app/journal-bridge.ts) writes here and registers
 * its controller; the settings section (src/features/journal) reads it and calls the controller, so a
 * feature never imports the app layer.
 */
export type JournalPhase = 'opening' | 'ready' | 'unavailable';

export interface JournalStats {
  fills: number;
  orders: number;
  samples: number;
  gaps: number;
  /** Oldest record held (fill time or sample time), Unix ms. */
  oldest?: number;
}

export interface JournalController {
  /** Delete every journaled record (the page keeps what it shows until a reload). */
  clear(): Promise<void>;
  /** Count again now. */
  refreshStats(): Promise<void>;
  /** Retry a failed write now instead of waiting out the backoff. */
  retryNow(): Promise<void>;
}

/**
 * The answer to `navigator.storage.persist()` (asked once at start): `persistent`, the browser will
 * not evict the journal to free space; `best-effort`, it may (when the disk runs low); `unsupported`,
 * the browser has no such request (or it failed: `persistenceProblem`).
 */
export type StoragePersistence = 'persistent' | 'best-effort' | 'unsupported';

export interface JournalStatus {
  phase: JournalPhase;
  /** Why the journal is unavailable, or the last write / prune error. Never contains a secret. */
  problem?: string;
  stats?: JournalStats;
  /** What the start-up restore put back in the store. */
  restored?: { fills: number; orders: number; samples: number; gaps: number; skipped: number };
  /** Set by a successful clear(). */
  clearedAt?: number;
  /** Unknown until the browser answers. */
  persistence?: StoragePersistence;
  persistenceProblem?: string;
  /** Set from the first failed write until the next write succeeds (shown on the board). */
  writeFailure?: WriteFailure;
  /** The journal was rewritten from the page after its retry buffer overflowed. */
  rewrite?: JournalRewrite;
  controller?: JournalController;
}

export const useJournalStatus = create<JournalStatus>()(() => ({ phase: 'opening' }));
