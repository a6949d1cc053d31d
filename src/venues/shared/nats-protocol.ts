/**
 * The typed frames between a session and the NATS transport (nats-socket.ts). NATS is not a stream of
 * text frames: the transport hands the session each message as a `NatsFrame` (subject, payload,
 * headers, JetStream position) through `VenueSession.natsFrame`, and carries out the `NatsCommand`s a
 * session returns in `SessionOutput.nats`. Nothing is encoded to text and parsed again per message.
 *
 * Pure (no nats.ws import): sessions, tests and simulators can use it without a NATS client.
 *
 * session -> transport (`SessionOutput.nats`):
 *   { op: 'sub', sid, subject, queue? }        subscribe; `sid` names it (re-using a sid replaces it)
 *   { op: 'unsub', sid }                       unsubscribe
 *   { op: 'request', id, subject, data, headers?, timeoutMs? }
 *   { op: 'pub', subject, data, headers? }     publish
 *   { op: 'ping' }                             a NATS PING; answered by a `pong` status frame
 *   { op: 'js-sub', sid, stream, subject, deliver, startTime?, startSeq? }
 *                                              a JetStream consumer kept in order on `stream` (desk mode);
 *                                              `deliver`: 'all' | 'new' | 'last-per-subject' | 'time'
 *                                              (`startTime` Unix ms) | 'seq' (`startSeq` >= 1). Its
 *                                              messages are `msg` frames with `jetStream` (stream
 *                                              sequence, pending); a `js-ready` status comes first
 *
 * transport -> session (`VenueSession.natsFrame`):
 *   { op: 'msg', sid, subject, data, reply?, headers?, jetStream? }
 *   { op: 'reply', id, data, headers? }  |  { op: 'reply', id, error: 'timeout' | 'no responders' | '<message>' }
 *   { op: 'status', type: 'pong', rttMs }      after { op: 'ping' }: the server answered
 *   { op: 'status', type: 'error', data, sid?, subject?, operation? }
 *                                              an async server error (e.g. a permissions violation;
 *                                              `sid` when a subscription failed)
 *   { op: 'status', type: 'ldm' }              the server entered lame duck mode (it will go away)
 *   { op: 'status', type: 'staleConnection' }  PINGs went unanswered; a close follows
 *   { op: 'status', type: 'js-ready', sid, pending }
 *                                              a `js-sub` consumer exists; `pending` messages are
 *                                              waiting for it (0: it is caught up)
 *
 * Payloads (`data`) are the message's bytes decoded as UTF-8, once, in the transport.
 */

/** NATS headers as the server sent them: name -> values (a header may repeat). */
export type NatsHeaders = Record<string, string[]>;

/**
 * Where a JetStream message stands in its stream, read from its `$JS.ACK…` reply subject or
 * from nats.ws `JsMsg.info` (a `js-sub` consumer): present only on messages a JetStream consumer delivers.
 */
export interface JetStreamPosition {
  stream: string;
  consumer: string;
  /** The message's sequence in the stream: the venue's own order of events, gap-free. */
  streamSequence: number;
  /** The consumer's delivery sequence. */
  consumerSequence: number;
  /** 1 on the first delivery; more for a redelivery. */
  deliveryCount: number;
  /** Messages still pending for the consumer after this one. */
  pending: number;
}

export type NatsCommand =
  | { op: 'sub'; sid: string; subject: string; queue?: string }
  | { op: 'unsub'; sid: string }
  | { op: 'request'; id: string; subject: string; data: string; headers?: NatsHeaders; timeoutMs?: number }
  | { op: 'pub'; subject: string; data: string; headers?: NatsHeaders }
  | { op: 'ping' }
  | JsSubCommand;

/** Where a JetStream consumer starts (`time`: `startTime` ms; `seq`: `startSeq`). */
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

export interface NatsMessage {
  op: 'msg';
  /** The `sid` of the `sub` command that the message arrived on. */
  sid: string;
  subject: string;
  data: string;
  reply?: string;
  headers?: NatsHeaders;
  jetStream?: JetStreamPosition;
}

export type NatsReply =
  { op: 'reply'; id: string; data: string; headers?: NatsHeaders } | { op: 'reply'; id: string; error: string };

export type NatsStatus =
  | { op: 'status'; type: 'pong'; rttMs: number }
  | { op: 'status'; type: 'error'; data: string; sid?: string; subject?: string; operation?: string }
  | { op: 'status'; type: 'ldm' | 'staleConnection' }
  | { op: 'status'; type: 'js-ready'; sid: string; pending: number };

export type NatsFrame = NatsMessage | NatsReply | NatsStatus;

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

/**
 * How long a frame is for the adapter's `maxFrameLength`: its payload's characters (a status frame
 * carries none worth capping).
 */
export function natsFrameLength(frame: NatsFrame): number {
  return frame.op === 'status' || 'error' in frame ? 0 : frame.data.length;
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/**
 * A subject or queue name as the NATS protocol line carries it: non-empty, no whitespace (`SUB a b 1`
 * would silently mean subject "a" in queue group "b"). Empty tokens and wildcards are the server's call.
 */
function isName(value: unknown): value is string {
  return nonEmpty(value) && !/\s/.test(value);
}

/**
 * What is wrong with a command, or undefined when the transport can carry it out. Commands are typed,
 * but subjects come from the profile and ids from the session: this is the run-time check the
 * transport makes before a command reaches the wire.
 */
export function natsCommandProblem(command: NatsCommand): string | undefined {
  switch (command.op) {
    case 'sub':
      if (!nonEmpty(command.sid) || !isName(command.subject)) return 'sub needs "sid" and a "subject" without spaces';
      if (command.queue !== undefined && !isName(command.queue)) return 'sub "queue" must be a name without spaces';
      return undefined;
    case 'unsub':
      return nonEmpty(command.sid) ? undefined : 'unsub needs "sid"';
    case 'request':
      if (!nonEmpty(command.id) || !isName(command.subject) || typeof command.data !== 'string')
        return 'request needs "id", a "subject" without spaces and "data"';
      if (
        command.timeoutMs !== undefined &&
        !(typeof command.timeoutMs === 'number' && command.timeoutMs > 0 && Number.isFinite(command.timeoutMs))
      )
        return 'request "timeoutMs" must be a positive number';
      return undefined;
    case 'pub':
      return isName(command.subject) && typeof command.data === 'string'
        ? undefined
        : 'pub needs a "subject" without spaces and "data"';
    case 'ping':
      return undefined;
    case 'js-sub':
      return jsSubProblem(command);
    default:
      return `unknown op ${JSON.stringify(String((command as { op?: unknown }).op).slice(0, 20))}`;
  }
}

/**
 * The JetStream position in a reply subject `$JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ts>.<pending>`
 * (or the newer form with `<domain>.<account hash>` after `ACK` and a random token at the end), or
 * undefined for any other reply subject.
 */
export function jetStreamPosition(reply: string | undefined): JetStreamPosition | undefined {
  if (reply === undefined || !reply.startsWith('$JS.ACK.')) return undefined;
  const tokens = reply.split('.');
  if (tokens.length === 9) tokens.splice(2, 0, '_', '');
  if (tokens.length < 11) return undefined;
  const [stream, consumer] = [tokens[4]!, tokens[5]!];
  const numbers = [tokens[6], tokens[7], tokens[8], tokens[10]].map((t) => (/^\d+$/.test(t ?? '') ? Number(t) : NaN));
  if (numbers.some((n) => !Number.isSafeInteger(n)) || !stream || !consumer) return undefined;
  const [deliveryCount, streamSequence, consumerSequence, pending] = numbers as [number, number, number, number];
  return { stream, consumer, streamSequence, consumerSequence, deliveryCount, pending };
}

function count(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** What is wrong with a `js-sub` command: its start must match its `deliver` policy. */
function jsSubProblem(command: JsSubCommand): string | undefined {
  if (!nonEmpty(command.sid) || !isName(command.stream) || !isName(command.subject))
    return 'js-sub needs "sid", a "stream" and a "subject" without spaces';
  if (typeof command.deliver !== 'string' || !JS_DELIVER.includes(command.deliver))
    return `js-sub "deliver" must be one of ${JS_DELIVER.join(', ')}`;
  if (command.deliver === 'time' && !count(command.startTime))
    return 'js-sub "deliver":"time" needs "startTime" (Unix ms)';
  if (command.deliver === 'seq' && !(count(command.startSeq) && command.startSeq >= 1))
    return 'js-sub "deliver":"seq" needs "startSeq" >= 1';
  return undefined;
}
