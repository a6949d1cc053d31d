import { useState } from 'react';
import { isoTime } from '../../components/format/time-format';
import { LIMITS } from '../../store/state';
import { MAX_BUFFERED_RECORDS, useJournalStatus } from '../../store/journal';
import '../shared/journal.css';

const count = (n: number) => n.toLocaleString('en-US');
const clock = (t: number) => `${isoTime(t).slice(11, 19)} UTC`;
const withoutStop = (text: string) => text.replace(/\.$/, '');
const dateTime = (t: number) => `${isoTime(t).replace('T', ' ').slice(0, 19)} UTC`;

/**
 * On the board, under the header, while the journal cannot write: what fails, what is kept and
 * retried, and what to do (docs/architecture.md, journal). It goes away with the next successful
 * write. After the retry buffer overflowed and the journal was rewritten from the page, it says what
 * the journal may miss until dismissed.
 */
export function JournalWriteNotice() {
  const failure = useJournalStatus((s) => s.writeFailure);
  const rewrite = useJournalStatus((s) => s.rewrite);
  const controller = useJournalStatus((s) => s.controller);
  const [retrying, setRetrying] = useState(false);
  const [dismissedRewrite, setDismissedRewrite] = useState<number | undefined>();

  if (failure) {
    const retry = async () => {
      setRetrying(true);
      try {
        await controller?.retryNow();
      } finally {
        setRetrying(false);
      }
    };
    return (
      <div
        className="journal-write-notice"
        role="alert"
        data-testid="journal-write-failing"
        data-failures={failure.failures}
      >
        <p>
          <strong>History is not being saved.</strong> Writing to this browser&apos;s storage has failed since{' '}
          {clock(failure.since)}, {count(failure.failures)} {failure.failures === 1 ? 'try' : 'tries'} (
          {withoutStop(failure.error)}).{' '}
          {failure.overflowed
            ? `More than ${count(MAX_BUFFERED_RECORDS)} changes waited, so this tab stopped holding them one by one: once writing works, the journal is rewritten from what the page holds (at most the newest ${count(LIMITS.fills)} fills).`
            : `${count(failure.pending)} changes are kept in this tab and written as soon as storage accepts them.`}{' '}
          Next try at {clock(failure.nextRetryAt)}.
        </p>
        <p>
          Keep this tab open (closing or reloading it loses what is not saved). Free disk space or close other tabs of
          this site, then retry.
        </p>
        <button
          type="button"
          className="btn"
          data-testid="journal-write-retry"
          disabled={!controller || retrying}
          onClick={() => void retry()}
        >
          {retrying ? 'Retrying…' : 'Retry now'}
        </button>
      </div>
    );
  }
  if (rewrite && dismissedRewrite !== rewrite.at) {
    return (
      <div className="journal-write-notice journal-write-notice--after" role="status" data-testid="journal-rewritten">
        <p>
          History saved again at {clock(rewrite.at)}: the journal was rewritten from what this page holds.
          {rewrite.fillsMayMissBefore !== undefined
            ? ` Fills before ${dateTime(rewrite.fillsMayMissBefore)} that arrived while saving failed may be missing from it.`
            : ' No fill the page received is missing from it.'}
        </p>
        <button type="button" className="btn" onClick={() => setDismissedRewrite(rewrite.at)}>
          Dismiss
        </button>
      </div>
    );
  }
  return null;
}
