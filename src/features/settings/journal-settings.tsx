import { useEffect, useState } from 'react';
import { isoTime } from '../../components/format/time-format';
import {
  MAX_FILLS_RANGE,
  RETENTION_DAYS_RANGE,
  useJournalStatus,
  type JournalStats,
  type StoragePersistence,
} from '../../store/journal';
import { useSettings, type JournalSettings } from '../../store/settings-store';
import '../shared/journal.css';

const count = (n: number) => n.toLocaleString('en-US');
const dateTime = (t: number) => isoTime(t).replace('T', ' ').slice(0, 19);

/**
 * A whole-number setting, applied on Enter or when the field loses focus (brought into range), never
 * while typing: typing "30" must not prune to 3 days on the way.
 */
function NumberSetting({
  id,
  label,
  unit,
  value,
  range,
  onCommit,
}: {
  id: string;
  label: string;
  unit: string;
  value: number;
  range: { min: number; max: number };
  onCommit(n: number): void;
}) {
  const [draft, setDraft] = useState(String(value));
  // The saved value changed (here or elsewhere): show it (React's "adjust state on a prop change").
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setDraft(String(value));
  }
  const commit = () => {
    const parsed = Number(draft);
    const n =
      draft.trim() !== '' && Number.isFinite(parsed)
        ? Math.min(range.max, Math.max(range.min, Math.round(parsed)))
        : value;
    setDraft(String(n));
    if (n !== value) onCommit(n);
  };
  return (
    <div className="settings-row">
      <label className="settings-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        type="number"
        min={range.min}
        max={range.max}
        step={1}
        data-testid={id}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      <span className="journal-unit">{unit}</span>
    </div>
  );
}

function Counts({ stats }: { stats: JournalStats | undefined }) {
  return (
    <dl className="journal-counts" data-testid="journal-stats">
      <dt>Fills</dt>
      <dt>Orders</dt>
      <dt>Samples</dt>
      <dt>Gaps</dt>
      <dt>Oldest</dt>
      <dd data-testid="journal-count-fills">{stats ? count(stats.fills) : '—'}</dd>
      <dd data-testid="journal-count-orders">{stats ? count(stats.orders) : '—'}</dd>
      <dd data-testid="journal-count-samples">{stats ? count(stats.samples) : '—'}</dd>
      <dd data-testid="journal-count-gaps">{stats ? count(stats.gaps) : '—'}</dd>
      <dd data-testid="journal-oldest">
        {stats?.oldest !== undefined ? <time dateTime={isoTime(stats.oldest)}>{dateTime(stats.oldest)} UTC</time> : '—'}
      </dd>
    </dl>
  );
}

const PERSISTENCE_TEXT: Record<StoragePersistence, string> = {
  persistent: 'persistent: the browser will not delete the journal to free disk space.',
  'best-effort':
    'best effort: the browser may delete the journal when disk space runs low (it did not grant persistent storage; bookmarking or installing the site can change that).',
  unsupported: 'this browser cannot be asked to keep the journal: it may delete it when disk space runs low.',
};

function Persistence() {
  const persistence = useJournalStatus((s) => s.persistence);
  const problem = useJournalStatus((s) => s.persistenceProblem);
  return (
    <p
      className={`journal-line${persistence === 'persistent' ? ' journal-line--ok' : ''}`}
      data-testid="journal-persistence"
      data-persistence={persistence ?? 'asking'}
    >
      Storage: {persistence ? PERSISTENCE_TEXT[persistence] : 'asking the browser for persistent storage…'}
      {problem ? ` (${problem})` : ''}
    </p>
  );
}

/**
 * Settings drawer section: the history journal in IndexedDB. What it holds (fills, order states,
 * equity samples, the oldest record), how long it keeps them, and "Clear history" behind an in-app
 * confirmation.
 */
export function JournalSettingsSection() {
  const journal = useSettings((s) => s.journal);
  const updateJournal = useSettings((s) => s.updateJournal);
  const { phase, problem, stats, restored, clearedAt, controller, writeFailure } = useJournalStatus();
  const [confirming, setConfirming] = useState(false);
  const [clearing, setClearing] = useState(false);
  const [clearError, setClearError] = useState<string | undefined>();

  // Counts are refreshed after writes; opening the drawer counts once more so they are current.
  useEffect(() => {
    void controller?.refreshStats();
  }, [controller]);

  const clear = async () => {
    if (!controller) return;
    setClearing(true);
    setClearError(undefined);
    try {
      await controller.clear();
      setConfirming(false);
    } catch (e) {
      setClearError(e instanceof Error ? e.message : String(e));
    } finally {
      setClearing(false);
    }
  };
  const set = (patch: Partial<JournalSettings>) => updateJournal(patch);

  return (
    <section className="settings-section journal-settings" data-testid="settings-journal" data-phase={phase}>
      <h3>History journal</h3>
      {phase === 'unavailable' ? (
        <p className="journal-line journal-line--bad" data-testid="journal-unavailable-reason">
          Not available: {problem}
        </p>
      ) : (
        <>
          <Counts stats={stats} />
          {restored ? (
            <p className="journal-line" data-testid="journal-restored">
              Restored at start: {count(restored.fills)} fills, {count(restored.orders)} orders,{' '}
              {count(restored.samples)} samples, {count(restored.gaps)} gaps
              {restored.skipped > 0 ? `; ${count(restored.skipped)} unreadable records skipped` : ''}.
            </p>
          ) : null}
          {problem ? (
            <p className="journal-line journal-line--bad" data-testid="journal-problem">
              {problem}
            </p>
          ) : null}
          {writeFailure ? (
            <p className="journal-line journal-line--bad" data-testid="journal-write-problem">
              Writes are failing ({writeFailure.error.replace(/\.$/, '')}): see the notice under the header.
            </p>
          ) : null}
          <Persistence />
        </>
      )}

      <NumberSetting
        id="journal-retention-days"
        label="Keep history"
        unit="days"
        value={journal.retentionDays}
        range={RETENTION_DAYS_RANGE}
        onCommit={(n) => set({ retentionDays: n })}
      />
      <NumberSetting
        id="journal-max-fills"
        label="Fills at most"
        unit="(oldest pruned first)"
        value={journal.maxFills}
        range={MAX_FILLS_RANGE}
        onCommit={(n) => set({ maxFills: n })}
      />

      <div className="settings-row">
        <span className="settings-label" />
        <button
          type="button"
          className="btn btn--danger"
          data-testid="journal-clear"
          disabled={!controller || confirming || clearing}
          onClick={() => setConfirming(true)}
        >
          Clear history
        </button>
      </div>
      {confirming ? (
        <div
          className="journal-confirm"
          role="alertdialog"
          aria-labelledby="journal-confirm-text"
          data-testid="journal-clear-dialog"
        >
          <p id="journal-confirm-text">
            Delete every journaled fill, order state, equity sample and gap record
            {stats
              ? ` (${count(stats.fills)} fills, ${count(stats.orders)} orders, ${count(stats.samples)} samples, ${count(stats.gaps)} gaps)`
              : ''}{' '}
            from this browser? What the page shows now stays until the next reload; it cannot be undone.
          </p>
          <button
            type="button"
            className="btn btn--danger"
            data-testid="journal-clear-confirm"
            disabled={clearing}
            onClick={() => void clear()}
          >
            {clearing ? 'Clearing…' : 'Delete history'}
          </button>
          <button
            type="button"
            className="btn"
            data-testid="journal-clear-cancel"
            disabled={clearing}
            onClick={() => setConfirming(false)}
          >
            Cancel
          </button>
        </div>
      ) : null}
      {clearError ? (
        <p className="journal-line journal-line--bad" data-testid="journal-clear-error">
          Could not clear the history: {clearError}
        </p>
      ) : null}
      {clearedAt !== undefined && !confirming ? (
        <p className="journal-line journal-line--ok" data-testid="journal-cleared">
          History cleared at {dateTime(clearedAt)} UTC: the journal is empty; new activity is journaled from now on.
        </p>
      ) : null}
    </section>
  );
}
