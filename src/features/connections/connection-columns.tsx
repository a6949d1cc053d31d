import { Countdown } from '../../components/age-text';
import { ageColumn, countColumn, textColumn } from '../../components/data-table/column-builders';
import type { DataColumnDef } from '../../components/data-table/data-table-features';
import { isoTime } from '../../components/format/time-format';
import { ConnectionActionsCell, ConnectionErrorsCell } from './connection-actions';
import { ConnectionStatusCell } from './connection-status-cell';
import type { ConnectionRow } from '../shared/connection-row';

/** A stream is flagged when it has been quiet this long (the store's `stale` status is the authority). */
const QUIET_WARN_MS = 10_000;

export const connectionColumns: DataColumnDef<ConnectionRow>[] = [
  textColumn<ConnectionRow>({
    id: 'label',
    header: 'Connection',
    size: 100,
    value: (c) => c.label,
    render: (label, c) => (
      <span title={`${c.id}${c.url ? ` · ${c.url}` : ''}`}>
        {label}
        {label !== c.id ? <span className="muted"> {c.id}</span> : null}
      </span>
    ),
  }),
  textColumn<ConnectionRow>({ id: 'venue', header: 'Venue', size: 64, value: (c) => c.venue }),
  textColumn<ConnectionRow>({
    id: 'status',
    header: 'Status',
    // Room for the status and a gap in words ("live ⚠ fills 14:02:11–14:02:19 may…"); the other
    // columns gave up what their headers and values do not use, so the table still fits ~915 px.
    size: 210,
    value: (c) => c.status,
    render: (_status, c) => <ConnectionStatusCell row={c} />,
  }),
  ageColumn<ConnectionRow>({
    id: 'lastMessage',
    header: 'Last msg',
    size: 68,
    value: (c) => c.lastMessageAt,
    warnAfterMs: QUIET_WARN_MS,
  }),
  {
    id: 'rate',
    header: 'Msg/s',
    size: 48,
    accessorFn: (c) => c.messagesPerSecond,
    sortFn: 'basic',
    meta: { numeric: true },
    cell: ({ row: { original: c } }) =>
      c.messagesPerSecond === undefined ? (
        <span className="muted">—</span>
      ) : (
        <span
          className="num"
          title={`${c.messagesTotal ?? 0} messages, ${c.filteredTotal ?? 0} filtered out, ${c.duplicatesDropped ?? 0} duplicates dropped`}
        >
          {c.messagesPerSecond.toFixed(1)}
        </span>
      ),
  },
  countColumn<ConnectionRow>({ id: 'reconnects', header: 'Reconn', size: 54, value: (c) => c.reconnects }),
  {
    id: 'errors',
    header: 'Errors',
    size: 54,
    accessorFn: (c) => c.errorCount,
    sortFn: 'basic',
    meta: { numeric: true },
    cell: ({ row }) => <ConnectionErrorsCell row={row.original} />,
  },
  {
    id: 'credentialExpires',
    header: 'Cred. exp',
    size: 76,
    accessorFn: (c) => c.credentialExpiresAt,
    sortFn: 'basic',
    meta: { numeric: true, exportValue: (v) => (typeof v === 'number' ? isoTime(v) : '') },
    // Five minutes of warning: enough to fetch a fresh token (Rails tokens live 30 minutes). A keyring
    // credential is renewed by itself, so it never warns.
    cell: ({ row }) => (
      <Countdown
        until={row.original.credentialExpiresAt}
        warnBelowMs={5 * 60_000}
        renews={row.original.credentialRenews === true}
      />
    ),
  },
  {
    id: 'actions',
    header: '',
    size: 90,
    enableSorting: false,
    meta: { exportable: false, label: 'Actions' },
    cell: ({ row }) => <ConnectionActionsCell row={row.original} />,
  },
];

export const connectionRowId = (c: ConnectionRow): string => c.id;
