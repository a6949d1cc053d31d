import { useShallow } from 'zustand/react/shallow';
import { useSettings } from '../../../store/settings-store';
import type { ValuationSettings } from '../../../store/valuation-selectors';

/** The base currency and the stablecoin rule, re-rendering only when one of them changes. */
export function useValuationSettings(): ValuationSettings {
  return useSettings(useShallow((s) => ({ baseCurrency: s.baseCurrency, stablesAtPar: s.stablesAtPar })));
}
