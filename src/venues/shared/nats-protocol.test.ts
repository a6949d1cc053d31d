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
