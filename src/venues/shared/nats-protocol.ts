/**
 * The text protocol between a session and the NATS transport (nats-socket.ts). NATS is not a stream
 * of text frames, so the transport speaks small JSON commands and frames over the ordinary
 * `SocketLike` interface; sessions stay pure and the shared lifecycle is unchanged.
 *
 * Pure (no nats.ws import): sessions, tests and simulators can use it without a NATS client.
 *
 * session -> transport (`socket.send(text)`):
 *   {"op":"sub","sid":"s1","subject":"a.b.c"}                 subscribe; `sid` names it (re-using a sid replaces it)
 *   {"op":"unsub","sid":"s1"}                                  unsubscribe
 *   {"op":"request","id":"r1","subject":"x","data":"<text>","timeoutMs":5000}
 *   {"op":"pub","subject":"x","data":"<text>"}                 publish
 *   {"op":"ping"}                                               a NATS PING; answered by a `pong` status frame
 *   {"op":"js-sub","sid":"s2","stream":"S","subject":"vb.>","deliver":"all"|"new"|"last-per-subject"|"time"|"seq",
 *    "startTime":<ms>,"startSeq":<n>}                          a JetStream ordered consumer on stream S (desk mode);
 *                                                              its messages are `msg` frames with `seq` (stream
 *                                                              sequence) and `pending`; a `js-ready` status first
 *
 * transport -> session (`onText(text)`):
 *   {"op":"msg","sid":"s1","subject":"a.b.c","data":"<text>"}  (`reply` when the message has a reply subject)
 *   {"op":"reply","id":"r1","data":"<text>"}
 *   {"op":"reply","id":"r1","error":"timeout" | "no responders" | "<message>"}
 *   {"op":"status","type":"pong","rttMs":3}                    after {"op":"ping"}: the server answered
 *   {"op":"status","type":"error","data":"<message>","sid"?,"subject"?,"operation"?}
 *                                                              an async server error (e.g. a permissions
 *                                                              violation; `sid` when a subscription failed)
 *   {"op":"status","type":"ldm"}                               the server entered lame duck mode (it will go away)
 *   {"op":"status","type":"staleConnection"}                   PINGs went unanswered; a close follows
 *   {"op":"status","type":"js-ready","sid":"s2","pending":12}  a `js-sub` consumer exists; `pending` messages
 *                                                              are waiting for it (0: it is caught up)
 *
 * Payloads are UTF-8 text (`data`); binary payloads are decoded as UTF-8.
 */

export type NatsCommand =
  | { op: 'sub'; sid: string; subject: string; queue?: string }
  | { op: 'unsub'; sid: string }
  | { op: 'request'; id: string; subject: string; data: string; timeoutMs?: number }
  | { op: 'pub'; subject: string; data: string }
  | { op: 'ping' }
  | JsSubCommand;

/** Where a JetStream ordered consumer starts (`time`: `startTime` ms; `seq`: `startSeq`). */
export type JsDeliver = 'all' | 'new' | 'last-per-subject' | 'time' | 'seq';
const JS_DELIVER: readonly string[] = ['all', 'new', 'last-per-subject', 'time', 'seq'];

export interface JsSubCommand {
  op: 'js-sub';
  sid: string;
  stream: string;
  subject: string;
  deliver: JsDeliver;
  startTime?: number;
  startSeq?: number;
}

export type NatsStatusType = 'pong' | 'error' | 'ldm' | 'staleConnection' | 'js-ready';

export type NatsFrame =
  | { op: 'msg'; sid: string; subject: string; data: string; reply?: string; seq?: number; pending?: number }
  | { op: 'reply'; id: string; data: string }
  | { op: 'reply'; id: string; error: string }
  | { op: 'status'; type: 'pong'; rttMs: number }
  | { op: 'status'; type: 'error'; data: string; sid?: string; subject?: string; operation?: string }
  | { op: 'status'; type: 'ldm' | 'staleConnection' }
  | { op: 'status'; type: 'js-ready'; sid: string; pending: number };

/** Request timeout when a `request` command names none. */
export const NATS_DEFAULT_REQUEST_TIMEOUT_MS = 5_000;

/**
 * Close code the transport reports when the server refused the connection's credential
 * (`Authorization Violation`, `Authentication Expired`, `Account Expired`), like the 4401 other
 * venues use for a rejected token. The reason is the server's text.
 */
export const NATS_CLOSE_AUTH = 4401;
/** Every other end of a NATS connection (network, server shutdown, stale connection). */
export const NATS_CLOSE_ABNORMAL = 1006;

/** Reply errors with a fixed meaning. */
export const NATS_REPLY_TIMEOUT = 'timeout';
export const NATS_REPLY_NO_RESPONDERS = 'no responders';

export function encodeNatsCommand(command: NatsCommand): string {
  return JSON.stringify(command);
}

export function encodeNatsFrame(frame: NatsFrame): string {
  return JSON.stringify(frame);
}

type Fields = Record<string, unknown>;

function fields(json: unknown): Fields | undefined {
  return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Fields) : undefined;
}

function str(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/**
 * A subject or queue name as the NATS protocol line carries it: non-empty, no whitespace (`SUB a b 1`
 * would silently mean subject "a" in queue group "b"). Empty tokens and wildcards are the server's call.
 */
function name(value: unknown): value is string {
  return str(value) && !/\s/.test(value);
}

/** A command from its text, or an explanation of what is wrong with it. */
export function decodeNatsCommand(text: string): { ok: true; command: NatsCommand } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
  const o = fields(json);
  if (!o) return { ok: false, problem: 'not an object' };
  switch (o.op) {
    case 'sub':
      if (!str(o.sid) || !name(o.subject))
        return { ok: false, problem: 'sub needs "sid" and a "subject" without spaces' };
      if (o.queue !== undefined && !name(o.queue))
        return { ok: false, problem: 'sub "queue" must be a name without spaces' };
      return {
        ok: true,
        command:
          o.queue === undefined
            ? { op: 'sub', sid: o.sid, subject: o.subject }
            : { op: 'sub', sid: o.sid, subject: o.subject, queue: o.queue },
      };
    case 'unsub':
      if (!str(o.sid)) return { ok: false, problem: 'unsub needs "sid"' };
      return { ok: true, command: { op: 'unsub', sid: o.sid } };
    case 'request': {
      if (!str(o.id) || !name(o.subject) || typeof o.data !== 'string')
        return { ok: false, problem: 'request needs "id", a "subject" without spaces and "data"' };
      if (
        o.timeoutMs !== undefined &&
        !(typeof o.timeoutMs === 'number' && o.timeoutMs > 0 && Number.isFinite(o.timeoutMs))
      ) {
        return { ok: false, problem: 'request "timeoutMs" must be a positive number' };
      }
      const command: NatsCommand = { op: 'request', id: o.id, subject: o.subject, data: o.data };
      if (typeof o.timeoutMs === 'number') command.timeoutMs = o.timeoutMs;
      return { ok: true, command };
    }
    case 'pub':
      if (!name(o.subject) || typeof o.data !== 'string')
        return { ok: false, problem: 'pub needs a "subject" without spaces and "data"' };
      return { ok: true, command: { op: 'pub', subject: o.subject, data: o.data } };
    case 'ping':
      return { ok: true, command: { op: 'ping' } };
    case 'js-sub':
      return decodeJsSub(o);
    default:
      return {
        ok: false,
        problem: `unknown op ${JSON.stringify(typeof o.op === 'string' ? o.op.slice(0, 20) : o.op)}`,
      };
  }
}

/** A frame from its text, or undefined when it is not one of the frames above. */
export function decodeNatsFrame(text: string): NatsFrame | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const o = fields(json);
  if (!o) return undefined;
  switch (o.op) {
    case 'msg': {
      if (!str(o.sid) || !str(o.subject) || typeof o.data !== 'string') return undefined;
      const frame: NatsFrame = { op: 'msg', sid: o.sid, subject: o.subject, data: o.data };
      if (str(o.reply)) frame.reply = o.reply;
      if (count(o.seq)) frame.seq = o.seq;
      if (count(o.pending)) frame.pending = o.pending;
      return frame;
    }
    case 'reply':
      if (!str(o.id)) return undefined;
      if (typeof o.data === 'string') return { op: 'reply', id: o.id, data: o.data };
      if (str(o.error)) return { op: 'reply', id: o.id, error: o.error };
      return undefined;
    case 'status':
      switch (o.type) {
        case 'pong':
          return typeof o.rttMs === 'number'
            ? { op: 'status', type: 'pong', rttMs: o.rttMs }
            : { op: 'status', type: 'pong', rttMs: 0 };
        case 'error': {
          const frame: NatsFrame = { op: 'status', type: 'error', data: typeof o.data === 'string' ? o.data : '' };
          if (str(o.sid)) frame.sid = o.sid;
          if (str(o.subject)) frame.subject = o.subject;
          if (str(o.operation)) frame.operation = o.operation;
          return frame;
        }
        case 'ldm':
        case 'staleConnection':
          return { op: 'status', type: o.type };
        case 'js-ready':
          return str(o.sid) && count(o.pending)
            ? { op: 'status', type: 'js-ready', sid: o.sid, pending: o.pending }
            : undefined;
        default:
          return undefined;
      }
    default:
      return undefined;
  }
}

function count(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function decodeJsSub(o: Fields): { ok: true; command: NatsCommand } | { ok: false; problem: string } {
  if (!str(o.sid) || !name(o.stream) || !name(o.subject))
    return { ok: false, problem: 'js-sub needs "sid", a "stream" and a "subject" without spaces' };
  if (typeof o.deliver !== 'string' || !JS_DELIVER.includes(o.deliver))
    return { ok: false, problem: `js-sub "deliver" must be one of ${JS_DELIVER.join(', ')}` };
  const command: JsSubCommand = {
    op: 'js-sub',
    sid: o.sid,
    stream: o.stream,
    subject: o.subject,
    deliver: o.deliver as JsDeliver,
  };
  if (command.deliver === 'time') {
    if (!count(o.startTime)) return { ok: false, problem: 'js-sub "deliver":"time" needs "startTime" (Unix ms)' };
    command.startTime = o.startTime;
  }
  if (command.deliver === 'seq') {
    if (!count(o.startSeq) || o.startSeq < 1)
      return { ok: false, problem: 'js-sub "deliver":"seq" needs "startSeq" >= 1' };
    command.startSeq = o.startSeq;
  }
  return { ok: true, command };
}
