import { useConnectionRows } from '../shared/use-connection-rows';

/** "3/5 live" over every configured connection; amber when any stream is not live, red when one is in error. */
export function ConnectionCount() {
  const rows = useConnectionRows();
  const live = rows.filter((c) => c.status === 'live').length;
  const failing = rows.filter((c) => c.status === 'error').length;
  const tone = rows.length === 0 ? 'muted' : failing > 0 ? 'bad' : live < rows.length ? 'warn' : 'ok';
  const notLive = rows
    .filter((c) => c.status !== 'live')
    .map((c) => `${c.id}: ${c.status}${c.reason ? ` (${c.reason})` : ''}`);
  return (
    <div
      className={`chip chip--${tone}`}
      data-testid="live-connections"
      data-live={live}
      data-total={rows.length}
      title={notLive.join('\n') || 'all connections live'}
    >
      <span className={`dot dot--${tone}`} aria-hidden />
      {live}/{rows.length} live
    </div>
  );
}
