import { describe, expect, it } from 'vitest';
import {
  decodeNatsCommand,
  decodeNatsFrame,
  encodeNatsCommand,
  encodeNatsFrame,
  type NatsCommand,
  type NatsFrame,
} from './nats-protocol';

describe('NATS transport commands', () => {
  const commands: NatsCommand[] = [
    { op: 'sub', sid: 's1', subject: 'v1.f.ex1.public.futures.ticker.BTC/USDT' },
    { op: 'sub', sid: 's2', subject: 'a.>', queue: 'q' },
    { op: 'unsub', sid: 's1' },
    { op: 'request', id: 'r1', subject: 'v1.f.ex1.private.auth', data: '{"op":"auth"}', timeoutMs: 5000 },
    { op: 'request', id: 'r2', subject: 'x', data: '' },
    { op: 'pub', subject: 'x', data: 'hello' },
    { op: 'ping' },
  ];

  it('round-trip exactly', () => {
    for (const command of commands)
      expect(decodeNatsCommand(encodeNatsCommand(command))).toEqual({ ok: true, command });
  });

  it('explain what is wrong with a bad command', () => {
    expect(decodeNatsCommand('nope')).toEqual({ ok: false, problem: 'not JSON' });
    expect(decodeNatsCommand('[]')).toEqual({ ok: false, problem: 'not an object' });
    expect(decodeNatsCommand('{"op":"sub","sid":"a"}')).toMatchObject({ ok: false });
    expect(decodeNatsCommand('{"op":"request","id":"a","subject":"b","data":"c","timeoutMs":-1}')).toMatchObject({
      ok: false,
    });
    expect(decodeNatsCommand('{"op":"jump"}')).toEqual({ ok: false, problem: 'unknown op "jump"' });
  });
});

describe('NATS transport frames', () => {
  const frames: NatsFrame[] = [
    { op: 'msg', sid: 's1', subject: 'a.b', data: '{"x":1}' },
    { op: 'msg', sid: 's1', subject: 'a.b', data: '', reply: '_INBOX.abc' },
    { op: 'reply', id: 'r1', data: '{"success":true}' },
    { op: 'reply', id: 'r1', error: 'no responders' },
    { op: 'status', type: 'pong', rttMs: 3 },
    {
      op: 'status',
      type: 'error',
      data: 'Permissions Violation',
      sid: 's1',
      subject: 'a.b',
      operation: 'subscription',
    },
    { op: 'status', type: 'ldm' },
    { op: 'status', type: 'staleConnection' },
  ];

  it('round-trip exactly', () => {
    for (const frame of frames) expect(decodeNatsFrame(encodeNatsFrame(frame))).toEqual(frame);
  });

  it('reject anything else', () => {
    for (const text of [
      '',
      'x',
      'null',
      '{"op":"msg","sid":"a"}',
      '{"op":"reply","id":"a"}',
      '{"op":"status","type":"warp"}',
      '{"op":"other"}',
    ]) {
      expect(decodeNatsFrame(text)).toBeUndefined();
    }
  });
});

describe('JetStream commands and frames (desk mode)', () => {
  it('round-trip a js-sub of every kind, and the msg and js-ready frames', () => {
    const commands: NatsCommand[] = [
      { op: 'js-sub', sid: 'e', stream: 'VENUEBOARD', subject: 'vb.>', deliver: 'all' },
      { op: 'js-sub', sid: 's', stream: 'KV_X', subject: '$KV.X.>', deliver: 'last-per-subject' },
      { op: 'js-sub', sid: 'e', stream: 'S', subject: 'vb.>', deliver: 'time', startTime: 1_756_478_182_146 },
      { op: 'js-sub', sid: 'e', stream: 'S', subject: 'vb.>', deliver: 'seq', startSeq: 42 },
    ];
    for (const command of commands)
      expect(decodeNatsCommand(encodeNatsCommand(command))).toEqual({ ok: true, command });
    const frames: NatsFrame[] = [
      { op: 'msg', sid: 'e', subject: 'vb.a.fill', data: '{}', seq: 7, pending: 0 },
      { op: 'status', type: 'js-ready', sid: 'e', pending: 12 },
    ];
    for (const frame of frames) expect(decodeNatsFrame(encodeNatsFrame(frame))).toEqual(frame);
  });

  it('refuse a js-sub without its start, or with a start of the wrong kind', () => {
    expect(decodeNatsCommand('{"op":"js-sub","sid":"e","stream":"S","subject":"vb.>","deliver":"time"}')).toMatchObject(
      {
        ok: false,
      },
    );
    expect(
      decodeNatsCommand('{"op":"js-sub","sid":"e","stream":"S","subject":"vb.>","deliver":"seq","startSeq":0}'),
    ).toMatchObject({ ok: false });
    expect(
      decodeNatsCommand('{"op":"js-sub","sid":"e","stream":"S","subject":"vb.>","deliver":"first"}'),
    ).toMatchObject({
      ok: false,
    });
    expect(
      decodeNatsCommand('{"op":"js-sub","sid":"e","stream":"S T","subject":"vb.>","deliver":"all"}'),
    ).toMatchObject({
      ok: false,
    });
  });
});
