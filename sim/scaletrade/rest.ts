import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Num } from '../core/num';
import { readJsonObject, reply, type Route } from './http';
import { seconds } from './frames';
import { wireNumber } from './money';
import { scaletradeSymbol } from './symbols';
import type { Ticket } from './ticket';
import type { TokenCheck } from './auth';

/**
 * The Client REST trade history (scaletrade.com/client-api/rest/trade/GetHistoryTrades/, "Get History
 * Trades"): `GET /trades/history/login` with `Authorization: <JWT_TOKEN>` (the session JWT as is, no
 * scheme, as the REST overview shows) and `login`, `from`, `to`, answering the closed trades of the
 * login whose close time is in the range as `{"structure":[...], "rows":[[...]]}`.
 *
 * [guess] The docs give the parameters as a JSON body of a GET, which browsers cannot send: the query
 * string is read, and a JSON body when the query has none. [guess] `from` / `to` are Unix seconds,
 * both inclusive. [guess] Deleted pending orders are history rows too (MT4 style, their pending cmd);
 * rows are in closing order; `state` is the stream's value (the docs' example shows 2 for a closed
 * trade, which the stream's guessed numbering gives a deleted order: the adapter does not read it);
 * `reason` 0, `sl` / `tp` 0, `expiration` 0. The docs give no paging for this endpoint: there is none.
 *
 * Errors: no or a bad token -> 401 `PERMISSION_DENIED`; parameters missing, not integers, `from` after
 * `to`, or a login the token may not read -> 400 `INVALID_DATA` with a message.
 */

export const HISTORY_PATH = '/trades/history/login';

export const HISTORY_STRUCTURE = [
  'order',
  'login',
  'cmd',
  'state',
  'symbol',
  'reason',
  'volume',
  'open_time',
  'close_time',
  'open_price',
  'close_price',
  'sl',
  'tp',
  'profit',
  'commission',
  'storage',
  'comment',
  'digits',
  'expiration',
] as const;

export interface HistorySource {
  /** Closed and deleted tickets, in closing order (tickets.ts `history`). */
  readonly history: readonly Ticket[];
  readonly login: number;
  check(token: unknown): TokenCheck;
  /** Price digits of a core symbol (the row's `digits`). */
  digits(coreSymbol: string): number;
}

type Row = (string | number)[];

function row(t: Ticket, login: number, digits: number): Row {
  const n = (v: Num) => wireNumber(v);
  return [
    t.ticket,
    login,
    t.cmd,
    t.state,
    scaletradeSymbol(t.coreSymbol),
    0,
    t.volume,
    seconds(t.openTime),
    seconds(t.closeTime),
    n(t.openPrice),
    n(t.closePrice),
    0,
    0,
    n(t.profit),
    n(t.commission),
    n(t.storage),
    t.comment,
    digits,
    0,
  ];
}

/** The rows of `login` closed between `from` and `to` (Unix seconds, inclusive). */
export function historyRows(source: HistorySource, from: number, to: number): Row[] {
  return source.history
    .filter((t) => seconds(t.closeTime) >= from && seconds(t.closeTime) <= to)
    .map((t) => row(t, source.login, source.digits(t.coreSymbol)));
}

const invalid = (res: ServerResponse, message: string) => reply(res, 400, { error: 'INVALID_DATA', message });

/** A whole number given as a JSON number or as digits (query values are text). */
function whole(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : undefined;
}

async function history(req: IncomingMessage, res: ServerResponse, url: URL, source: HistorySource): Promise<void> {
  const check = source.check(req.headers.authorization);
  if (!check.ok) return reply(res, 401, { error: 'PERMISSION_DENIED' });
  const query = url.searchParams;
  const params: Record<string, unknown> = query.has('login')
    ? Object.fromEntries(query.entries())
    : ((await readJsonObject(req)) ?? {});
  const login = whole(params.login);
  const from = whole(params.from);
  const to = whole(params.to);
  if (login === undefined || from === undefined || to === undefined)
    return invalid(res, 'login, from and to are required integers');
  if (from > to) return invalid(res, 'from is after to');
  if (!check.logins.includes(login) || login !== source.login) return invalid(res, "login is not this session's");
  reply(res, 200, { structure: HISTORY_STRUCTURE, rows: historyRows(source, from, to) });
}

export function restRoutes(source: HistorySource): Route[] {
  return [{ method: 'GET', path: HISTORY_PATH, handle: (req, res, url) => history(req, res, url, source) }];
}
