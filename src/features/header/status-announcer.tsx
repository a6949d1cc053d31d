import { useEffect, useState } from 'react';
import type { ConnectionStatus } from '../../domain/types';
import { statusAnnouncements } from '../../store/attention/status-announcements';
import { usePortfolio } from '../../store/portfolio-store';
import type { PortfolioState } from '../../store/state';

const statuses = (s: PortfolioState): Map<string, ConnectionStatus> =>
  new Map([...s.connections].map(([id, c]) => [id, c.status]));

/**
 * A polite live region: screen readers hear a connection drop, fail or come back
 * (store/attention/status-announcements.ts says which changes). Not shown; the last few lines stay in
 * it so a test (or a reader's review) can read them.
 */
export function StatusAnnouncer() {
  const [lines, setLines] = useState<string[]>([]);
  useEffect(() => {
    let known = statuses(usePortfolio.getState());
    return usePortfolio.subscribe((s, prev) => {
      if (s.connections === prev.connections) return;
      const next = statuses(s);
      const said = statusAnnouncements(known, next);
      known = next;
      if (said.length > 0) setLines((old) => [...old, ...said].slice(-3));
    });
  }, []);
  return (
    <div className="visually-hidden" role="status" aria-live="polite" data-testid="status-announcer">
      {lines.join('. ')}
    </div>
  );
}
