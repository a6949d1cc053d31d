/** Settings drawer section: Valuation. Placeholder until its owner builds it (issue 5, in progress). */
export function ValuationSettingsSection() {
  return <section className="settings-section"><h3>Valuation</h3></section>;
}
