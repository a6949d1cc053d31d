import { PROFILE_LIMITS } from '../../domain/profile-schema';
import { useConnections } from '../../store/connections-store';

export interface ImportResult {
  imported: number;
  problems: string[];
  fileName: string;
}

/** "Import…": reads a connection profile file and hands its text to the store. */
export function ProfileImportButton({
  onResult,
  testId = 'import-connections',
  text = 'Import…',
}: {
  onResult: (result: ImportResult) => void;
  testId?: string;
  text?: string;
}) {
  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    try {
      // Refused before reading: the schema checks the size again, but a huge file should not be read at all.
      if (file.size > PROFILE_LIMITS.bytes) {
        const limit = `${PROFILE_LIMITS.bytes / 1024 / 1024} MiB`;
        onResult({ imported: 0, problems: [`the profile is larger than ${limit}`], fileName: file.name });
        return;
      }
      const { imported, problems } = useConnections.getState().importProfile(await file.text());
      onResult({ imported, problems, fileName: file.name });
    } catch {
      onResult({ imported: 0, problems: ['the file could not be read'], fileName: file.name });
    } finally {
      input.value = ''; // choosing the same file again imports it again
    }
  };
  return (
    <label className="btn" title="Import a connection profile (JSON)">
      {text}
      <input
        type="file"
        accept=".json,application/json"
        className="visually-hidden"
        data-testid={testId}
        onChange={(e) => void importFile(e.currentTarget)}
      />
    </label>
  );
}

/** The outcome of the last import, visible until dismissed. */
export function ImportResultBanner({ result, onDismiss }: { result: ImportResult; onDismiss: () => void }) {
  const tone = result.problems.length === 0 ? 'ok' : result.imported > 0 ? 'warn' : 'bad';
  return (
    <div className={`notice notice--${tone}`} data-testid="import-result" role="status">
      <span>
        Imported {result.imported} connection{result.imported === 1 ? '' : 's'} from {result.fileName}
        {result.problems.length > 0
          ? `; ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}:`
          : '.'}
      </span>
      {result.problems.length > 0 ? (
        <ul data-testid="import-problems">
          {result.problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      ) : null}
      <button type="button" className="btn btn--xs notice-close" onClick={onDismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
