import { describe, expect, it } from 'vitest';
import {
  jetStreamPosition,
  natsCommandProblem,
  natsFrameLength,
  type NatsCommand,
  type NatsFrame,
} from './nats-protocol';

describe('NATS transport commands', () => {
  it('well-formed commands have no problem', () => {
    const commands: NatsCommand[] = [
      { op: 'sub', sid: 's1', subject: 'v1.f.ex1.public.futures.ticker.BTC/USDT' },
      { op: 'sub', sid: 's2', subject: 'a.>', queue: 'q' },
      { op: 'unsub', sid: 's1' },
      { op: 'request', id: 'r1', subject: 'v1.f.ex1.private.auth', data: '{"op":"auth"}', timeoutMs: 5000 },
      { op: 'request', id: 'r2', subject: 'x', data: '', headers: { A: ['1'] } },
      { op: 'pub', subject: 'x', data: 'hello' },
      { op: 'ping' },
    ];
    for (const command of commands) expect(natsCommandProblem(command)).toBeUndefined();
  });

  it('explain what is wrong with a bad one (subjects come from the profile)', () => {
    expect(natsCommandProblem({ op: 'sub', sid: '', subject: 'a' })).toMatch(/sid/);
    // "SUB a b 1" would silently mean subject "a" in queue group "b".
    expect(natsCommandProblem({ op: 'sub', sid: 'x', subject: 'a b' })).toMatch(/without spaces/);
    expect(natsCommandProblem({ op: 'sub', sid: 'x', subject: 'a', queue: 'q q' })).toMatch(/queue/);
    expect(natsCommandProblem({ op: 'request', id: 'a', subject: 'b', data: 'c', timeoutMs: -1 })).toMatch(/timeoutMs/);
    expect(natsCommandProblem({ op: 'pub', subject: '', data: 'x' })).toMatch(/subject/);
    expect(natsCommandProblem({ op: 'jump' } as unknown as NatsCommand)).toBe('unknown op "jump"');
  });
});

describe('NATS transport frames', () => {
  it('the frame cap counts the payload, not the envelope; statuses and reply errors count nothing', () => {
    expect(natsFrameLength({ op: 'msg', sid: 's', subject: 'a.very.long.subject.name', data: '{"x":1}' })).toBe(7);
    expect(natsFrameLength({ op: 'reply', id: 'r', data: 'abc' })).toBe(3);
    expect(natsFrameLength({ op: 'reply', id: 'r', error: 'timeout' })).toBe(0);
    expect(natsFrameLength({ op: 'status', type: 'error', data: 'x'.repeat(100) })).toBe(0);
  });

  it('reads the JetStream position from both forms of the $JS.ACK reply subject', () => {
    expect(jetStreamPosition('$JS.ACK.ORDERS.desk.1.42.7.1756478180000000000.3')).toEqual({
      stream: 'ORDERS',
      consumer: 'desk',
      deliveryCount: 1,
      streamSequence: 42,
      consumerSequence: 7,
      pending: 3,
    });
    expect(jetStreamPosition('$JS.ACK.hub.ACCHASH.ORDERS.desk.2.43.8.1756478180000000000.0.rnd')).toMatchObject({
      stream: 'ORDERS',
      streamSequence: 43,
      deliveryCount: 2,
    });
  });

  it('is undefined for every other reply subject', () => {
    for (const reply of [undefined, '_INBOX.abc', '$JS.ACK.too.short', '$JS.ACK.S.C.x.1.1.1.0', 'JS.ACK.S.C.1.1.1.1.0'])
      expect(jetStreamPosition(reply)).toBeUndefined();
  });
});

describe('JetStream commands and frames (desk mode)', () => {
  it('a js-sub of every kind has no problem; its frames are typed msg (with jetStream) and js-ready', () => {
    const commands: NatsCommand[] = [
      { op: 'js-sub', sid: 'e', stream: 'VENUEBOARD', subject: 'vb.>', deliver: 'all' },
      { op: 'js-sub', sid: 's', stream: 'KV_X', subject: '$KV.X.>', deliver: 'last-per-subject' },
      { op: 'js-sub', sid: 'e', stream: 'S', subject: 'vb.>', deliver: 'new' },
      { op: 'js-sub', sid: 'e', stream: 'S', subject: 'vb.>', deliver: 'time', startTime: 1_756_478_182_146 },
      { op: 'js-sub', sid: 'e', stream: 'S', subject: 'vb.>', deliver: 'seq', startSeq: 42 },
    ];
    for (const command of commands) expect(natsCommandProblem(command)).toBeUndefined();
    const position = {
      stream: 'VENUEBOARD',
      consumer: 'oc',
      streamSequence: 7,
      consumerSequence: 7,
      deliveryCount: 1,
      pending: 0,
    };
    const frames: NatsFrame[] = [
      { op: 'msg', sid: 'e', subject: 'vb.a.fill', data: '{}', jetStream: position },
      { op: 'status', type: 'js-ready', sid: 'e', pending: 12 },
    ];
    expect(frames.map(natsFrameLength)).toEqual([2, 0]);
  });

  it('refuse a js-sub without its start, or with a start of the wrong kind', () => {
    const base = { op: 'js-sub', sid: 'e', stream: 'S', subject: 'vb.>' } as const;
    expect(natsCommandProblem({ ...base, deliver: 'time' })).toMatch(/startTime/);
    expect(natsCommandProblem({ ...base, deliver: 'time', startTime: -1 })).toMatch(/startTime/);
    expect(natsCommandProblem({ ...base, deliver: 'seq', startSeq: 0 })).toMatch(/startSeq/);
    expect(natsCommandProblem({ ...base, deliver: 'seq' })).toMatch(/startSeq/);
    expect(natsCommandProblem({ ...base, deliver: 'first' } as unknown as NatsCommand)).toMatch(/deliver/);
    expect(natsCommandProblem({ ...base, stream: 'S T', deliver: 'all' })).toMatch(/without spaces/);
    expect(natsCommandProblem({ ...base, sid: '', deliver: 'all' })).toMatch(/sid/);
  });
});
