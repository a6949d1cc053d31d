import { downloadText } from '../../components/download';
import { usePortfolio } from '../../store/portfolio-store';
import { snapshotJson } from '../../store/snapshot';

/** Downloads snapshot.json: the normalized state at this moment (CONTRACT.md section 3). */
export function ExportSnapshotButton() {
  const exportSnapshot = () => downloadText('snapshot.json', snapshotJson(usePortfolio.getState(), Date.now()), 'application/json');
  return (
    <button type="button" className="btn btn--primary" data-testid="export-snapshot" onClick={exportSnapshot}>
      Export snapshot
    </button>
  );
}
