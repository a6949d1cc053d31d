import { useId, useState } from 'react';
import { downloadText } from '../../components/download';
import { useConnections } from '../../store/connections-store';

/** "Export" with an explicit, unticked-by-default "include secrets" box; downloads connections.json. */
export function ProfileExport() {
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const id = useId();
  const exportProfile = () =>
    downloadText('connections.json', useConnections.getState().exportProfile(includeSecrets), 'application/json');
  return (
    <span className="profile-export">
      <input
        id={id}
        type="checkbox"
        data-testid="export-include-secrets"
        checked={includeSecrets}
        onChange={(e) => setIncludeSecrets(e.target.checked)}
      />
      <label
        htmlFor={id}
        className={includeSecrets ? 'secrets-on' : undefined}
        title="Tokens and keys are left out unless ticked"
      >
        include secrets
      </label>
      <button type="button" className="btn" data-testid="export-connections" onClick={exportProfile}>
        Export
      </button>
    </span>
  );
}
