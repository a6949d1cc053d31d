/** Settings drawer section: Alerts. Placeholder until its owner builds it (issue 5, in progress). */
export function AlertSettingsSection() {
  return <section className="settings-section"><h3>Alerts</h3></section>;
}
