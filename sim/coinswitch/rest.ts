import type { CoinswitchExecution, CoinswitchOrder, CoinswitchRestEnvelope } from '../../src/venues/coinswitch/wire';
import type { CoinswitchHistory } from './history';

/**
 * The HFT REST reads a client needs after a gap (docs/venues/coinswitch.md, "Recovery after a gap"),
 * Bybit V5 style, answered from the account's history (history.ts). Pure: query in, status and body
 * out; http.ts checks the request's signature first, exactly as for the signature endpoint.
 *
 * - `GET /v5/execution/list?category=linear&startTime&endTime&limit&cursor`: executions as the trade
 *   subject's `o[]`, newest first. Without times the last 7 days; only `startTime`: 7 days from it; only
 *   `endTime`: 7 days up to it. A window over 7 days, or an end before the start, is refused.
 *   `limit` 1–100 (default 50).
 * - `GET /v5/order/realtime?category=linear&openOnly=0&limit&cursor`: open orders and the ones closed in
 *   the last 7 days [guess], as the order subject's `o`, newest created first. `limit` 1–50 (default 20).
 * - Paging: `nextPageCursor` is "" on the last page, else an opaque cursor naming the last item; the next
 *   page starts after it, so items added meanwhile (newer) never shift a page.
 * - Envelope `{retCode, retMsg, result:{category, list, nextPageCursor}, retExtInfo:{}, time}`;
 *   parameter errors are retCode 10001 with HTTP 200, as Bybit answers them [guess].
 * - Paths are written here from the docs (not taken from the adapter, so a slip there shows up).
 */

export const EXECUTION_LIST_PATH = '/v5/execution/list';
export const ORDER_REALTIME_PATH = '/v5/order/realtime';
export const REST_PATHS: readonly string[] = [EXECUTION_LIST_PATH, ORDER_REALTIME_PATH];

const DAY_MS = 86_400_000;
const MAX_WINDOW_MS = 7 * DAY_MS;
/** Bybit's parameter error. */
export const RET_PARAMS = 10001;

export interface RestAnswer {
  status: number;
  body: CoinswitchRestEnvelope<CoinswitchExecution | CoinswitchOrder>;
}

export function bybitError(retCode: number, retMsg: string, now: number): RestAnswer['body'] {
  return { retCode, retMsg, result: {}, retExtInfo: {}, time: now };
}

function page<T extends CoinswitchExecution | CoinswitchOrder>(
  list: T[],
  nextPageCursor: string,
  now: number,
): RestAnswer {
  return {
    status: 200,
    body: { retCode: 0, retMsg: 'OK', result: { category: 'linear', list, nextPageCursor }, retExtInfo: {}, time: now },
  };
}

const paramsError = (message: string, now: number): RestAnswer => ({
  status: 200,
  body: bybitError(RET_PARAMS, `params error: ${message}`, now),
});

export function executionList(query: URLSearchParams, history: CoinswitchHistory, now: number): RestAnswer {
  if (query.get('category') !== 'linear') return paramsError('category must be linear', now);
  const limit = limitOf(query, 50, 100);
  if (limit === undefined) return paramsError('limit must be an integer from 1 to 100', now);
  const start = millisOf(query.get('startTime'));
  const end = millisOf(query.get('endTime'));
  if (start === null || end === null) return paramsError('startTime and endTime are Unix ms', now);
  const endTime = end ?? (start !== undefined ? start + MAX_WINDOW_MS : now);
  const startTime = start ?? endTime - MAX_WINDOW_MS;
  if (endTime < startTime) return paramsError('endTime is before startTime', now);
  if (endTime - startTime > MAX_WINDOW_MS)
    return paramsError('the time range between startTime and endTime cannot exceed 7 days', now);
  const after = cursorOf(query.get('cursor'), 'seq');
  if (after === null) return paramsError('invalid cursor', now);
  const all = history.executions(startTime, endTime).filter((e) => after === undefined || e.seq < after);
  const list = all.slice(0, limit);
  const last = list[list.length - 1];
  return page(list, all.length > limit && last ? encodeCursor('seq', last.seq) : '', now);
}

export function orderRealtime(query: URLSearchParams, history: CoinswitchHistory, now: number): RestAnswer {
  if (query.get('category') !== 'linear') return paramsError('category must be linear', now);
  const openOnly = query.get('openOnly');
  if (openOnly !== null && openOnly !== '0')
    return paramsError('openOnly: only 0 (open and recent closed orders) is served', now);
  const limit = limitOf(query, 20, 50);
  if (limit === undefined) return paramsError('limit must be an integer from 1 to 50', now);
  const after = cursorOf(query.get('cursor'), 'created');
  if (after === null) return paramsError('invalid cursor', now);
  const all = history.openAndRecent(now).filter((r) => after === undefined || r.created < after);
  const list = all.slice(0, limit);
  const last = list[list.length - 1];
  return page(
    list.map((r) => r.order),
    all.length > limit && last ? encodeCursor('created', last.created) : '',
    now,
  );
}

function limitOf(query: URLSearchParams, fallback: number, max: number): number | undefined {
  const raw = query.get('limit');
  if (raw === null) return fallback;
  if (!/^\d{1,4}$/.test(raw)) return undefined;
  const value = Number(raw);
  return value >= 1 && value <= max ? value : undefined;
}

/** undefined when absent, null when not Unix ms. */
function millisOf(raw: string | null): number | undefined | null {
  if (raw === null) return undefined;
  return /^\d{1,16}$/.test(raw) ? Number(raw) : null;
}

/** Opaque to clients: base64url of "<kind>:<n>". */
function encodeCursor(kind: string, n: number): string {
  return Buffer.from(`${kind}:${n}`, 'utf8').toString('base64url');
}

/** undefined when absent or "", null when it is not a cursor of this list. */
function cursorOf(raw: string | null, kind: string): number | undefined | null {
  if (raw === null || raw === '') return undefined;
  const match = /^([a-z]+):(\d{1,16})$/.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  return match && match[1] === kind ? Number(match[2]) : null;
}
