/** Settings drawer section: History journal. Placeholder until its owner builds it (issue 5, in progress). */
export function JournalSettingsSection() {
  return <section className="settings-section"><h3>History journal</h3></section>;
}
