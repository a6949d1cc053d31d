import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../domain/events';
import { getAdapter } from '../../venues/registry';
import { FakeClock } from '../../venues/shared/testing/fake-clock';
import { FakeNatsSocket, FakeSocketFactory } from '../../venues/shared/testing/fake-socket';
import { config, fixtureText, sequence, TOKEN } from '../../venues/zdex/test-support';
import { IngestCore } from '../ingest-core';
import type { IngestBatch } from '../protocol';
import { frameLine, parseFrameLine, parseRecording, RECORDING_FORMAT, type RecordedFrame } from './format';
import { RecordingTap } from './recorder';

/** The recording format and the tap, on the ZDEX fixtures (the venue's documented payloads). */

function drain(core: IngestCore): IngestBatch[] {
  const out: IngestBatch[] = [];
  for (let batch = core.flush(); batch; batch = core.flush()) out.push(batch);
  return out;
}

const fillsOf = (batches: IngestBatch[]) =>
  batches
    .flatMap((b) => b.events)
    .filter((e): e is Extract<DomainEvent, { kind: 'fill' }> => e.kind === 'fill')
    .map(({ fill }) => ({ ...fill, connectionId: '' }));

/** A live ZDEX connection on a fake socket, recorded from its start: the lines and the events it made. */
function recordZdexSession(url = 'wss://api.zdex.world/ws') {
  const clock = new FakeClock();
  const sockets = new FakeSocketFactory();
  const core = new IngestCore({ getAdapter, socketFactory: sockets.create, clock });
  const lines: string[] = [];
  core.handle({ type: 'connect', config: config({ url }) });
  expect(core.startRecording('zdex-main', (line) => lines.push(line))).toBe(true);
  const socket = sockets.latest;
  socket.accept();
  clock.advance(5);
  socket.push(fixtureText('connected'));
  clock.advance(5);
  socket.push(fixtureText('authenticated'));
  for (const frame of sequence('sequence-taker-fill')) {
    clock.advance(10);
    socket.push(JSON.stringify(frame));
  }
  const batches = drain(core);
  core.stopRecording('zdex-main');
  core.dispose();
  return { lines, batches, socket };
}

describe('recording format', () => {
  it('every frame kind survives a line round trip', () => {
    const frames: RecordedFrame[] = [
      { t: 1, k: 'open' },
      { t: 2, k: 'in', text: '{"event":"connected"}\n' },
      { t: 3, k: 'nats', frame: { op: 'msg', sid: '1', subject: 'a.b', data: '{"x":1}', headers: { h: ['v'] } } },
      { t: 4, k: 'out', text: '{"action":"subscribe"}' },
      { t: 5, k: 'nats-out', command: { op: 'sub', sid: '1', subject: 'a.>' } },
      { t: 6, k: 'close', code: 4000, reason: 'silent' },
      { t: 7, k: 'rest', path: '/v5/x', query: { a: '1' }, result: { ok: true, status: 200, body: '{}' } },
      { t: 8, k: 'rest', path: '/v5/x', result: { ok: false, error: 'timeout' } },
    ];
    for (const frame of frames) expect(parseFrameLine(frameLine(frame))).toEqual(frame);
  });

  it('a recorded session: header first (venue, id, version, options, the shape of auth), then the frames in order with their receive times', () => {
    const { lines } = recordZdexSession();
    const parsed = parseRecording(lines.join('\n'));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.header).toMatchObject({
      format: RECORDING_FORMAT,
      version: 1,
      venue: 'zdex',
      connectionId: 'zdex-main',
      options: { symbols: ['BTCUSDT', 'ETHUSDT'] },
      authShape: { token: 'redacted' },
    });
    expect(parsed.malformed).toBe(0);
    const kinds = parsed.frames.map((f) => f.k);
    expect(kinds[0]).toBe('open');
    expect(kinds.filter((k) => k === 'in')).toHaveLength(2 + sequence('sequence-taker-fill').length);
    expect(kinds).toContain('out');
    const times = parsed.frames.map((f) => f.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBeGreaterThan(5);
  });

  it('replays to the same fills the live session produced, through the same session', () => {
    const { lines, batches } = recordZdexSession();
    const live = fillsOf(batches);
    expect(live.length).toBeGreaterThan(0);

    const clock = new FakeClock();
    const core = new IngestCore({ getAdapter, socketFactory: new FakeSocketFactory().create, clock });
    core.handle({ type: 'replay', connectionId: 'r', label: 'replay', recording: lines.join('\n'), speed: 'max' });
    clock.advance(100);
    const replayed = drain(core);
    expect(core.replayProgress('r')).toMatchObject({ done: true });
    expect(fillsOf(replayed)).toEqual(live);
    // The recording is over: the row says disconnected, not live (nothing more will come).
    expect(core.diagnostics('r')?.status).toBe('disconnected');
  });

  it('at 1x the frames keep their recorded spacing', () => {
    const { lines } = recordZdexSession();
    const clock = new FakeClock();
    const core = new IngestCore({ getAdapter, socketFactory: new FakeSocketFactory().create, clock });
    core.handle({ type: 'replay', connectionId: 'r', label: 'replay', recording: lines.join('\n'), speed: 1 });
    clock.advance(1);
    const total = core.replayProgress('r')!.frames;
    expect(core.replayProgress('r')!.delivered).toBeLessThan(total);
    clock.advance(10_000);
    expect(core.replayProgress('r')).toMatchObject({ done: true });
  });
});

describe('recording redaction (the attack: grep the file for the credential)', () => {
  it('the token sent in the auth frame, in the URL query and echoed by the venue is nowhere in the file', () => {
    const { lines, socket } = recordZdexSession(`wss://api.zdex.world/ws?token=${TOKEN}`);
    // The session did send it: the attack has something to find.
    expect(socket.sent.some((text) => text.includes(TOKEN))).toBe(true);
    const file = lines.join('\n');
    expect(file.includes(TOKEN)).toBe(false);
    expect(file).toContain('[redacted]');
  });

  it('a venue echoing the secret, a subprotocol token, a signature and a JWT sent are scrubbed too', () => {
    const clock = new FakeClock();
    const sockets = new FakeSocketFactory();
    const secret = 'sk-very-secret-value-123';
    const tap = new RecordingTap(
      () => ({ id: 'c', label: 'c', venue: 'zdex', url: 'wss://x', auth: { apiSecret: secret }, options: {} }),
      clock,
    );
    const lines: string[] = [];
    tap.start((line) => lines.push(line));
    const socket = tap.wrap(sockets.create)('wss://x/ws', ['bearer.protocol-token-xyz']);
    sockets.latest.accept();
    sockets.latest.push(`{"echo":"${secret}"}`);
    socket.send(JSON.stringify({ op: 'login', signature: 'abcdef0123456789', key: secret }));
    socket.send('{"op":"renew","bearer":"eyJhbGciOi.eyJzdWIiOiJ4In0.c2ln"}');
    socket.send('hello bearer.protocol-token-xyz');
    const file = lines.join('\n');
    for (const leak of [secret, 'abcdef0123456789', 'bearer.protocol-token-xyz', 'eyJhbGciOi.eyJzdWIiOiJ4In0'])
      expect(file.includes(leak), leak).toBe(false);
  });

  it('a NATS command payload (JSON inside a string) is scrubbed', () => {
    const clock = new FakeClock();
    const nats = new FakeNatsSocket('wss://n', undefined);
    const tap = new RecordingTap(
      () => ({
        id: 'c',
        label: 'c',
        venue: 'coinswitch',
        url: 'wss://n',
        auth: { apiKey: 'key-0123456789' },
        options: {},
      }),
      clock,
    );
    const lines: string[] = [];
    tap.start((line) => lines.push(line));
    const socket = tap.wrap(() => nats)('wss://n');
    nats.accept();
    socket.sendNats?.({
      op: 'request',
      id: '1',
      subject: 'auth',
      data: '{"apiKey":"key-0123456789","token":"t-987654"}',
    });
    expect(nats.commands).toHaveLength(1);
    const file = lines.join('\n');
    expect(file.includes('key-0123456789')).toBe(false);
    expect(file.includes('t-987654')).toBe(false);
    expect(file).toContain('nats-out');
  });
});

describe('malformed recording lines', () => {
  const header = JSON.stringify({
    format: RECORDING_FORMAT,
    version: 1,
    venue: 'zdex',
    connectionId: 'z',
    label: 'z',
    options: { symbols: ['BTCUSDT'] },
    authShape: { token: 'redacted' },
    startedAt: 1,
  });

  it('are counted, described and skipped; the good lines around them still count', () => {
    const text = [
      header,
      '{"t":1,"k":"open"}',
      'not json at all',
      '{"t":2,"k":"in"}',
      '{"k":"in","text":"{}"}',
      '{"t":3,"k":"teleport"}',
      '[1,2]',
      '',
      '{"t":4,"k":"in","text":"{}"}',
    ].join('\n');
    const parsed = parseRecording(text);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.frames.map((f) => f.t)).toEqual([1, 4]);
    expect(parsed.malformed).toBe(5);
    expect(parsed.problems).toEqual([
      'line 3: not JSON',
      'line 4: "in" without text',
      'line 5: no receive time',
      'line 6: unknown kind "teleport"',
      'line 7: not an object',
    ]);
  });

  it('a replay shows the count on the connection (malformed total and an error line)', () => {
    const { lines } = recordZdexSession();
    lines.splice(3, 0, '{{{', 'garbage');
    const clock = new FakeClock();
    const core = new IngestCore({ getAdapter, socketFactory: new FakeSocketFactory().create, clock });
    core.handle({ type: 'replay', connectionId: 'r', label: 'replay', recording: lines.join('\n'), speed: 'max' });
    clock.advance(100);
    const diagnostics = core.diagnostics('r');
    expect(diagnostics?.malformedTotal).toBe(2);
    expect(diagnostics?.errors.map((e) => e.message).join('\n')).toContain('2 malformed lines skipped');
    expect(fillsOf(drain(core)).length).toBeGreaterThan(0);
  });

  it('a file that is not a recording (or of another version) is refused with a reason, on the connection', () => {
    expect(parseRecording('')).toEqual({ ok: false, error: 'the recording is empty' });
    expect(parseRecording('{"format":"other"}')).toMatchObject({ ok: false });
    const newer = parseRecording(header.replace('"version":1', '"version":9'));
    expect(newer).toMatchObject({ ok: false, error: expect.stringContaining('version 9 is not supported') });
    const core = new IngestCore({ getAdapter, socketFactory: new FakeSocketFactory().create, clock: new FakeClock() });
    core.handle({ type: 'replay', connectionId: 'r', label: 'replay', recording: 'hello', speed: 'max' });
    expect(core.diagnostics('r')).toMatchObject({
      status: 'error',
      reason: 'cannot replay: the first line is not JSON',
    });
  });
});

describe('replay of a connection the keyring relay bridges (Roxom)', () => {
  it('keeps the shape of the URL and of the keyring reference, never its token, and the adapter accepts it', () => {
    const pairing = 'pairing-token-0123456789';
    const clock = new FakeClock();
    const sockets = new FakeSocketFactory();
    const core = new IngestCore({ getAdapter, socketFactory: sockets.create, clock });
    const lines: string[] = [];
    core.handle({
      type: 'connect',
      config: {
        id: 'roxom-main',
        label: 'Roxom',
        venue: 'roxom',
        url: 'ws://127.0.0.1:8787/ws/roxom-main',
        auth: { keyring: { url: 'http://127.0.0.1:8787', id: 'roxom-main', token: pairing } },
        options: {},
      },
    });
    expect(core.startRecording('roxom-main', (line) => lines.push(line))).toBe(true);
    sockets.latest.accept();
    core.stopRecording('roxom-main');
    core.dispose();
    const file = lines.join('\n');
    expect(file.includes(pairing)).toBe(false);
    const parsed = parseRecording(file);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.header.urlShape).toBe('ws://127.0.0.1:8787/ws/roxom-main');
    expect(parsed.header.authShape).toEqual({
      keyring: { url: 'http://127.0.0.1:8787/', id: 'roxom-main', token: 'redacted' },
    });

    const replay = new IngestCore({ getAdapter, socketFactory: new FakeSocketFactory().create, clock });
    replay.handle({ type: 'replay', connectionId: 'r', label: 'replay', recording: file, speed: 'max' });
    clock.advance(100);
    expect(replay.diagnostics('r')?.reason ?? '').not.toContain('invalid connection settings');
    expect(replay.replayProgress('r')).toMatchObject({ done: true });
  });
});
