import type { GapWindow, RestRequest, RestResult } from '../types';
import type { Ticket } from './codec';
import { isMarketCmd, isPendingCmd } from './normalize';
import { ShapeError, anyText, decimal, integer, list, record, text, time } from './shape';
import { TRADE_CODE, TRADE_STATE } from './wire';

/**
 * ScaleTrade's closed-trade history over REST, the recovery after a gap (recovery.ts).
 *
 * Documented (scaletrade.com/client-api/rest/trade/GetHistoryTrades/, "Get History Trades"; the REST
 * overview scaletrade.com/client-api/rest/): `GET https://{broker_domain}/trades/history/login` with
 * `Authorization: <JWT_TOKEN>` (the session JWT as is, no scheme) and parameters `login`, `from`, `to`
 * ("Range start/end timestamp"), answering `{"structure":[column names], "rows":[[...], ...]}` with the
 * columns order, login, cmd, state, symbol, reason, volume, open_time, close_time, open_price,
 * close_price, sl, tp, profit, commission, storage, comment, digits, expiration. Errors:
 * `{"error":"INVALID_DATA","message":...}` (400), `RET_*` (4xx/5xx).
 *
 * [guess] The docs list the parameters as a JSON body of a GET, which a browser cannot send: they go
 * in the query string. [guess] `from` / `to` are Unix seconds (the rows' times are), both inclusive.
 * [guess] The rows' `state` numbers are not the WebSocket's (the docs' open trade shows 1, the closed
 * one 2): a row of this endpoint is closed by definition, so `state` is not read; a row with a pending
 * cmd (2–5) is a deleted pending order, one with another cmd (MT4 balance / credit operations) is not a
 * trade and is skipped. The endpoint documents no paging: a long window is asked in chunks instead
 * (`historyRequests`).
 */

export const HISTORY_PATH = '/trades/history/login';
/** Where the endpoint is documented (quoted in recovery details). */
export const HISTORY_DOC = 'scaletrade.com/client-api/rest/trade/GetHistoryTrades/';
/** [choice] A window longer than this is asked in several requests, one after the other. */
export const HISTORY_CHUNK_MS = 6 * 3_600_000;
/**
 * [choice] Seconds added on both sides of the window: the venue's times are whole seconds and its clock
 * is not the page's. Rows outside the gap are harmless: a ticket already finished is skipped, and one
 * this session never saw that closed before the gap derives its fills only (account.ts `applyHistory`).
 */
export const HISTORY_MARGIN_S = 30;

const REQUIRED_COLUMNS = [
  'order',
  'cmd',
  'symbol',
  'volume',
  'open_time',
  'close_time',
  'open_price',
  'close_price',
  'profit',
  'commission',
  'storage',
] as const;

/** The window in whole seconds (widened by the margin), cut into chunks of at most `chunkMs`. */
export function historyChunks(window: GapWindow, chunkMs = HISTORY_CHUNK_MS): { from: number; to: number }[] {
  const from = Math.floor(window.from / 1000) - HISTORY_MARGIN_S;
  const to = Math.ceil(window.to / 1000) + HISTORY_MARGIN_S;
  const step = Math.max(1, Math.floor(chunkMs / 1000));
  const chunks: { from: number; to: number }[] = [];
  for (let start = from; start <= to; start += step + 1) chunks.push({ from: start, to: Math.min(to, start + step) });
  return chunks;
}

export function historyRequest(id: string, login: number, chunk: { from: number; to: number }): RestRequest {
  return { id, path: HISTORY_PATH, query: { login: String(login), from: String(chunk.from), to: String(chunk.to) } };
}

export type HistoryAnswer =
  | { ok: true; tickets: Ticket[]; unreadable: number; errors: string[] }
  /** `retry`: worth asking again (network, timeout, 429, 5xx); otherwise the answer will not change. */
  | { ok: false; retry: boolean; reason: string };

/** A REST result -> the closed and deleted tickets of `login`, or why there are none. */
export function readHistoryAnswer(result: RestResult, login: number): HistoryAnswer {
  if (!result.ok) return { ok: false, retry: true, reason: result.error };
  const { status, body } = result;
  if (status !== 200) {
    const retry = status === 429 || status >= 500;
    return { ok: false, retry, reason: `HTTP ${status}${errorCode(body)}` };
  }
  try {
    return { ok: true, ...parseHistoryBody(JSON.parse(body) as unknown, login) };
  } catch (error) {
    const why = error instanceof ShapeError ? error.message : 'not JSON';
    return { ok: false, retry: false, reason: `the answer could not be read (${why})` };
  }
}

/** `{structure, rows}` -> tickets, reading each row by its column names. A row that cannot be read is counted. */
export function parseHistoryBody(
  json: unknown,
  login: number,
): { tickets: Ticket[]; unreadable: number; errors: string[] } {
  const o = record(json, 'history');
  const structure = list(o.structure, 'history.structure').map((c, i) => text(c, `history.structure[${i}]`));
  const missing = REQUIRED_COLUMNS.filter((c) => !structure.includes(c));
  if (missing.length > 0) throw new ShapeError(`history.structure: no ${missing.join(', ')}`);
  const rows = list(o.rows, 'history.rows');
  const column = new Map(structure.map((name, i) => [name, i]));
  const tickets: Ticket[] = [];
  const errors: string[] = [];
  rows.forEach((raw, i) => {
    try {
      const row = list(raw, `history.rows[${i}]`);
      const ticket = rowTicket((name) => row[column.get(name) ?? -1] ?? null, login, `history.rows[${i}]`);
      if (ticket) tickets.push(ticket);
    } catch (error) {
      errors.push(error instanceof ShapeError ? error.message : `history.rows[${i}]: unreadable`);
    }
  });
  return { tickets, unreadable: errors.length, errors };
}

/** One row -> a CLOSED market ticket or a DELETED pending one; undefined for another login or a non-trade. */
function rowTicket(at: (column: string) => unknown, login: number, path: string): Ticket | undefined {
  const rowLogin = at('login');
  if (rowLogin !== null && integer(rowLogin, `${path}.login`) !== login) return undefined;
  const cmd = integer(at('cmd'), `${path}.cmd`);
  if (!isMarketCmd(cmd) && !isPendingCmd(cmd)) return undefined;
  const volume = integer(at('volume'), `${path}.volume`);
  if (volume < 0) throw new ShapeError(`${path}.volume: expected a non-negative integer`);
  const d = (name: string) => decimal(at(name), `${path}.${name}`);
  const optional = (name: string) => (at(name) === null ? '0' : d(name));
  const comment = at('comment');
  const closed = isMarketCmd(cmd);
  return {
    order: integer(at('order'), `${path}.order`),
    login,
    symbol: text(at('symbol'), `${path}.symbol`),
    cmd,
    volume,
    openPrice: d('open_price'),
    closePrice: d('close_price'),
    openTime: time(at('open_time'), `${path}.open_time`),
    closeTime: time(at('close_time'), `${path}.close_time`),
    tp: optional('tp'),
    sl: optional('sl'),
    state: closed ? TRADE_STATE.CLOSED : TRADE_STATE.DELETED,
    storage: d('storage'),
    commission: d('commission'),
    profit: d('profit'),
    comment: comment === null ? '' : anyText(comment, `${path}.comment`),
    code: closed ? TRADE_CODE.CLOSED : TRADE_CODE.DELETED,
  };
}

/** " INVALID_DATA" from an error body `{"error":"INVALID_DATA",...}`: a short code only, never the rest. */
function errorCode(body: string): string {
  try {
    const error = (JSON.parse(body) as { error?: unknown }).error;
    return typeof error === 'string' && /^[A-Z0-9_]{1,40}$/.test(error) ? ` ${error}` : '';
  } catch {
    return '';
  }
}
