import { formatDayTime } from '../../../components/format/time-format';
import type { GapRecord } from '../../../domain/types';
import type { ApplyFault } from '../../../store/state';

/**
 * The words a trader reads about a gap (src/venues/shared/README.md, "Gaps and recovery"). Pure:
 * `now` decides only whether a time carries its date. Every string here is rendered as text; `cause`
 * and `detail` come from the venues and the lifecycle and are never markup.
 */

/** `open`: not live yet; `recovering`: live again, recovery running; `missing`: something may be lost; `recovered`: nothing is. */
export type GapState = 'open' | 'recovering' | 'missing' | 'recovered';

export function gapState(g: GapRecord): GapState {
  if (g.to === null) return 'open';
  if (g.recovered === 'pending') return 'recovering';
  return g.recovered === 'full' ? 'recovered' : 'missing';
}

const at = (time: number, now: number): string => formatDayTime(time, now);

/** The row's sentence: "not live since 14:02:11", "recovering 14:02:11–14:02:19…", "fills between … may be missing". */
export function gapSentence(g: GapRecord, now: number): string {
  const from = at(g.from, now);
  if (g.to === null) return `not live since ${from}`;
  const to = at(g.to, now);
  switch (gapState(g)) {
    case 'recovering':
      return `recovering ${from}–${to}…`;
    case 'recovered':
      return `recovered ${from}–${to}`;
    default:
      return `fills between ${from} and ${to} may be missing`;
  }
}

/**
 * The same in the few words a table row has room for, both ends of the interval first: "not live
 * since 14:02:11", "recovering 14:02:11–14:02:19…", "fills 14:02:11–14:02:19 may be missing".
 */
export function gapRowSentence(g: GapRecord, now: number): string {
  if (g.to === null) return `not live since ${at(g.from, now)}`;
  const span = `${at(g.from, now)}–${at(g.to, now)}`;
  switch (gapState(g)) {
    case 'recovering':
      return `recovering ${span}…`;
    case 'recovered':
      return `recovered ${span}`;
    default:
      return `fills ${span} may be missing`;
  }
}

const RECOVERY_WORDS: Record<GapRecord['recovered'], string> = {
  full: 'recovered in full: nothing the venue sent in it is missing',
  partial: 'recovered in part',
  none: 'not recovered',
  pending: 'recovery running',
};

/** The whole story, one fact a line: the sentence, why the connection left live, what recovery did. */
export function gapExplanation(g: GapRecord, now: number): string {
  const lines = [gapSentence(g, now)];
  if (g.cause) lines.push(`cause: ${g.cause}`);
  lines.push(g.to === null ? 'the connection is not live' : RECOVERY_WORDS[g.recovered]);
  if (g.detail) lines.push(g.detail);
  return lines.join('\n');
}

/** What a panel of fills or orders says about one gap. */
export function activityGapLine(g: GapRecord, now: number, what: 'fills' | 'order updates'): string {
  const from = at(g.from, now);
  const id = g.connectionId;
  if (g.to === null) return `${id}: not live since ${from}; ${what} since then are not shown yet`;
  const to = at(g.to, now);
  if (g.recovered === 'pending') return `${id}: recovering ${from}–${to}…; ${what} in it may be missing until it ends`;
  return `${id}: ${what} between ${from} and ${to} may be missing`;
}

/** What a panel of positions or balances says about a gap still open or recovering, or not recovered in full. */
export function stateGapLine(g: GapRecord, now: number, what: 'positions' | 'balances'): string {
  const since = `${what} of ${g.connectionId} may be stale since ${at(g.from, now)}`;
  if (g.to === null) return `${since} (not live)`;
  if (g.recovered === 'pending') return `${since} (recovering)`;
  return `${since} (${g.recovered === 'none' ? 'not recovered' : 'recovered in part'}; not updated since)`;
}

/** The note on a PnL figure of a connection with gaps needing attention. */
export function pnlGapNote(gaps: readonly GapRecord[], now: number): string {
  return `⚠ may be incomplete: ${gaps.map((g) => `${g.connectionId} ${gapSentence(g, now)}`).join('; ')}`;
}

/** "3 events could not be applied; latest 14:02:11: …". */
export function applyFaultText(f: ApplyFault, now: number): string {
  const events = f.count === 1 ? '1 event' : `${f.count} events`;
  return `${events} could not be applied; latest ${at(f.time, now)}: ${f.message}`;
}
