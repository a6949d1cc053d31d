import { useConnections } from '../../store/connections-store';

export interface ImportResult {
  imported: number;
  problems: string[];
  fileName: string;
}

/** "Import…": reads a connection profile file and hands its text to the store. */
export function ProfileImportButton({ onResult }: { onResult: (result: ImportResult) => void }) {
  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    try {
      const { imported, problems } = useConnections.getState().importProfile(await file.text());
      onResult({ imported, problems, fileName: file.name });
    } catch (e) {
      onResult({ imported: 0, problems: [`could not read the file: ${(e as Error).message}`], fileName: file.name });
    } finally {
      input.value = ''; // choosing the same file again imports it again
    }
  };
  return (
    <label className="btn" title="Import a connection profile (JSON)">
      Import…
      <input
        type="file"
        accept=".json,application/json"
        className="visually-hidden"
        data-testid="import-connections"
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
