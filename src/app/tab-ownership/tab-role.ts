import { create } from 'zustand';

/**
 * This tab's role, for the badge (tab-badge.tsx) and the tests. `mirrorProblem` says why the mirror
 * may be behind (messages of another version or of a wrong shape were skipped; never their content).
 */
export type TabRole = 'starting' | 'owner' | 'follower';

export interface TabRoleState {
  role: TabRole;
  /** false: this browser has no Web Locks, so this tab runs on its own as owner. */
  locksSupported: boolean;
  /** When this tab took over from an owner that closed (ms). */
  tookOverAt?: number;
  /** Messages from other tabs skipped: another version of the app, or not a message of ours. */
  skipped: { version: number; malformed: number };
  mirrorProblem?: string;
}

export const useTabRole = create<TabRoleState>()(() => ({
  role: 'starting',
  locksSupported: true,
  skipped: { version: 0, malformed: 0 },
}));

/** Counts a skipped message and says what it means for the user. */
export function reportSkipped(problem: 'version' | 'malformed'): void {
  useTabRole.setState((s) => {
    const skipped = { ...s.skipped, [problem]: s.skipped[problem] + 1 };
    const mirrorProblem =
      problem === 'version'
        ? 'another tab runs a different version of the app: reload every tab of the board'
        : `${skipped.malformed} malformed message(s) from another tab were skipped`;
    return { skipped, mirrorProblem };
  });
}
