import { describe, expect, it } from 'vitest';
import { natsCommandProblem, type JsSubCommand, type NatsCommand, type NatsFrame } from '../shared/nats-protocol';
import { deskAdapter } from './adapter';
import messages from './fixtures/messages.json';
import type { DeskOptions } from './options';
import { DeskSession } from './session';

const config = (options: Record<string, unknown> = {}, auth: Record<string, unknown> = {}) => ({
  id: 'desk',
  label: 'Desk',
  venue: 'desk' as const,
  url: 'ws://127.0.0.1:9222',
  auth,
  options,
});

function session(options: Record<string, unknown> = {}): DeskSession {
  const parsed = deskAdapter.parseOptions(config(options));
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return new DeskSession(parsed.options as DeskOptions);
}

/** The session's consumers, each checked as the transport checks it before it reaches the wire. */
const commands = (nats: NatsCommand[] | undefined) =>
  (nats ?? []).map((command) => {
    const problem = natsCommandProblem(command);
    if (problem !== undefined) throw new Error(problem);
    expect(command.op).toBe('js-sub');
    return command as JsSubCommand;
  });
/** A message as the transport delivers it from its consumer: its position is the consumer's. */
const frame = (sid: string, subject: string, data: string, seq: number, pending: number): NatsFrame => ({
  op: 'msg',
  sid,
  subject,
  data,
  jetStream: {
    stream: sid === 'state' ? 'KV_VENUEBOARD_STATE' : 'VENUEBOARD',
    consumer: 'ordered',
    streamSequence: seq,
    consumerSequence: seq,
    deliveryCount: 1,
    pending,
  },
});
const msg = (sid: string, subject: string, data: unknown, seq: number, pending: number) =>
  frame(sid, subject, JSON.stringify(data), seq, pending);
const ready = (sid: string, pending: number): NatsFrame => ({ op: 'status', type: 'js-ready', sid, pending });

describe('desk session', () => {
  it('reads the state bucket and the whole stream on a fresh page, then resumes after the last sequence', () => {
    const s = session();
    const open = s.open();
    expect(open.status?.status).toBe('authenticating');
    const [state, events] = commands(open.nats);
    expect(open.send).toEqual([]);
    expect(state).toMatchObject({ stream: 'KV_VENUEBOARD_STATE', deliver: 'last-per-subject' });
    expect(events).toMatchObject({ stream: 'VENUEBOARD', subject: 'vb.>', deliver: 'all' });

    const fill = messages[0]!;
    const out = s.natsFrame(msg('events', fill.subject, fill.data, 41, 0), 1);
    expect(out.events).toEqual([{ kind: 'fill', fill: fill.data }]);
    expect(out.status).toBeUndefined();
    const caughtUp = s.natsFrame(ready('state', 0), 2);
    expect(caughtUp.status?.status).toBe('live');
    // A repeated sequence is a duplicate, never an event.
    expect(s.natsFrame(msg('events', fill.subject, fill.data, 41, 0), 3)).toMatchObject({
      events: [],
      diagnostics: { duplicates: 1 },
    });
    // Next socket: from sequence 42, and the gap is recovered in full once caught up.
    s.closed();
    expect(commands(s.open().nats)[1]).toMatchObject({ deliver: 'seq', startSeq: 42 });
    expect(s.recover({ from: 0, to: 1 }).recovery).toBeUndefined();
    s.natsFrame(ready('state', 0), 4);
    const live = s.natsFrame(ready('events', 0), 5);
    expect(live.status?.status).toBe('live');
    expect(live.recovery?.recovered).toBe('full');
  });

  it('starts from `since`, or from the last live moment after a reload', () => {
    expect(commands(session({ since: '2026-01-05T09:00:00Z' }).open().nats)[1]).toMatchObject({
      deliver: 'time',
      startTime: Date.parse('2026-01-05T09:00:00Z'),
    });
    const s = session({ since: 'journal' });
    s.resume({ orders: [], liveUntil: 1_000_000 });
    expect(commands(s.open().nats)[1]).toMatchObject({ deliver: 'time', startTime: 940_000 });
  });

  it('turns statuses into connection rows, and a silent collector into stale', () => {
    const s = session();
    s.open();
    s.natsFrame(ready('events', 0), 0);
    const status = messages[1]!;
    const out = s.natsFrame(
      msg('state', '$KV.VENUEBOARD_STATE.rails-btc.status', { kind: 'status', status: status.data }, 1, 0),
      1_000,
    );
    expect(out.events).toEqual([{ kind: 'connection', connection: status.data }]);
    expect(out.status?.status).toBe('live');
    const later = s.heartbeat(12_000);
    expect(later.events).toMatchObject([
      { kind: 'connection', connection: { connectionId: 'rails-btc', status: 'stale', collector: 'desk-1' } },
    ]);
  });

  it('counts and skips what is not a desk message: bad JSON, a bad fill, a payload on another connection', () => {
    const s = session();
    s.open();
    const fill = messages[0]!;
    const bad = [
      frame('events', 'vb.rails-btc.fill', '{nope', 1, 0),
      msg('events', 'vb.rails-btc.fill', { ...fill.data, price: 'abc' }, 2, 0),
      msg('events', 'vb.zdex-main.fill', fill.data, 3, 0),
      msg('events', 'vb.rails-btc.unknown', fill.data, 4, 0),
    ];
    for (const f of bad) expect(s.natsFrame(f, 1)).toMatchObject({ events: [], diagnostics: { malformed: 1 } });
    // The NATS transport delivers typed frames only: text is counted and skipped, never parsed.
    expect(s.message(JSON.stringify(bad[1]), 1)).toMatchObject({ events: [], diagnostics: { malformed: 1 } });
  });

  it('validates its options', () => {
    expect(deskAdapter.parseOptions(config({ stream: 'a b' })).ok).toBe(false);
    expect(deskAdapter.parseOptions(config({ since: 'yesterday' })).ok).toBe(false);
    expect(deskAdapter.parseOptions(config({}, { token: 's3cret' })).ok).toBe(true);
    expect(deskAdapter.endpoint(config({}, { token: 's3cret' }), { stream: 'X', since: 'journal' }).natsToken).toBe(
      's3cret',
    );
  });
});
