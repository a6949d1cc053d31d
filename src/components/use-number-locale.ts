import { resolveLocale } from './format/number-locale';
import { useSettings } from '../store/settings-store';

/** The locale figures and dates are shown in: Settings' choice, else the browser's. */
export function useNumberLocale(): string {
  return resolveLocale(useSettings((s) => s.numberLocale));
}
