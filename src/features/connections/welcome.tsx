import { useId, useState } from 'react';
import type { VenueFormDescriptor } from '../../venues/form-descriptor';
import { useConnections } from '../../store/connections-store';
import { ConnectionForm } from './connection-form';
import { ImportResultBanner, ProfileImportButton, type ImportResult } from './profile-import';
import { useFormDescriptors } from './use-form-descriptors';
import './welcome.css';

/** How a venue's connection signs in, in two words: through the relay, with a token, or either. */
function connectsVia(d: VenueFormDescriptor): string {
  const relay = d.auth.some((m) => m.kind === 'keyring');
  const pasted = d.auth.some((m) => m.kind === 'pasted');
  if (relay && pasted) return 'keyring relay or token';
  return relay ? 'keyring relay' : 'token';
}

/** Every venue's "how it connects", from its form descriptor, readable in place. */
function HowVenuesConnect() {
  const descriptors = useFormDescriptors();
  if (!descriptors) return <p aria-busy="true">Loading…</p>;
  return (
    <dl className="welcome-venues" data-testid="welcome-venues">
      {descriptors.map((d) => (
        <div key={d.venue} className="welcome-venue" data-testid="welcome-venue" data-venue={d.venue}>
          <dt>
            {d.displayName} <span className="welcome-via">{connectsVia(d)}</span>
          </dt>
          <dd>{d.connects}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * What a first visit shows instead of empty panels: import a profile, add a venue with the guided
 * form, or read how each venue connects. It goes as soon as a connection exists.
 */
export function Welcome() {
  const [adding, setAdding] = useState(false);
  const [howOpen, setHowOpen] = useState(false);
  const [importResult, setImportResult] = useState<ImportResult | null>(null);
  const uid = useId();
  return (
    <section className="welcome" data-testid="welcome" aria-labelledby={`${uid}-title`}>
      <h1 id={`${uid}-title`}>Welcome to Venueboard</h1>
      <p className="welcome-intro">
        Venueboard shows your orders, fills, positions and balances from your trading venues live, straight from this
        browser. Nothing is connected yet: choose how to start.
      </p>
      {importResult ? <ImportResultBanner result={importResult} onDismiss={() => setImportResult(null)} /> : null}
      <div className="welcome-choices">
        <div className="welcome-choice">
          <h2>Import a profile</h2>
          <p>Someone set up your connections already? Import their profile file (JSON).</p>
          <ProfileImportButton onResult={setImportResult} testId="welcome-import" text="Import a profile…" />
        </div>
        <div className="welcome-choice">
          <h2>Add a venue</h2>
          <p>Pick a venue and fill in a short form: each field says what it is and where to find it.</p>
          <button
            type="button"
            className="btn btn--primary"
            data-testid="welcome-add"
            aria-expanded={adding}
            onClick={() => setAdding(true)}
          >
            Add a venue
          </button>
        </div>
        <div className="welcome-choice">
          <h2>How each venue connects</h2>
          <p>Some venues sign in with a token you paste, others through the keyring relay that keeps your keys.</p>
          <button
            type="button"
            className="btn"
            data-testid="welcome-how"
            aria-expanded={howOpen}
            aria-controls={`${uid}-how`}
            onClick={() => setHowOpen((o) => !o)}
          >
            {howOpen ? 'Hide' : 'Read how each venue connects'}
          </button>
        </div>
      </div>
      {howOpen ? (
        <div id={`${uid}-how`} className="welcome-how">
          <h2>How each venue connects</h2>
          <HowVenuesConnect />
        </div>
      ) : null}
      {adding ? (
        <div className="welcome-form">
          <ConnectionForm onSave={(config) => useConnections.getState().add(config)} onClose={() => setAdding(false)} />
        </div>
      ) : null}
    </section>
  );
}

export default Welcome;
