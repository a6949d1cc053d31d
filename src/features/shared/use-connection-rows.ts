import { useMemo } from 'react';
import { useConnections } from '../../store/connections-store';
import { usePortfolio } from '../../store/portfolio-store';
import { selectConnectionRows } from '../../store/selectors';
import { mergeConnectionRows, type ConnectionRow } from './connection-row';

/** Configured connections joined with their live diagnostics. */
export function useConnectionRows(): ConnectionRow[] {
  const configs = useConnections((s) => s.configs);
  const enabled = useConnections((s) => s.enabled);
  const waiting = useConnections((s) => s.waiting);
  const diagnostics = usePortfolio(selectConnectionRows);
  return useMemo(
    () => mergeConnectionRows(configs, enabled, diagnostics, waiting),
    [configs, enabled, diagnostics, waiting],
  );
}
