import { useState, type DragEvent } from 'react';
import { downloadText } from '../../components/download';
import type { ReplaySpeed } from '../../ingest/recording/player';
import { useRecordings } from '../../store/recording-store';
import type { ConnectionRow } from '../shared/connection-row';

/**
 * Record and replay in the connections panel (docs/record-replay.md): a Record / Stop toggle and the
 * download of the finished recording on each configured row; a Replay control (choose or drop a
 * recording, at 1x, 10x or max) that adds a read-only replay row.
 */

/**
 * The row's recording, as items of the row's Actions menu: Record, or Stop while recording (with the
 * lines so far), then Download.
 */
export function RecordControls({ row }: { row: ConnectionRow }) {
  const lines = useRecordings((s) => s.active[row.id]);
  const finished = useRecordings((s) => s.finished[row.id]);
  const { start, stop } = useRecordings.getState();
  const recording = lines !== undefined;
  return (
    <>
      <button
        type="button"
        role="menuitemcheckbox"
        className={`row-menu-item${recording ? ' row-menu-item--danger' : ''}`}
        data-testid="record-connection"
        aria-checked={recording}
        onClick={() => (recording ? stop(row.id) : start(row.id))}
        title={
          recording
            ? `Recording the raw frames (${lines} lines so far): stop to download`
            : 'Record the raw frames (no secrets) to a file'
        }
      >
        {recording ? `Stop recording (${lines})` : 'Record'}
      </button>
      {finished && !recording ? (
        <button
          type="button"
          role="menuitem"
          className="row-menu-item"
          data-testid="download-recording"
          title={`${finished.lines} lines`}
          onClick={() => downloadText(finished.filename, finished.text, 'application/x-ndjson')}
        >
          Download recording
        </button>
      ) : null}
    </>
  );
}

/** A replay row's action: forget it. Other unconfigured rows (desk accounts) have none. */
export function ReplayRowActions({ row }: { row: ConnectionRow }) {
  const label = useRecordings((s) => s.replays[row.id]);
  if (label === undefined) return <span className="muted">not configured</span>;
  return (
    <span className="row-actions">
      <span className="muted" title={label}>
        replay
      </span>
      <button
        type="button"
        className="btn btn--xs btn--danger"
        data-testid="remove-replay"
        onClick={() => useRecordings.getState().forgetReplay(row.id)}
      >
        Remove
      </button>
    </span>
  );
}

/** Choose or drop a recording: it plays as a read-only connection at the chosen speed. */
export function ReplayButton() {
  const [speed, setSpeed] = useState<ReplaySpeed>('max');
  const [over, setOver] = useState(false);
  const play = async (file: File | undefined) => {
    if (!file) return;
    useRecordings.getState().replay(`Replay: ${file.name}`, await file.text(), speed);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    void play(event.dataTransfer.files[0]);
  };
  return (
    <span
      className={`replay-drop${over ? ' replay-drop--over' : ''}`}
      data-testid="replay-drop"
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <label className="btn" title="Replay a recording (.ndjson): choose it or drop it here">
        Replay…
        <input
          type="file"
          accept=".ndjson,.jsonl,application/x-ndjson"
          className="visually-hidden"
          data-testid="replay-file"
          onChange={(event) => {
            const input = event.currentTarget;
            void play(input.files?.[0]).finally(() => (input.value = ''));
          }}
        />
      </label>
      <select
        aria-label="Replay speed"
        data-testid="replay-speed"
        value={String(speed)}
        onChange={(event) => setSpeed(event.target.value === 'max' ? 'max' : event.target.value === '10' ? 10 : 1)}
      >
        <option value="1">1×</option>
        <option value="10">10×</option>
        <option value="max">max</option>
      </select>
    </span>
  );
}
