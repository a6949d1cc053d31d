import { downloadText } from '../../components/download';
import { usePortfolio } from '../../store/portfolio-store';
import { useSettings } from '../../store/settings-store';
import { snapshotJson } from '../../store/snapshot';

/** Downloads snapshot.json: the normalized state at this moment, totals in the base currency (docs/contract.md section 3). */
export function ExportSnapshotButton() {
  const exportSnapshot = () => {
    const { baseCurrency, stablesAtPar } = useSettings.getState();
    downloadText(
      'snapshot.json',
      snapshotJson(usePortfolio.getState(), Date.now(), { baseCurrency, stablesAtPar }),
      'application/json',
    );
  };
  return (
    <button type="button" className="btn btn--primary" data-testid="export-snapshot" onClick={exportSnapshot}>
      Export snapshot
    </button>
  );
}
