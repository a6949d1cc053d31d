import type { ReactNode } from 'react';
import { isoTime } from '../../../components/format/time-format';
import { useNow } from '../../../components/use-now';
import { selectGapsByConnection, selectStateFreshness } from '../../../store/gap-selectors';
import { usePortfolio } from '../../../store/portfolio-store';
import { gapExplanation } from './gap-text';
import { GAP_NOTICE_TITLE, panelGapLines, type GapPanel, type PanelGapLine } from './panel-gaps';
import './gaps.css';

/** A compact notice over a panel's table: which connections' figures may be incomplete, and since when. */
export function GapNoticeView({ panel, lines, now }: { panel: GapPanel; lines: readonly PanelGapLine[]; now: number }) {
  if (lines.length === 0) return null;
  return (
    <div className="gap-notice" role="status" data-testid="gap-notice" data-panel={panel} data-count={lines.length}>
      <span className="gap-notice-title">
        <span aria-hidden="true">⚠ </span>
        {GAP_NOTICE_TITLE[panel]}
      </span>
      <ul>
        {lines.map(({ gap, text }) => (
          <li
            key={`${gap.connectionId}|${gap.from}`}
            data-testid="gap-notice-item"
            data-connection-id={gap.connectionId}
            data-from={gap.from}
            data-to={gap.to ?? ''}
            data-recovered={gap.recovered}
            title={`${gapExplanation(gap, now)}\nfrom ${isoTime(gap.from)}${gap.to === null ? '' : ` to ${isoTime(gap.to)}`}`}
          >
            {text}
          </li>
        ))}
      </ul>
    </div>
  );
}

const noFreshness = (): undefined => undefined;

/** The notice of one panel, following the store and the clock (a gap leaves a notice a day after it ended). */
export function PanelGapNotice({ panel }: { panel: GapPanel }) {
  const byConnection = usePortfolio(selectGapsByConnection);
  // Only the state panels weigh fresh state (the others need not follow every position update).
  const freshness = usePortfolio(panel === 'positions' || panel === 'balances' ? selectStateFreshness : noFreshness);
  const now = useNow();
  return <GapNoticeView panel={panel} lines={panelGapLines(byConnection, panel, now, freshness)} now={now} />;
}

/** A panel body with its gap notice above the content (the content keeps the rest of the height). */
export function WithGapNotice({ panel, children }: { panel: GapPanel; children: ReactNode }) {
  return (
    <div className="gap-frame">
      <PanelGapNotice panel={panel} />
      <div className="gap-frame-body">{children}</div>
    </div>
  );
}
