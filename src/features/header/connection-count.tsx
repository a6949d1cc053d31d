import { usePortfolio } from '../../store/portfolio-store';
import { selectConnectionRows } from '../../store/selectors';

/** "3/5 live", amber when any stream is not live, red when one is in error. */
export function ConnectionCount() {
  const rows = usePortfolio(selectConnectionRows);
  const live = rows.filter((c) => c.status === 'live').length;
  const failing = rows.filter((c) => c.status === 'error').length;
  const tone = rows.length === 0 ? 'muted' : failing > 0 ? 'bad' : live < rows.length ? 'warn' : 'ok';
  const notLive = rows.filter((c) => c.status !== 'live').map((c) => `${c.connectionId}: ${c.status}${c.reason ? ` (${c.reason})` : ''}`);
  return (
    <div className={`chip chip--${tone}`} data-testid="live-connections" data-live={live} data-total={rows.length} title={notLive.join('\n') || 'all connections live'}>
      <span className={`dot dot--${tone}`} aria-hidden />
      {live}/{rows.length} live
    </div>
  );
}
