import type { SessionOutput } from '../types';
import { clip, withDiagnostics } from './session-output';

/** Distinct values explained at the most; past that they are still counted, silently. */
const EXPLAINED_AT_MOST = 50;

/**
 * A value the venue documents no meaning for (an order status...): counted as `unknown` every time,
 * explained once per distinct value (at most 50 of them, so a flood cannot fill the error list).
 */
export class UndocumentedValues {
  private readonly explained = new Set<string>();

  /** Counts `value` in `out`; the first time, with `explain(value clipped for a diagnostic)` as its error. */
  note(out: SessionOutput, value: string, explain: (shown: string) => string): void {
    const shown = clip(value);
    const first = !this.explained.has(shown) && this.explained.size < EXPLAINED_AT_MOST;
    if (first) this.explained.add(shown);
    withDiagnostics(out, first ? { unknown: 1, error: explain(shown) } : { unknown: 1 });
  }
}
