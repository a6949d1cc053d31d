import { browserLocale, BROWSER_LOCALE } from '../../components/format/number-locale';
import { useSettings } from '../../store/settings-store';

/** Locales offered besides the browser's own (any BCP 47 tag Intl knows would work). */
const LOCALES: readonly { tag: string; name: string }[] = [
  { tag: 'en-US', name: 'English (US): 1,234.56 · Dec 6' },
  { tag: 'en-GB', name: 'English (UK): 1,234.56 · 6 Dec' },
  { tag: 'de-DE', name: 'Deutsch: 1.234,56 · 6. Dez.' },
  { tag: 'fr-FR', name: 'Français: 1 234,56 · 6 déc.' },
  { tag: 'de-CH', name: 'Deutsch (CH): 1’234.56' },
  { tag: 'ja-JP', name: '日本語: 1,234.56 · 12月6日' },
];

/** Settings drawer section: the locale numbers and dates are shown in. */
export function NumberLocaleSettingsSection() {
  const numberLocale = useSettings((s) => s.numberLocale);
  const update = useSettings((s) => s.update);
  return (
    <section className="settings-section" data-testid="settings-number-locale-section">
      <h3>Numbers and dates</h3>
      <div className="settings-row">
        <label className="settings-label" htmlFor="number-locale-setting">
          Format
        </label>
        <select
          id="number-locale-setting"
          data-testid="settings-number-locale"
          value={numberLocale}
          onChange={(e) => update({ numberLocale: e.target.value })}
        >
          <option value={BROWSER_LOCALE}>Browser default ({browserLocale()})</option>
          {LOCALES.map(({ tag, name }) => (
            <option key={tag} value={tag}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <p className="muted settings-note">
        Prices show their symbol&apos;s tick, quantities its step, money 2 decimals (USD-like) or up to 8 (coins). Hover
        a figure for the exact value the venue sent; CSV exports keep exact values.
      </p>
    </section>
  );
}
