import { useEffect, useState } from 'react';
import { alertValuation, type AlertValuation } from '../../store/alerts/alert-inputs';
import type { ConnectionTrack } from '../../store/alerts/connection-tracker';
import { usePortfolio } from '../../store/portfolio-store';
import type { BaseCurrency } from '../../store/settings-store';

const NO_CONNECTIONS: ConnectionTrack = new Map();
const REFRESH_MS = 1_000;

/**
 * Why a rule cannot fire right now (what cannot be valued in the base currency), refreshed once a
 * second while shown: the portfolio changes every frame, the reasons rarely.
 */
export function useAlertReadiness(baseCurrency: BaseCurrency, stablesAtPar: boolean): AlertValuation['unavailable'] {
  const [unavailable, setUnavailable] = useState<AlertValuation['unavailable']>({ positions: [] });
  useEffect(() => {
    const refresh = () => {
      const next = alertValuation(usePortfolio.getState(), {
        now: Date.now(),
        baseCurrency,
        stablesAtPar,
        track: NO_CONNECTIONS,
      }).unavailable;
      setUnavailable((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
    };
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [baseCurrency, stablesAtPar]);
  return unavailable;
}
