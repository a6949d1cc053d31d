import { isDecimalText } from '../../domain/decimal';
import { validateInstrument } from '../../domain/conformance/validators';
import type { Instrument } from '../../domain/instrument';
import { GAP_RECOVERIES, ORDER_STATUSES, type Fill, type GapRecord, type OrderUpdate } from '../../domain/types';
import type { EquitySample } from '../state';

/**
 * What the journal keeps in IndexedDB, one object store each (schema version JOURNAL_DB_VERSION):
 *   fills    the domain Fill as applied,            key [connectionId, fillId], index `time`
 *   orders   the merged order state (OrderUpdate),  key [connectionId, orderId], index `updatedAt`
 *   samples  EquitySample (USD),                    key `time`
 *   realized the realized PnL of positions closed so far (PortfolioState.closedRealized), one running
 *            total per connection and settle asset,   key `key` = `${connectionId}|${asset}` (version 2)
 *   instruments  what each symbol stands for (the domain Instrument), key [connectionId, symbol]
 *            (version 2): restored fills of a symbol the venue has not touched since the reload still
 *            convert (a fills-only venue's realized PnL is in the symbol's quote asset)
 *   gaps     the newest record of each gap (GapRecord), key [connectionId, from], index `from` (version 3)
 *   liveness the last moment each connection was live ({connectionId, liveUntil}), key `connectionId`
 *            (version 3): after a reload, the "page closed" gap starts there (resume.ts)
 * Records are the store's own objects (structured clone), so a restore applies them unchanged. They
 * are checked on the way back in: a record a future or broken build wrote is skipped, never applied.
 */
export const JOURNAL_DB_NAME = 'venueboard-journal';
export const JOURNAL_DB_VERSION = 3;

export const JOURNAL_STORES = {
  fills: { name: 'fills', keyPath: ['connectionId', 'fillId'], timeIndex: 'time' },
  orders: { name: 'orders', keyPath: ['connectionId', 'orderId'], timeIndex: 'updatedAt' },
  samples: { name: 'samples', keyPath: 'time' },
  realized: { name: 'realized', keyPath: 'key' },
  instruments: { name: 'instruments', keyPath: ['connectionId', 'symbol'] },
  gaps: { name: 'gaps', keyPath: ['connectionId', 'from'], timeIndex: 'from' },
  liveness: { name: 'liveness', keyPath: 'connectionId' },
} as const;

export type FillRecord = Fill;
export type OrderRecord = OrderUpdate;
export type SampleRecord = EquitySample;
export type GapJournalRecord = GapRecord;

/** The last moment the page had a connection live: its `lastMessageAt` while its status was `live`. */
export interface LivenessRecord {
  connectionId: string;
  liveUntil: number;
}

/** One entry of PortfolioState.closedRealized: the summed final realized PnL of closed positions. */
export interface RealizedRecord {
  /** `${connectionId}|${asset}`, the store's key (asset '' when the positions named no settle asset). */
  key: string;
  connectionId: string;
  asset: string;
  amount: string;
  /** How many of the closes summed were priced by inference (PortfolioState.closedRealizedInferred); absent: none. */
  inferredCloses?: number;
}

export interface JournalRecords {
  fills: FillRecord[];
  orders: OrderRecord[];
  samples: SampleRecord[];
  /** Absent: nothing journaled (a version-1 journal, or a caller that keeps none). */
  realized?: RealizedRecord[];
  /** Absent: nothing journaled (as `realized`). */
  instruments?: InstrumentRecord[];
  /** Absent: nothing journaled (a journal older than version 3). */
  gaps?: GapJournalRecord[];
  /** Absent: nothing journaled (as `gaps`). */
  liveness?: LivenessRecord[];
}

export type InstrumentRecord = Instrument;

export const emptyRecords = (): JournalRecords => ({
  fills: [],
  orders: [],
  samples: [],
  realized: [],
  instruments: [],
  gaps: [],
  liveness: [],
});
export const instrumentRecordKey = (i: Pick<Instrument, 'connectionId' | 'symbol'>): [string, string] => [
  i.connectionId,
  i.symbol,
];

export const gapRecordKey = (g: Pick<GapRecord, 'connectionId' | 'from'>): [string, number] => [g.connectionId, g.from];

export const realizedKey = (connectionId: string, asset: string): string => `${connectionId}|${asset}`;

/** The record of a `closedRealized` entry (its key split at the first `|`; connection ids hold none). */
export function realizedRecord(key: string, amount: string, inferredCloses = 0): RealizedRecord {
  const bar = key.indexOf('|');
  return {
    key,
    connectionId: key.slice(0, bar),
    asset: key.slice(bar + 1),
    amount,
    ...(inferredCloses > 0 ? { inferredCloses } : {}),
  };
}

/** The IndexedDB key of a fill / an order record (array keys, as the key paths above). */
export const orderRecordKey = (o: Pick<OrderUpdate, 'connectionId' | 'orderId'>): [string, string] => [
  o.connectionId,
  o.orderId,
];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const optionalDecimal = (v: unknown) => v === undefined || isDecimalText(v);

export function isFillRecord(v: unknown): v is FillRecord {
  return (
    isRecord(v) &&
    typeof v.connectionId === 'string' &&
    typeof v.fillId === 'string' &&
    typeof v.symbol === 'string' &&
    (v.side === 'buy' || v.side === 'sell') &&
    isDecimalText(v.price) &&
    isDecimalText(v.quantity) &&
    optionalDecimal(v.fee) &&
    isTime(v.time)
  );
}

export function isOrderRecord(v: unknown): v is OrderRecord {
  return (
    isRecord(v) &&
    typeof v.connectionId === 'string' &&
    typeof v.orderId === 'string' &&
    isTime(v.updatedAt) &&
    (v.status === undefined || (ORDER_STATUSES as readonly unknown[]).includes(v.status)) &&
    optionalDecimal(v.filledQuantity) &&
    optionalDecimal(v.quantity)
  );
}

export function isSampleRecord(v: unknown): v is SampleRecord {
  return (
    isRecord(v) &&
    isTime(v.time) &&
    isDecimalText(v.equity) &&
    isDecimalText(v.unrealizedPnl) &&
    isDecimalText(v.realizedPnl)
  );
}

export function isRealizedRecord(v: unknown): v is RealizedRecord {
  return (
    isRecord(v) &&
    typeof v.connectionId === 'string' &&
    v.connectionId !== '' &&
    !v.connectionId.includes('|') &&
    typeof v.asset === 'string' &&
    v.key === realizedKey(v.connectionId, v.asset) &&
    isDecimalText(v.amount) &&
    (v.inferredCloses === undefined || (Number.isSafeInteger(v.inferredCloses) && (v.inferredCloses as number) > 0))
  );
}

export function isInstrumentRecord(v: unknown): v is InstrumentRecord {
  return isRecord(v) && validateInstrument(v as unknown as Instrument).length === 0;
}

export function isGapRecord(v: unknown): v is GapJournalRecord {
  return (
    isRecord(v) &&
    typeof v.connectionId === 'string' &&
    v.connectionId !== '' &&
    isTime(v.from) &&
    (v.to === null || (isTime(v.to) && v.to >= v.from)) &&
    (GAP_RECOVERIES as readonly unknown[]).includes(v.recovered) &&
    (v.cause === undefined || typeof v.cause === 'string') &&
    (v.detail === undefined || typeof v.detail === 'string')
  );
}

export function isLivenessRecord(v: unknown): v is LivenessRecord {
  return isRecord(v) && typeof v.connectionId === 'string' && v.connectionId !== '' && isTime(v.liveUntil);
}

/** Keep the well-formed records; count the rest (shown, never applied). */
export function checkRecords(raw: {
  fills: unknown[];
  orders: unknown[];
  samples: unknown[];
  realized?: unknown[];
  instruments?: unknown[];
  gaps?: unknown[];
  liveness?: unknown[];
}): {
  records: JournalRecords;
  skipped: number;
} {
  const fills = raw.fills.filter(isFillRecord);
  const orders = raw.orders.filter(isOrderRecord);
  const samples = raw.samples.filter(isSampleRecord);
  const rawRealized = raw.realized ?? [];
  const realized = rawRealized.filter(isRealizedRecord);
  const rawInstruments = raw.instruments ?? [];
  const instruments = rawInstruments.filter(isInstrumentRecord);
  const rawGaps = raw.gaps ?? [];
  const gaps = rawGaps.filter(isGapRecord);
  const rawLiveness = raw.liveness ?? [];
  const liveness = rawLiveness.filter(isLivenessRecord);
  const skipped =
    raw.fills.length -
    fills.length +
    (raw.orders.length - orders.length) +
    (raw.samples.length - samples.length) +
    (rawRealized.length - realized.length) +
    (rawInstruments.length - instruments.length) +
    (rawGaps.length - gaps.length) +
    (rawLiveness.length - liveness.length);
  return { records: { fills, orders, samples, realized, instruments, gaps, liveness }, skipped };
}
