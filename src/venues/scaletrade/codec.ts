import { clip } from '../shared/session-output';
import { decodeJsonFrame, UnknownFrame, type FrameDecodeError, type FrameDecodeResult } from '../shared/frame-decoding';
import {
  ShapeError,
  anyText,
  decimal,
  flag,
  idText,
  integer,
  list,
  optionalDecimal,
  optionalTime,
  record,
  text,
  time,
  tuple,
  type Fields,
} from './shape';
import {
  ALERT,
  ALERT_LENGTH,
  BALANCE,
  BALANCE_LENGTH,
  NOTIFICATION,
  NOTIFICATION_LENGTH_WITHOUT_DATA,
  NOTIFICATION_LENGTH_WITH_DATA,
  QUOTE,
  QUOTE_LENGTH,
  SCALETRADE_PONG,
  TRADE,
  TRADE_LENGTH,
  type ScaletradeAccountStateMarker,
  type ScaletradeAccountSwitchReply,
  type ScaletradeAuthorizationReply,
  type ScaletradeControlFrame,
  type ScaletradeSubscriptionReply,
} from './wire';

/**
 * ScaleTrade codec: text -> checked frame, or a typed decode error. Pure; never throws.
 * Docs: scaletrade.com/client-api/ws/ (= seed 003) and docs/venues/scaletrade.md (array layouts,
 * auth replies, account.switch).
 *
 * The compact arrays are decoded strictly by position into named records: a wrong length or a wrong
 * type anywhere is `malformed`. Prices and amounts become canonical decimal text; times become Unix ms
 * (seconds or ms detected per value, see `time` in shape.ts). The `parse*` functions take a JSON value
 * and return the record or throw a `ShapeError`; `decodeScaletradeFrame` is the only entry point that
 * catches.
 */

/** `t`: a quote. */
export interface Quote {
  symbol: string;
  bid: string;
  ask: string;
  /** `ctm` as Unix ms; undefined when 0. */
  time: number | undefined;
}

/** `b`: the account's balance figures. The frame names no currency. */
export interface AccountBalance {
  login: number;
  balance: string;
  margin: string;
  marginFree: string;
  /** Equity / margin in percent (MT style [guess]); 0 when no margin is used. */
  marginLevel: string;
  equity: string;
  credit: string;
  levelType: number;
  profit: string;
  code: number;
}

/** `o`: one trade ticket (a market ticket or a pending order), as the server last reported it. */
export interface Ticket {
  order: number;
  login: number;
  symbol: string;
  cmd: number;
  /** Minimal lots (volume / VOLUME_PER_LOT = lots). */
  volume: number;
  openPrice: string;
  closePrice: string;
  openTime: number | undefined;
  closeTime: number | undefined;
  tp: string;
  sl: string;
  state: number;
  storage: string;
  commission: string;
  profit: string;
  comment: string;
  code: number;
}

/** A `b` as sent: the login, and whichever figures it carries (patches.ts merges it into the last one). */
export type BalancePatch = Pick<AccountBalance, 'login'> & Partial<AccountBalance>;

/** An `o` as sent: the order, and whichever fields it carries (patches.ts merges it into the known ticket). */
export type TicketPatch = Pick<Ticket, 'order'> & Partial<Ticket>;

/** `a`: a price alert. Fields that only some conditions use may be null on the wire (undefined here). */
export interface PriceAlert {
  id: number;
  login: number;
  symbol: string;
  indicatorName: string;
  message: string;
  side: number;
  condition: number;
  targetPrice: string | undefined;
  channelLow: string | undefined;
  channelHigh: string | undefined;
  moveThreshold: string | undefined;
  status: number;
  repeatMode: number;
  expiresAt: number | undefined;
  triggeredPrice: string | undefined;
  triggeredAt: number | undefined;
  code: number;
}

/** `n`: a notification (TCP doc layout). */
export interface Notice {
  message: string;
  description: string;
  token: string;
  status: number;
  level: number;
  userId: string;
  createTime: number | undefined;
  data: Fields | undefined;
  code: number;
}

export type ScaletradeDecoded =
  | { type: 'pong' }
  | { type: 'control'; frame: ScaletradeControlFrame }
  | { type: 'quote'; quote: Quote }
  | { type: 'balance'; balance: BalancePatch }
  | { type: 'ticket'; ticket: TicketPatch }
  | { type: 'alert'; alert: PriceAlert }
  | { type: 'notice'; notice: Notice };

export type ScaletradeDecodeError = FrameDecodeError;

export type ScaletradeDecodeResult = FrameDecodeResult<ScaletradeDecoded>;

export function decodeScaletradeFrame(raw: string): ScaletradeDecodeResult {
  // Ping / Pong: the server answers the plain text `ping` with the plain text `pong` (not JSON).
  if (raw.trim() === SCALETRADE_PONG) return { ok: true, type: 'pong' };
  return decodeJsonFrame(raw, parseServerFrame);
}

/** Payload Format: data frames are compact arrays led by a marker; control frames are objects with `event`. */
export function parseServerFrame(json: unknown): Exclude<ScaletradeDecoded, { type: 'pong' }> {
  if (Array.isArray(json)) return parseDataFrame(json);
  if (typeof json === 'object' && json !== null) return { type: 'control', frame: parseControlFrame(json as Fields) };
  throw new ShapeError('frame: expected an array or an object');
}

/** Payload Format: the first element is the event marker ("t", "b", "o", "a", "n"). */
export function parseDataFrame(arr: unknown[]): Exclude<ScaletradeDecoded, { type: 'pong' | 'control' }> {
  const marker = arr[0];
  switch (marker) {
    case 't':
      return { type: 'quote', quote: parseQuote(arr) };
    case 'b':
      return { type: 'balance', balance: parseBalance(arr) };
    case 'o':
      return { type: 'ticket', ticket: parseTicket(arr) };
    case 'a':
      return { type: 'alert', alert: parseAlert(arr) };
    case 'n':
      return { type: 'notice', notice: parseNotice(arr) };
    default:
      if (typeof marker === 'string') throw new UnknownFrame(`unknown marker "${clip(marker)}"`);
      throw new ShapeError('frame[0]: expected a marker string');
  }
}

// ---- control frames: seed 003 "Authentication", docs/venues/scaletrade.md "Auth" -------------------------------

export function parseControlFrame(o: Fields): ScaletradeControlFrame {
  if (o.event === undefined) throw new UnknownFrame('object frame without an event');
  const event = text(o.event, 'event');
  switch (event) {
    case 'authorization':
      return parseAuthorizationReply(o);
    case 'account.switch':
      return parseAccountSwitchReply(o);
    case 'subscribe':
    case 'unsubscribe':
      return parseSubscriptionReply(event, o);
    case 'account.state':
      return parseAccountStateMarker(o);
    default:
      throw new UnknownFrame(
        `unknown event "${clip(event)}"${typeof o.error === 'string' ? ` (error ${clip(o.error)})` : ''}`,
      );
  }
}

/** `{"event":"authorization","success":true}` / `success:false` with `error` INVALID_TOKEN | UNSUPPORTED_SESSION. */
export function parseAuthorizationReply(o: Fields): ScaletradeAuthorizationReply {
  const reply: ScaletradeAuthorizationReply = {
    event: 'authorization',
    success: flag(o.success, 'authorization.success'),
  };
  putError(reply, o, 'authorization');
  return reply;
}

/**
 * [guess] `{"event":"account.switch","success":true,"active_login":N}` (the reply is undocumented).
 * `login` is read as an alias of `active_login`, like the request's; a reply without `success` counts
 * as a success unless it carries an `error`.
 */
export function parseAccountSwitchReply(o: Fields): ScaletradeAccountSwitchReply {
  const reply: ScaletradeAccountSwitchReply = { event: 'account.switch', success: false };
  putError(reply, o, 'account.switch');
  reply.success = o.success === undefined ? reply.error === undefined : flag(o.success, 'account.switch.success');
  const login = o.active_login ?? o.login;
  if (login !== undefined) reply.active_login = integer(login, 'account.switch.active_login');
  return reply;
}

/** [guess] `{"event":"subscribe","success":true,"data":[...]}`; unsubscribe mirrors it. */
export function parseSubscriptionReply(event: 'subscribe' | 'unsubscribe', o: Fields): ScaletradeSubscriptionReply {
  const reply: ScaletradeSubscriptionReply = { event, success: false };
  putError(reply, o, event);
  reply.success = o.success === undefined ? reply.error === undefined : flag(o.success, `${event}.success`);
  if (o.data !== undefined) reply.data = list(o.data, `${event}.data`).map((s, i) => text(s, `${event}.data[${i}]`));
  return reply;
}

/** [guess] `{"event":"account.state","login":N,"tickets":K}`: the initial state after account.switch is complete. */
export function parseAccountStateMarker(o: Fields): ScaletradeAccountStateMarker {
  const tickets = integer(o.tickets, 'account.state.tickets');
  if (tickets < 0) throw new ShapeError('account.state.tickets: expected a count');
  return { event: 'account.state', login: integer(o.login, 'account.state.login'), tickets };
}

function putError(reply: { error?: string }, o: Fields, path: string): void {
  if (o.error === undefined || o.error === null) return;
  if (typeof o.error === 'string') reply.error = o.error;
  else if (typeof o.error === 'number') reply.error = String(o.error);
  else throw new ShapeError(`${path}.error: expected a string`);
}

// ---- data frames: seed 003 "Payload Format", layouts in docs/venues/scaletrade.md "Array layouts" --------------

/** `["t", symbol, bid, ask, ctm]`. */
export function parseQuote(arr: unknown[]): Quote {
  tuple(arr, 't', [QUOTE_LENGTH]);
  return {
    symbol: text(arr[QUOTE.SYMBOL], 't[1] symbol'),
    bid: decimal(arr[QUOTE.BID], 't[2] bid'),
    ask: decimal(arr[QUOTE.ASK], 't[3] ask'),
    time: time(arr[QUOTE.CTM], 't[4] ctm'),
  };
}

/**
 * A data frame that may carry only some of its fields (docs/venues/scaletrade.md: `b` is "a real-time
 * delta/update event", and `o` also carries "calculated trade updates"). [guess] An absent field is
 * sent as `null` or cut off the end of the array; the key (the `b` login, the `o` order) is always
 * there. A field that is present must have its documented type; an array longer than documented is
 * malformed. Patches are merged into what is known (patches.ts).
 */
function patchArray(arr: unknown[], marker: string, keyIndex: number, length: number): (i: number) => unknown {
  if (arr.length < keyIndex + 1 || arr.length > length)
    throw new ShapeError(`${marker}: expected ${keyIndex + 1} to ${length} elements, got ${arr.length}`);
  return (i) => (i < arr.length ? arr[i] : null);
}

/** Sets `patch[key]` from the raw value unless it is absent (null / cut off). */
function put<T, K extends keyof T>(patch: T, key: K, raw: unknown, read: (value: unknown) => T[K]): void {
  if (raw !== null && raw !== undefined) patch[key] = read(raw);
}

/** `["b", login, balance, margin, margin_free, margin_level, equity, credit, level_type, profit, code]`; all but the login may be absent. */
export function parseBalance(arr: unknown[]): BalancePatch {
  const at = patchArray(arr, 'b', BALANCE.LOGIN, BALANCE_LENGTH);
  const patch: BalancePatch = { login: integer(at(BALANCE.LOGIN), 'b[1] login') };
  const d = (i: number, name: string) => (v: unknown) => decimal(v, `b[${i}] ${name}`);
  put(patch, 'balance', at(BALANCE.BALANCE), d(BALANCE.BALANCE, 'balance'));
  put(patch, 'margin', at(BALANCE.MARGIN), d(BALANCE.MARGIN, 'margin'));
  put(patch, 'marginFree', at(BALANCE.MARGIN_FREE), d(BALANCE.MARGIN_FREE, 'margin_free'));
  put(patch, 'marginLevel', at(BALANCE.MARGIN_LEVEL), d(BALANCE.MARGIN_LEVEL, 'margin_level'));
  put(patch, 'equity', at(BALANCE.EQUITY), d(BALANCE.EQUITY, 'equity'));
  put(patch, 'credit', at(BALANCE.CREDIT), d(BALANCE.CREDIT, 'credit'));
  put(patch, 'levelType', at(BALANCE.LEVEL_TYPE), (v) => integer(v, 'b[8] level_type'));
  put(patch, 'profit', at(BALANCE.PROFIT), d(BALANCE.PROFIT, 'profit'));
  put(patch, 'code', at(BALANCE.CODE), (v) => integer(v, 'b[10] code'));
  return patch;
}

/**
 * `["o", order, login, symbol, cmd, volume, open_price, close_price, open_time, close_time, tp, sl,
 * state, storage, commission, profit, comment, code]`. `volume` is an int in minimal lots. All but the
 * order may be absent (a recalculated-profit update, or an update carrying only the ticket and its
 * state). A time of 0 is present and means "not set" (undefined).
 */
export function parseTicket(arr: unknown[]): TicketPatch {
  const at = patchArray(arr, 'o', TRADE.ORDER, TRADE_LENGTH);
  const patch: TicketPatch = { order: integer(at(TRADE.ORDER), 'o[1] order') };
  const d = (i: number, name: string) => (v: unknown) => decimal(v, `o[${i}] ${name}`);
  put(patch, 'login', at(TRADE.LOGIN), (v) => integer(v, 'o[2] login'));
  put(patch, 'symbol', at(TRADE.SYMBOL), (v) => text(v, 'o[3] symbol'));
  put(patch, 'cmd', at(TRADE.CMD), (v) => integer(v, 'o[4] cmd'));
  put(patch, 'volume', at(TRADE.VOLUME), (v) => {
    const volume = integer(v, 'o[5] volume');
    if (volume < 0) throw new ShapeError('o[5] volume: expected a non-negative integer');
    return volume;
  });
  put(patch, 'openPrice', at(TRADE.OPEN_PRICE), d(TRADE.OPEN_PRICE, 'open_price'));
  put(patch, 'closePrice', at(TRADE.CLOSE_PRICE), d(TRADE.CLOSE_PRICE, 'close_price'));
  put(patch, 'openTime', at(TRADE.OPEN_TIME), (v) => time(v, 'o[8] open_time'));
  put(patch, 'closeTime', at(TRADE.CLOSE_TIME), (v) => time(v, 'o[9] close_time'));
  put(patch, 'tp', at(TRADE.TP), d(TRADE.TP, 'tp'));
  put(patch, 'sl', at(TRADE.SL), d(TRADE.SL, 'sl'));
  put(patch, 'state', at(TRADE.STATE), (v) => integer(v, 'o[12] state'));
  put(patch, 'storage', at(TRADE.STORAGE), d(TRADE.STORAGE, 'storage'));
  put(patch, 'commission', at(TRADE.COMMISSION), d(TRADE.COMMISSION, 'commission'));
  put(patch, 'profit', at(TRADE.PROFIT), d(TRADE.PROFIT, 'profit'));
  put(patch, 'comment', at(TRADE.COMMENT), (v) => anyText(v, 'o[16] comment'));
  put(patch, 'code', at(TRADE.CODE), (v) => integer(v, 'o[17] code'));
  return patch;
}

/**
 * `["a", id, login, symbol, indicator_name, message, side, condition, target_price, channel_low,
 * channel_high, move_threshold, status, repeat_mode, expires_at, triggered_price, triggered_at, code]`.
 * The condition-specific fields (target, channel, threshold), expiry and trigger may be null.
 */
export function parseAlert(arr: unknown[]): PriceAlert {
  tuple(arr, 'a', [ALERT_LENGTH]);
  const d = (i: number, name: string) => optionalDecimal(arr[i], `a[${i}] ${name}`);
  return {
    id: integer(arr[ALERT.ID], 'a[1] id'),
    login: integer(arr[ALERT.LOGIN], 'a[2] login'),
    symbol: text(arr[ALERT.SYMBOL], 'a[3] symbol'),
    indicatorName: arr[ALERT.INDICATOR_NAME] === null ? '' : anyText(arr[ALERT.INDICATOR_NAME], 'a[4] indicator_name'),
    message: arr[ALERT.MESSAGE] === null ? '' : anyText(arr[ALERT.MESSAGE], 'a[5] message'),
    side: integer(arr[ALERT.SIDE], 'a[6] side'),
    condition: integer(arr[ALERT.CONDITION], 'a[7] condition'),
    targetPrice: d(ALERT.TARGET_PRICE, 'target_price'),
    channelLow: d(ALERT.CHANNEL_LOW, 'channel_low'),
    channelHigh: d(ALERT.CHANNEL_HIGH, 'channel_high'),
    moveThreshold: d(ALERT.MOVE_THRESHOLD, 'move_threshold'),
    status: integer(arr[ALERT.STATUS], 'a[12] status'),
    repeatMode: integer(arr[ALERT.REPEAT_MODE], 'a[13] repeat_mode'),
    expiresAt: optionalTime(arr[ALERT.EXPIRES_AT], 'a[14] expires_at'),
    triggeredPrice: d(ALERT.TRIGGERED_PRICE, 'triggered_price'),
    triggeredAt: optionalTime(arr[ALERT.TRIGGERED_AT], 'a[16] triggered_at'),
    code: integer(arr[ALERT.CODE], 'a[17] code'),
  };
}

/**
 * `["n", message, description, token, status, level, user_id, create_time, data?, code]`: when
 * `arr[8]` is an object the code is `arr[9]` (10 elements), otherwise the code is `arr[8]` (9
 * elements). A null `arr[8]` in a 10-element frame reads as no data.
 */
export function parseNotice(arr: unknown[]): Notice {
  tuple(arr, 'n', [NOTIFICATION_LENGTH_WITHOUT_DATA, NOTIFICATION_LENGTH_WITH_DATA]);
  const withData = arr.length === NOTIFICATION_LENGTH_WITH_DATA;
  const rawData = arr[NOTIFICATION.DATA_OR_CODE];
  const data = withData && rawData !== null ? record(rawData, 'n[8] data') : undefined;
  const code = withData
    ? integer(arr[NOTIFICATION.CODE_AFTER_DATA], 'n[9] code')
    : integer(arr[NOTIFICATION.DATA_OR_CODE], 'n[8] code');
  return {
    message: anyText(arr[NOTIFICATION.MESSAGE], 'n[1] message'),
    description:
      arr[NOTIFICATION.DESCRIPTION] === null ? '' : anyText(arr[NOTIFICATION.DESCRIPTION], 'n[2] description'),
    token: idText(arr[NOTIFICATION.TOKEN], 'n[3] token'),
    status: integer(arr[NOTIFICATION.STATUS], 'n[4] status'),
    level: integer(arr[NOTIFICATION.LEVEL], 'n[5] level'),
    userId: idText(arr[NOTIFICATION.USER_ID], 'n[6] user_id'),
    createTime: time(arr[NOTIFICATION.CREATE_TIME], 'n[7] create_time'),
    data,
    code,
  };
}
